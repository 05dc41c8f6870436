import { createHash } from 'node:crypto';
import stableStringify from 'safe-stable-stringify';

/** The request as a digest independent of key order and of the access token it may carry. */
export function requestFingerprint(body: unknown): string {
  const withoutToken = body !== null && typeof body === 'object' && !Array.isArray(body) ? Object.fromEntries(Object.entries(body).filter(([name]) => name !== 'access_token')) : body;
  return createHash('sha256').update(stableStringify(withoutToken ?? null) ?? '').digest('hex');
}
