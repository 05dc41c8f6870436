import { domainError } from '../../shared/index.js';
import { proceed, type InteractiveContent, type MediaContent, type MessageRecord, type SendStage, type SendVerdict } from '../../messaging/index.js';
import { mediaAlive, type MediaKind } from '../domain/media.model.js';
import { mediaMimeTypes } from '../domain/media.policy.js';
import type { MediaRepository } from '../ports.js';

const mediaTypes: ReadonlySet<string> = new Set<MediaKind>(['image', 'video', 'audio', 'document', 'sticker']);

interface MediaReference {
  readonly parameter: string;
  readonly kind: MediaKind;
  readonly id: string;
}

/** The uploaded media a message refers to by id, with the parameter that named it. */
function mediaReference(type: string, content: Readonly<Record<string, unknown>>): MediaReference | undefined {
  if (mediaTypes.has(type)) {
    const id = (content as MediaContent).id;
    return id === undefined ? undefined : { parameter: `${type}['id']`, kind: type as MediaKind, id };
  }
  if (type === 'interactive') {
    const header = (content as Partial<InteractiveContent>).header;
    if (header === undefined || header.type === 'text' || header.media.id === undefined) return undefined;
    return { parameter: `interactive['header']['${header.type}']['id']`, kind: header.type, id: header.media.id };
  }
  return undefined;
}

/**
 * A media message sent by id needs an id of the business's own, neither deleted nor expired: any
 * other id is refused on the call (100). An id of another kind of media (a PDF sent as an image)
 * is accepted and then fails with 131053, as the Cloud API's media processing does.
 */
export function mediaIdStage(media: MediaRepository): SendStage {
  return {
    name: 'media-id',
    check({ message, now }) {
      const reference = mediaReference(message.type, message.content);
      return reference === undefined ? proceed : checkMediaId(media, message, reference, now);
    },
  };
}

/** The id must name live media of the sender's business, of a kind the message type takes. */
async function checkMediaId(media: MediaRepository, message: MessageRecord, reference: MediaReference, now: number): Promise<SendVerdict> {
  const found = await media.findMedia(reference.id);
  if (found === undefined || found.businessId !== message.businessId || !mediaAlive(found, now)) {
    return { outcome: 'refuse', error: domainError('MEDIA_ID_INVALID', `Param ${reference.parameter} is not a valid whatsapp business account media attachment ID`) };
  }
  if (found.kind !== reference.kind && reference.kind !== 'document') {
    return {
      outcome: 'fail',
      errorCode: 131053,
      details: `Media ${found.id} is ${found.mimeType}; ${reference.kind === 'image' || reference.kind === 'audio' ? 'an' : 'a'} ${reference.kind} takes ${mediaMimeTypes[reference.kind].join(', ')}.`,
    };
  }
  return proceed;
}
