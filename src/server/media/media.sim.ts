/**
 * A simulated user sends a photo, a video, a voice note, a document or a sticker:
 * `POST /sim/users/{wa_id}/media`, multipart, the file in a part named after its kind (or `file`
 * with a `kind` field). The business gets the `messages` webhook with a media id that the Graph
 * media routes serve to the business's token.
 */
import multipart from '@fastify/multipart';
import { Type } from 'typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { receiveMessage, type InboundMediaContent } from '../../core/messaging/index.js';
import { deleteMedia, isAnimatedWebp, kindOfMimeType, mediaFileProblem, mediaSizeLimits, normalMimeType, planMedia, type MediaKind } from '../../core/media/index.js';
import { domainError, unitOf, type DomainError } from '../../core/shared/index.js';
import { sendDomainError } from '../errors.js';
import { receivedAnswer } from '../sim/message.view.js';
import { businessNumberId, receiveDeps, writingUser } from '../sim/sim-senders.js';
import type { MediaContext } from './media.graph.js';
import { mediaMultipartLimits, receiveForm } from './multipart-media.js';

const kinds: readonly MediaKind[] = ['image', 'video', 'audio', 'document', 'sticker'];

/** What a phone guesses from a file name when the file came without a type. */
const byExtension: Readonly<Record<string, string>> = {
  jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp', mp4: 'video/mp4', '3gp': 'video/3gpp', aac: 'audio/aac', amr: 'audio/amr',
  mp3: 'audio/mpeg', m4a: 'audio/mp4', ogg: 'audio/ogg', opus: 'audio/ogg', txt: 'text/plain', pdf: 'application/pdf', doc: 'application/msword',
  xls: 'application/vnd.ms-excel', ppt: 'application/vnd.ms-powerpoint', docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
};

export function mimeTypeOf(given: string | undefined, filename: string): string {
  const normal = normalMimeType(given ?? '');
  if (normal !== '' && normal !== 'application/octet-stream') return normal;
  return byExtension[filename.split('.').pop()?.toLowerCase() ?? ''] ?? (normal || 'application/octet-stream');
}

const invalid = (details: string): DomainError => domainError('PARAMETER_INVALID', details);

export function mediaSimRoutes(context: MediaContext) {
  const { services, storage } = context;
  return async (instance: FastifyInstance): Promise<void> => {
    await instance.register(async (scope) => {
      await scope.register(multipart, { limits: mediaMultipartLimits, throwFileSizeLimit: false });
      const app = scope.withTypeProvider<TypeBoxTypeProvider>();
      app.post('/sim/users/:waId/media', { config: { access: 'agent' }, schema: { params: Type.Object({ waId: Type.String({ minLength: 1, maxLength: 32 }) }) } }, async (request, reply) => {
        const user = writingUser(services, request.params.waId);
        if (!user.ok) return sendDomainError(reply, user.error);
        if (!request.isMultipart()) return sendDomainError(reply, invalid('Send the file as multipart/form-data, in a part named image, video, audio, document or sticker.'));
        const { fields, file } = await receiveForm(request, storage);
        const refuse = async (error: DomainError): Promise<FastifyReply> => {
          if (file !== undefined) await storage.discard(file.staged);
          return sendDomainError(reply, error);
        };
        if (file === undefined) return refuse(domainError('PARAMETER_MISSING', 'The multipart body has no file: send it in a part named image, video, audio, document or sticker.'));
        const mimeType = mimeTypeOf(fields['type'] ?? file.mimetype, file.filename);
        const named = kinds.find((kind) => kind === file.fieldname || kind === fields['kind']);
        const kind = named ?? kindOfMimeType(mimeType);
        if (kind === undefined) return refuse(invalid(`Say what the user sends: name the file part image, video, audio, document or sticker (a ${mimeType} file is none of them).`));
        // Any file goes as a document, up to 100 MB; the other kinds take their own types and sizes.
        if (kind === 'document') {
          if (file.exceeded || file.staged.size > mediaSizeLimits.document) return refuse(invalid('WhatsApp does not send documents over 100 MB.'));
          if (file.staged.size === 0) return refuse(invalid('The file is empty.'));
        } else {
          if (kindOfMimeType(mimeType) !== kind) return refuse(invalid(`A ${mimeType} file cannot be sent as ${kind === 'image' || kind === 'audio' ? 'an' : 'a'} ${kind}.`));
          const problem = mediaFileProblem(mimeType, file.staged.size, file.staged.head, file.exceeded);
          if (problem !== undefined) return refuse(invalid(problem.details));
        }
        const caption = fields['caption'];
        if (caption !== undefined && (kind === 'audio' || kind === 'sticker')) return refuse(invalid(`${kind === 'audio' ? 'An audio' : 'A sticker'} message has no caption.`));
        if (caption !== undefined && caption.length > 1024) return refuse(invalid('A caption has at most 1,024 characters.'));
        const phoneNumberId = await businessNumberId(services, request, fields['to']);
        if (!phoneNumberId.ok) return refuse(phoneNumberId.error);
        const number = await services.accounts.findPhoneNumber(phoneNumberId.value);
        if (number === undefined) return refuse(domainError('NODE_NOT_FOUND', `No phone number with id '${phoneNumberId.value}'.`));

        const filename = fields['filename'] ?? (file.filename === '' ? undefined : file.filename);
        const planned = planMedia(
          services.ids,
          { businessId: number.businessId, wabaId: number.wabaId, phoneNumberId: number.id, origin: 'inbound', kind, mimeType, filename: filename ?? null, staged: file.staged },
          services.clock.now(),
        );
        await storage.keep(file.staged, planned.media.storageKey);
        await services.committer.commit({ records: planned.records });
        const content: InboundMediaContent = {
          ...(caption === undefined || caption === '' ? {} : { caption }),
          ...(kind === 'document' ? { filename: filename ?? `${planned.media.id}.${mimeType.split('/')[1] ?? 'bin'}` } : {}),
          mime_type: mimeType,
          sha256: planned.media.sha256,
          id: planned.media.id,
          ...(kind === 'audio' ? { voice: fields['voice'] === 'true' || fields['voice'] === '1' } : {}),
          ...(kind === 'sticker' ? { animated: isAnimatedWebp(file.staged.head) } : {}),
        };
        const result = await receiveMessage(receiveDeps(services), {
          phoneNumberId: number.id,
          from: user.value.waId,
          profileName: fields['name'] ?? user.value.profileName,
          payload: { type: kind, content },
          ...(fields['context'] === undefined ? {} : { contextWamid: fields['context'] }),
        });
        if (!result.ok) return sendDomainError(reply, result.error);
        if (result.value.withheld !== undefined) {
          // The business never gets the message (it blocked the user), so it does not keep the file either.
          await services.committer.commit(unitOf(deleteMedia(planned.media, services.clock.now())));
          return reply.send(receivedAnswer(result.value));
        }
        return reply.send({ ...receivedAnswer(result.value), media_id: planned.media.id });
      });
    });
  };
}
