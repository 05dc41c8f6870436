import type { MediaObject } from '../../../wire/index.js';
import { fail, ok, type DomainError } from '../../shared/index.js';
import type { MediaContent } from '../domain/content.model.js';
import type { MessageComposer } from '../composers.js';
import { characters, firstProblem, invalid, isWebUrl, lengthProblem, malformed, missing } from './checks.js';

export type MediaType = 'image' | 'video' | 'audio' | 'document' | 'sticker';

const captioned: ReadonlySet<MediaType> = new Set(['image', 'video', 'document']);

/**
 * The shape of a media object, for a message or an interactive header: exactly one of `id` and
 * `link`, a link being an http(s) URL. Whether the id exists or the link answers is the media
 * module's business, later in the send.
 */
export function mediaReferenceProblem(parameter: string, media: { readonly id?: string | undefined; readonly link?: string | undefined }): DomainError | undefined {
  if (media.id !== undefined && media.link !== undefined) return invalid(`Param ${parameter} must have either an id or a link, not both.`);
  if (media.id === undefined && media.link === undefined) return missing(`${parameter}['id'] or ${parameter}['link']`);
  if (media.id !== undefined && media.id.trim().length === 0) return invalid(`Param ${parameter}['id'] must not be empty.`);
  if (media.link !== undefined && !isWebUrl(media.link)) return malformed(`Param ${parameter}['link'] is not a valid URL`);
  return undefined;
}

function problem(type: MediaType, media: MediaObject): DomainError | undefined {
  return firstProblem(
    () => mediaReferenceProblem(type, media),
    () => (media.caption !== undefined && !captioned.has(type) ? invalid(`Param ${type}['caption'] is not allowed: only image, video and document messages have a caption.`) : undefined),
    () => (media.caption === undefined ? undefined : lengthProblem('Caption', media.caption, 1024, 0)),
    () => (media.filename !== undefined && type !== 'document' ? invalid(`Param ${type}['filename'] is not allowed: only document messages have a file name.`) : undefined),
    () => (media.filename !== undefined && (characters(media.filename) > 240 || media.filename.trim().length === 0) ? invalid('Filename length invalid. Min length: 1, Max length: 240') : undefined),
  );
}

/** image, video, audio, document and sticker messages, sent by uploaded id or by link. */
export function mediaComposer(type: MediaType): MessageComposer {
  return {
    type,
    compose({ body }) {
      const media = body[type];
      if (media === undefined) return Promise.resolve(fail(missing(type)));
      const found = problem(type, media);
      if (found !== undefined) return Promise.resolve(fail(found));
      const content: MediaContent = {
        ...(media.id === undefined ? {} : { id: media.id }),
        ...(media.link === undefined ? {} : { link: media.link }),
        ...(media.caption === undefined || media.caption === '' ? {} : { caption: media.caption }),
        ...(media.filename === undefined ? {} : { filename: media.filename }),
      };
      return Promise.resolve(ok({ type, content: { ...content }, category: 'service' }));
    },
  };
}

export const mediaComposers: readonly MessageComposer[] = (['image', 'video', 'audio', 'document', 'sticker'] as const).map(mediaComposer);
