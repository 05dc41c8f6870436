import { createServer } from 'node:http';
import { safeEqual, signatureHeaders } from '../server/credentials.js';
import { CommandError, listenFailure } from './cli.errors.js';
import { readDemoFile, resolveDemoFilePath } from './config.js';
import { contentLines } from './message-lines.js';

interface Envelope {
  readonly entry?: readonly { readonly changes?: readonly { readonly field: string; readonly value: Record<string, unknown> }[] }[];
}

function summarise(value: Record<string, unknown>): string[] {
  const lines: string[] = [];
  for (const message of (value['messages'] as { from: string; id: string; context?: { id: string } }[] | undefined) ?? []) {
    const replyTo = message.context === undefined ? '' : `  (to ${message.context.id})`;
    lines.push(`message  from ${message.from}: ${contentLines(message).map((line) => line.trim()).join(' / ')}  ${message.id}${replyTo}`);
  }
  for (const status of (value['statuses'] as { id: string; status: string; recipient_id: string; errors?: { code: number; error_data?: { details?: string } }[] }[] | undefined) ?? []) {
    const error = status.errors?.[0];
    lines.push(`status   ${status.status.padEnd(9)} to ${status.recipient_id}  ${status.id}${error === undefined ? '' : `  error ${error.code}: ${error.error_data?.details ?? ''}`}`);
  }
  return lines;
}

/**
 * `kabar webhooks listen`: a receiver for trying Kabar out. It answers the verification handshake
 * with the demo app's verify token and checks each POST's signature with the demo app's secret.
 */
export async function listen(options: { port: number; host: string; json: boolean }): Promise<void> {
  const demo = readDemoFile();
  const verifyToken = process.env['KABAR_VERIFY_TOKEN'] ?? demo?.verifyToken;
  const appSecret = process.env['KABAR_APP_SECRET'] ?? demo?.appSecret;
  if (verifyToken === undefined || appSecret === undefined) {
    throw new CommandError(
      `no demo.json in ${resolveDemoFilePath()}, so no verify token or app secret to check webhooks with: start Kabar first ("npm start"), ` +
        'set KABAR_DATA_DIR to the data folder of the running Kabar, or set KABAR_VERIFY_TOKEN and KABAR_APP_SECRET.',
    );
  }
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://listener');
    if (request.method === 'GET') {
      const valid = url.searchParams.get('hub.mode') === 'subscribe' && safeEqual(url.searchParams.get('hub.verify_token') ?? '', verifyToken);
      response.writeHead(valid ? 200 : 403, { 'content-type': 'text/plain' }).end(valid ? (url.searchParams.get('hub.challenge') ?? '') : 'verify token mismatch');
      process.stdout.write(`verification ${valid ? 'answered' : 'refused'}\n`);
      return;
    }
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const expected = signatureHeaders(appSecret, raw)['x-hub-signature-256'];
      const signed = safeEqual(String(request.headers['x-hub-signature-256'] ?? ''), expected);
      response.writeHead(signed ? 200 : 401).end();
      if (!signed) {
        process.stdout.write('rejected a POST with a bad signature\n');
        return;
      }
      if (options.json) {
        process.stdout.write(`${raw}\n`);
        return;
      }
      const envelope = JSON.parse(raw) as Envelope;
      for (const entry of envelope.entry ?? []) for (const change of entry.changes ?? []) for (const line of summarise(change.value)) process.stdout.write(`${line}\n`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) => reject(listenFailure(error, { port: options.port, host: options.host, portSetting: '--port', hostSetting: '--host' })));
    server.listen(options.port, options.host, resolve);
  });
  process.stdout.write(`Listening on http://${options.host}:${options.port}/webhook (signatures checked with the demo app secret)\n`);
}
