/**
 * A webhook receiver living in the load-generator process: answers Meta's hub.challenge handshake
 * and 200 to every delivery, counting the statuses it is told about.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SinkCounts {
  deliveries: number;
  handshakes: number;
  badBodies: number;
  readonly statuses: Record<string, number>;
  inboundMessages: number;
}

export interface WebhookSink {
  readonly url: string;
  readonly verifyToken: string;
  readonly counts: SinkCounts;
  reset(): void;
  close(): Promise<void>;
}

interface WebhookBody {
  readonly entry?: readonly { readonly changes?: readonly { readonly value?: { readonly statuses?: readonly { readonly status?: string }[]; readonly messages?: readonly unknown[] } }[] }[];
}

function emptyCounts(): SinkCounts {
  return { deliveries: 0, handshakes: 0, badBodies: 0, statuses: {}, inboundMessages: 0 };
}

export async function startWebhookSink(verifyToken: string): Promise<WebhookSink> {
  let counts = emptyCounts();
  const handle = (request: IncomingMessage, response: ServerResponse): void => {
    if (request.method === 'GET') {
      const query = new URL(request.url ?? '/', 'http://sink').searchParams;
      if (query.get('hub.mode') === 'subscribe' && query.get('hub.verify_token') === verifyToken) {
        counts.handshakes += 1;
        response.writeHead(200, { 'content-type': 'text/plain' }).end(query.get('hub.challenge') ?? '');
      } else {
        response.writeHead(403).end();
      }
      return;
    }
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      counts.deliveries += 1;
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as WebhookBody;
        for (const entry of body.entry ?? []) {
          for (const change of entry.changes ?? []) {
            for (const status of change.value?.statuses ?? []) {
              const name = status.status ?? 'unknown';
              counts.statuses[name] = (counts.statuses[name] ?? 0) + 1;
            }
            counts.inboundMessages += change.value?.messages?.length ?? 0;
          }
        }
      } catch {
        counts.badBodies += 1;
      }
      response.writeHead(200).end();
    });
  };
  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhook`,
    verifyToken,
    get counts() {
      return counts;
    },
    reset() {
      counts = emptyCounts();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error === undefined ? resolve() : reject(error)));
      }),
  };
}
