/**
 * Meta's media rules (developers.facebook.com/docs/whatsapp/cloud-api/reference/media): the MIME
 * types each kind of media accepts, its size limit, and how long an id lives.
 */
import type { MediaKind, MediaOrigin } from './media.model.js';

const day = 24 * 60 * 60 * 1000;

/** Uploaded media live 30 days; media ids of users' messages 7 days. */
export const mediaLifetimeMs: Readonly<Record<MediaOrigin, number>> = { upload: 30 * day, inbound: 7 * day };

/** A retrieved URL is good for 5 minutes. */
export const mediaUrlLifetimeMs = 5 * 60 * 1000;

const megabytes = 1024 * 1024;
const kilobytes = 1024;

export const mediaMimeTypes: Readonly<Record<MediaKind, readonly string[]>> = {
  audio: ['audio/aac', 'audio/amr', 'audio/mpeg', 'audio/mp4', 'audio/ogg'],
  document: [
    'text/plain',
    'application/pdf',
    'application/msword',
    'application/vnd.ms-excel',
    'application/vnd.ms-powerpoint',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  ],
  image: ['image/jpeg', 'image/png'],
  sticker: ['image/webp'],
  video: ['video/mp4', 'video/3gpp'],
};

/** The largest file of each kind; a sticker's limit depends on whether it is animated. */
export const mediaSizeLimits: Readonly<Record<MediaKind, number>> = {
  audio: 16 * megabytes,
  document: 100 * megabytes,
  image: 5 * megabytes,
  sticker: 500 * kilobytes,
  video: 16 * megabytes,
};

export const staticStickerLimit = 100 * kilobytes;

/** The largest file Kabar reads from anyone: the largest limit of any kind. */
export const largestMediaBytes = Math.max(...Object.values(mediaSizeLimits));

/** Every accepted MIME type, in the order Meta's error lists them. */
export const acceptedMimeTypes: readonly string[] = Object.values(mediaMimeTypes).flat();

/** `image/JPEG; charset=…` → `image/jpeg`. */
export function normalMimeType(value: string): string {
  return (value.split(';')[0] ?? '').trim().toLowerCase();
}

/** The kind a MIME type uploads as, or undefined when the Cloud API takes no such file. */
export function kindOfMimeType(mimeType: string): MediaKind | undefined {
  const normal = normalMimeType(mimeType);
  for (const [kind, types] of Object.entries(mediaMimeTypes) as [MediaKind, readonly string[]][]) if (types.includes(normal)) return kind;
  return undefined;
}

/** An animated WebP announces itself in its VP8X header: bit 1 of the flags byte. */
export function isAnimatedWebp(head: Uint8Array): boolean {
  const ascii = (from: number, to: number): string => String.fromCharCode(...head.subarray(from, to));
  return head.length >= 21 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP' && ascii(12, 16) === 'VP8X' && ((head[20] ?? 0) & 0x02) !== 0;
}

/** The size limit of a file of this kind, given its first bytes. */
export function sizeLimitOf(kind: MediaKind, head: Uint8Array): number {
  return kind === 'sticker' && !isAnimatedWebp(head) ? staticStickerLimit : mediaSizeLimits[kind];
}

function human(bytes: number): string {
  return bytes >= megabytes ? `${bytes / megabytes} MB` : `${bytes / kilobytes} KB`;
}

export type MediaFileProblem =
  | { readonly problem: 'type'; readonly details: string }
  | { readonly problem: 'size'; readonly details: string };

/** Why a file of this MIME type and size cannot be media, or undefined when it can. */
export function mediaFileProblem(mimeType: string, size: number, head: Uint8Array, exceeded: boolean): MediaFileProblem | undefined {
  const kind = kindOfMimeType(mimeType);
  if (kind === undefined) {
    return { problem: 'type', details: `Param file must be a file with one of the following types: ${acceptedMimeTypes.join(', ')}. Received file of type '${normalMimeType(mimeType) || 'application/octet-stream'}'.` };
  }
  const limit = sizeLimitOf(kind, head);
  if (exceeded || size > limit) return { problem: 'size', details: `The file is ${size} bytes, more than the ${human(limit)} limit of ${kind === 'image' || kind === 'audio' ? 'an' : 'a'} ${kind} (${normalMimeType(mimeType)}).` };
  if (size === 0) return { problem: 'size', details: 'The file is empty.' };
  return undefined;
}
