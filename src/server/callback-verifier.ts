import { randomBytes } from 'node:crypto';
import { fail, ok, type Result } from '../core/shared/index.js';
import type { CallbackVerifier } from '../core/accounts/index.js';
import { callCallback, maxAnswerBytes } from './callback-http.js';
import { refusedCallback, type CallbackPolicy } from './callback-policy.js';

/**
 * Meta's verification request: GET with hub.mode, hub.challenge and hub.verify_token; 200 with the
 * bare challenge passes. At most `maxAnswerBytes` of the answer are read.
 */
export function httpCallbackVerifier(policy: CallbackPolicy, timeoutMs = 5_000): CallbackVerifier {
  return {
    async verify(callbackUrl: string, verifyToken: string): Promise<Result<void, string>> {
      const refused = await refusedCallback(callbackUrl, policy);
      if (refused !== undefined) return fail(`the callback is refused: ${refused}`);
      const challenge = String(randomBytes(4).readUInt32BE(0));
      let url: URL;
      try {
        url = new URL(callbackUrl);
      } catch {
        return fail(`${callbackUrl} is not a URL`);
      }
      url.searchParams.set('hub.mode', 'subscribe');
      url.searchParams.set('hub.challenge', challenge);
      url.searchParams.set('hub.verify_token', verifyToken);
      try {
        // Redirects are not followed: the URL that passed the checks is the one called.
        const answer = await callCallback({ method: 'GET', url, headers: { 'user-agent': 'facebookplatform/1.0 (+http://developers.facebook.com)' }, timeoutMs, connection: 'own' });
        if (answer.status !== 200) return fail(`the callback answered HTTP ${answer.status}`);
        if (answer.cutOff) return fail(`the callback answered with more than ${maxAnswerBytes} bytes; the answer to the handshake is the bare hub.challenge, a short number.`);
        if (answer.body.trim() !== challenge) return fail('the response did not match the challenge');
        return ok(undefined);
      } catch (error) {
        return fail(`the callback could not be reached (${error instanceof Error ? error.message : String(error)})`);
      }
    },
  };
}
