import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  readonly headers: IncomingHttpHeaders;
  /** Exactly the bytes received, as text. */
  readonly raw: string;
  readonly json: unknown;
}

/**
 * A real HTTP receiver: answers Meta's GET verification with the challenge when the verify token
 * matches, and records every POST. `next` waits for a matching webhook without sleeping.
 */
export class WebhookSink {
  readonly received: ReceivedWebhook[] = [];
  verifyToken = 'sink-verify-token';
  /** What POSTs are answered with; set to 500 to make deliveries fail. */
  status = 200;
  readonly #server: Server;
  readonly #waiters: { predicate: (webhook: ReceivedWebhook) => boolean; resolve: (webhook: ReceivedWebhook) => void }[] = [];

  private constructor(server: Server) {
    this.#server = server;
  }

  static async start(port = 0): Promise<WebhookSink> {
    const server = createServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://sink');
      if (request.method === 'GET') {
        const ok = url.searchParams.get('hub.mode') === 'subscribe' && url.searchParams.get('hub.verify_token') === sink.verifyToken;
        response.writeHead(ok ? 200 : 403, { 'content-type': 'text/plain' }).end(ok ? (url.searchParams.get('hub.challenge') ?? '') : 'forbidden');
        return;
      }
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const webhook: ReceivedWebhook = { headers: request.headers, raw, json: JSON.parse(raw) as unknown };
        response.writeHead(sink.status).end();
        if (sink.status >= 300) return;
        sink.received.push(webhook);
        for (const waiter of [...sink.waiters]) {
          if (waiter.predicate(webhook)) {
            sink.waiters.splice(sink.waiters.indexOf(waiter), 1);
            waiter.resolve(webhook);
          }
        }
      });
    });
    const sink: WebhookSink = new WebhookSink(server);
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    return sink;
  }

  get waiters(): { predicate: (webhook: ReceivedWebhook) => boolean; resolve: (webhook: ReceivedWebhook) => void }[] {
    return this.#waiters;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/webhook`;
  }

  get port(): number {
    return (this.#server.address() as AddressInfo).port;
  }

  /** Resolves with the first webhook (already received or yet to come) that matches. */
  next(predicate: (webhook: ReceivedWebhook) => boolean, timeoutMs = 10_000): Promise<ReceivedWebhook> {
    const already = this.received.find(predicate);
    if (already !== undefined) return Promise.resolve(already);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no matching webhook arrived')), timeoutMs);
      this.#waiters.push({
        predicate,
        resolve: (webhook) => {
          clearTimeout(timer);
          resolve(webhook);
        },
      });
    });
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

interface StatusLike {
  readonly id: string;
  readonly status: string;
  readonly timestamp: string;
  readonly errors?: readonly { readonly code: number }[];
}

interface EnvelopeLike {
  readonly entry: readonly { readonly changes: readonly { readonly value: { readonly statuses?: readonly StatusLike[]; readonly messages?: readonly { readonly id: string; readonly text?: { readonly body: string } }[] } }[] }[];
}

export function statusesOf(webhook: ReceivedWebhook): StatusLike[] {
  return (webhook.json as EnvelopeLike).entry.flatMap((entry) => entry.changes.flatMap((change) => change.value.statuses ?? []));
}

export function messagesOf(webhook: ReceivedWebhook): { id: string; text?: { body: string } }[] {
  return (webhook.json as EnvelopeLike).entry.flatMap((entry) => entry.changes.flatMap((change) => change.value.messages ?? []));
}

export function isStatus(wamid: string, status: string) {
  return (webhook: ReceivedWebhook): boolean => statusesOf(webhook).some((entry) => entry.id === wamid && entry.status === status);
}
