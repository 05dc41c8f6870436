import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { KeyGenerator, type Clock, type Credentials, type IdSource } from '../core/shared/index.js';

/** Tokens, secrets and ids from the operating system's CSPRNG. */
export const systemCredentials: Credentials = {
  newToken: () => `KBR${randomBytes(30).toString('base64url')}`,
  newSecret: () => randomBytes(16).toString('hex'),
  hashToken: (token) => createHash('sha256').update(token).digest('hex'),
};

export interface SystemIds extends IdSource {
  /** Continue after the highest key already stored, so that no key is issued twice across restarts. */
  resumeAfter(key: string | undefined): void;
}

/** `nodeTag`: this node's tag among the Kabar nodes sharing its database (`KABAR_NODE_TAG`). */
export function systemIds(clock: Clock, nodeTag?: number): SystemIds {
  const keys = new KeyGenerator(clock, () => randomInt(0, 2 ** 32) / 2 ** 32, nodeTag);
  return {
    resumeAfter: (key) => keys.resumeAfter(key),
    key: () => keys.next(),
    nodeId: () => `${randomInt(100_000, 1_000_000)}${randomInt(0, 1_000_000_000).toString().padStart(9, '0')}`,
  };
}

export function signatureHeaders(secret: string, body: string): { 'x-hub-signature-256': string; 'x-hub-signature': string } {
  return {
    'x-hub-signature-256': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`,
    'x-hub-signature': `sha1=${createHmac('sha1', secret).update(body).digest('hex')}`,
  };
}

/** Compares secrets in constant time (hashing first makes the lengths equal). */
export function safeEqual(left: string, right: string): boolean {
  const leftDigest = createHash('sha256').update(left).digest();
  const rightDigest = createHash('sha256').update(right).digest();
  return timingSafeEqual(leftDigest, rightDigest);
}
