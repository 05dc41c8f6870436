import { randomBytes } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { CommandError } from './cli.errors.js';
import { connection, lookupHint, type Connection } from './config.js';

interface GraphErrorPayload {
  readonly error?: { readonly message?: string; readonly code?: number; readonly error_data?: { readonly details?: string } | string };
}

function reason(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}

function unreachable(target: Connection, error: unknown): CommandError {
  const found = target.baseUrlSource === 'default' ? 'found no demo.json, so tried the default address' : `took the address from ${target.baseUrlSource}`;
  return new CommandError(`Kabar is not reachable at ${target.baseUrl} (${reason(error)}); the CLI ${found}. Start Kabar with "npm start". ${lookupHint()}`);
}

/** `(#131009) Parameter value is not valid: 'hello' is not a possible phone number.` */
function errorLine(payload: GraphErrorPayload, status: number): string {
  const message = payload.error?.message ?? `HTTP ${status}`;
  const data = payload.error?.error_data;
  const details = typeof data === 'string' ? data : data?.details;
  return details === undefined || details.length === 0 || message.includes(details) ? message : `${message}: ${details}`;
}

function tokenHint(target: Connection): string {
  return target.adminTokenSource === undefined
    ? ` The CLI found no admin token. ${lookupHint()}`
    : ` The admin token came from ${target.adminTokenSource}; it is not the running Kabar's. ${lookupHint()}`;
}

/** Calls the admin or simulator API of the running Kabar and returns the parsed JSON. */
export async function call(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown, headers: Readonly<Record<string, string>> = {}): Promise<unknown> {
  const target = connection();
  let response: Response;
  try {
    response = await fetch(`${target.baseUrl}${path}`, {
      method,
      headers: { ...(target.adminToken === undefined ? {} : { authorization: `Bearer ${target.adminToken}` }), ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (error) {
    throw unreachable(target, error);
  }
  return answerOf(target, response);
}

/**
 * Streams a file to the admin or simulator API as multipart/form-data (the fields first, then the
 * file under `file.field`), without reading it into memory; returns the parsed JSON answer.
 */
export async function upload(path: string, fields: Readonly<Record<string, string>>, file: { readonly field: string; readonly path: string; readonly type: string }): Promise<unknown> {
  const target = connection();
  const boundary = `----kabar-${randomBytes(12).toString('hex')}`;
  const escape = (value: string): string => value.replace(/["\r\n]/g, '_');
  const head = Buffer.from(
    Object.entries(fields)
      .map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${escape(name)}"\r\n\r\n${value}\r\n`)
      .join('') + `--${boundary}\r\nContent-Disposition: form-data; name="${escape(file.field)}"; filename="${escape(basename(file.path))}"\r\nContent-Type: ${file.type}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  let size: number;
  try {
    size = statSync(file.path).size;
  } catch {
    throw new CommandError(`cannot read ${file.path}: give the path of a file.`);
  }
  async function* chunks(): AsyncGenerator<Uint8Array> {
    yield head;
    for await (const chunk of createReadStream(file.path, { highWaterMark: 256 * 1024 })) yield chunk as Buffer;
    yield tail;
  }
  let response: Response;
  try {
    response = await fetch(`${target.baseUrl}${path}`, {
      method: 'POST',
      headers: {
        ...(target.adminToken === undefined ? {} : { authorization: `Bearer ${target.adminToken}` }),
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': String(head.length + size + tail.length),
      },
      body: Readable.toWeb(Readable.from(chunks())) as ReadableStream<Uint8Array>,
      duplex: 'half',
    } as RequestInit);
  } catch (error) {
    throw unreachable(target, error);
  }
  return answerOf(target, response);
}

async function answerOf(target: Connection, response: Response): Promise<unknown> {
  const text = await response.text();
  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch {
    throw new CommandError(`${target.baseUrl} answered HTTP ${response.status} with something other than JSON: is Kabar the server there? ${lookupHint()}`);
  }
  if (!response.ok) {
    const graph = payload as GraphErrorPayload;
    throw new CommandError(`${errorLine(graph, response.status)}${graph.error?.code === 190 ? tokenHint(target) : ''}`);
  }
  return payload;
}

/** The `Idempotency-Key` header when `--idempotency-key` was given. */
export function idempotency(key: string | undefined): Record<string, string> {
  return key === undefined ? {} : { 'idempotency-key': key };
}

export function print(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
