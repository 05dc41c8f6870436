import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signs the URLs Kabar hands out (media downloads, QR code images, Flow assets and previews) with
 * HMAC-SHA256 under a secret Kabar keeps in its settings, and checks a signature in constant time.
 */
export class UrlSigner {
  readonly #secret: string;

  constructor(secret: string) {
    this.#secret = secret;
  }

  sign(text: string): string {
    return createHmac('sha256', this.#secret).update(text).digest('base64url');
  }

  verify(text: string, signature: string): boolean {
    const expected = Buffer.from(this.sign(text));
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}
