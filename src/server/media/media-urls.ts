import type { FastifyRequest } from 'fastify';
import { mediaUrlLifetimeMs } from '../../core/media/index.js';
import { UrlSigner } from '../url-signer.js';

/** Where a retrieved media URL points, on Kabar's own origin (the shape of Meta's lookaside URLs). */
export const downloadPath = '/whatsapp_business/attachments/';

/**
 * Signs and checks download URLs: a URL names a media id and when it stops working (5 minutes of
 * the platform clock after it was handed out), signed with a secret Kabar keeps in its settings.
 */
export class MediaUrls {
  readonly #signer: UrlSigner;

  constructor(secret: string) {
    this.#signer = new UrlSigner(secret);
  }

  /** An absolute URL on the origin the request came to. */
  url(request: FastifyRequest, mediaId: string, now: number): string {
    const expiresAt = now + mediaUrlLifetimeMs;
    const query = new URLSearchParams({ mid: mediaId, ext: String(expiresAt), hash: this.#signer.sign(`${mediaId}:${expiresAt}`) });
    return `${request.protocol}://${request.host}${downloadPath}?${query.toString()}`;
  }

  /** Whether a URL's parameters are Kabar's own and still good at `now`. */
  valid(mediaId: string, expiresAt: string, hash: string, now: number): boolean {
    const at = Number(expiresAt);
    if (!Number.isSafeInteger(at) || at <= now) return false;
    return this.#signer.verify(`${mediaId}:${at}`, hash);
  }
}
