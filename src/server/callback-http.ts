import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/**
 * Kabar reads at most this much of a callback's answer. The handshake's answer is the bare
 * `hub.challenge`, a short number; a delivery's answer is ignored apart from its status.
 */
export const maxAnswerBytes = 4 * 1024;

export interface CallbackRequest {
  readonly method: 'GET' | 'POST';
  readonly url: URL;
  readonly headers: Readonly<Record<string, string | number>>;
  readonly body?: string;
  /** A deadline for the whole exchange, answer included. */
  readonly timeoutMs: number;
  /** Deliveries share keep-alive connections; the handshake opens one of its own and closes it. */
  readonly connection: 'keep-alive' | 'own';
}

export interface CallbackAnswer {
  readonly status: number;
  /** At most the first `maxAnswerBytes` of the body. */
  readonly body: string;
  /** The body was longer than `maxAnswerBytes`: Kabar stopped reading and closed the connection. */
  readonly cutOff: boolean;
}

const agents = { http: new HttpAgent({ keepAlive: true, maxSockets: 64 }), https: new HttpsAgent({ keepAlive: true, maxSockets: 64 }) };

/**
 * One request to a tenant's callback, bounded in time and in memory. The deadline covers the whole
 * exchange, not only silence, so a receiver that trickles is cut off too. An answer longer than
 * `maxAnswerBytes` is cut off at once: its connection is closed, since the rest would have to be
 * read before the connection could carry another request. Redirects are never followed.
 */
export function callCallback(request: CallbackRequest): Promise<CallbackAnswer> {
  const secure = request.url.protocol === 'https:';
  const send = secure ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const outgoing = send(
      request.url,
      {
        method: request.method,
        agent: request.connection === 'own' ? false : secure ? agents.https : agents.http,
        timeout: request.timeoutMs,
        headers: request.headers,
      },
      (response) => {
        const chunks: Buffer[] = [];
        let received = 0;
        const answer = (cutOff: boolean): CallbackAnswer => ({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), cutOff });
        const cutOff = (): void => {
          resolve(answer(true));
          outgoing.destroy();
        };
        if (Number(response.headers['content-length']) > maxAnswerBytes) {
          cutOff();
          return;
        }
        response.on('data', (chunk: Buffer) => {
          if (received < maxAnswerBytes) chunks.push(chunk.subarray(0, maxAnswerBytes - received));
          received += chunk.length;
          if (received > maxAnswerBytes) cutOff();
        });
        response.on('end', () => resolve(answer(false)));
        response.on('error', reject);
      },
    );
    const deadline = setTimeout(() => outgoing.destroy(new Error(`no complete answer within ${request.timeoutMs} ms`)), request.timeoutMs);
    outgoing.on('close', () => clearTimeout(deadline));
    outgoing.on('timeout', () => outgoing.destroy(new Error(`no answer within ${request.timeoutMs} ms`)));
    outgoing.on('error', reject);
    outgoing.end(request.body);
  });
}
