/** Streams a CSV file to the import route as multipart/form-data, with a progress bar on a terminal. */
import { createReadStream, statSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { randomBytes } from 'node:crypto';
import cliProgress from 'cli-progress';
import { CommandError } from './cli.errors.js';
import { call } from './http.js';
import { connection, lookupHint } from './config.js';

export interface ImportAnswer {
  readonly id: string;
  readonly status: string;
  readonly rows_read: number;
  readonly created: number;
  readonly merged: number;
  readonly unchanged: number;
  readonly failed: number;
  readonly error: string | null;
}

/** The file part, streamed: the multipart preamble, the file's bytes as they are read, the closing boundary. */
function multipartBody(path: string, onBytes: (bytes: number) => void): { body: ReadableStream<Uint8Array>; contentType: string } {
  const boundary = `----kabar-${randomBytes(12).toString('hex')}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${basename(path).replace(/"/g, '')}"\r\nContent-Type: text/csv\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  async function* chunks(): AsyncGenerator<Uint8Array> {
    yield head;
    for await (const chunk of createReadStream(path, { highWaterMark: 256 * 1024 })) {
      const bytes = chunk as Buffer;
      onBytes(bytes.length);
      yield bytes;
    }
    yield tail;
  }
  const iterator = chunks();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await iterator.next();
      if (next.done === true) controller.close();
      else controller.enqueue(next.value);
    },
  });
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

/**
 * Opens an import job, streams the file into it and follows the job over the API while it runs
 * (rows read, new contacts, errors), drawing a bar on a terminal. Resolves with the finished job.
 */
export async function uploadImport(businessId: string, path: string, options: Record<string, unknown>, showProgress: boolean): Promise<ImportAnswer> {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw new CommandError(`cannot read ${path}: give the path of a CSV file.`);
  }
  const job = (await call('POST', `/admin/businesses/${businessId}/contacts/imports`, options)) as ImportAnswer;
  const target = connection();
  let sent = 0;
  const bar = showProgress ? new cliProgress.SingleBar({ format: 'importing {bar} {percentage}% | {rows} rows | {created} new, {merged} merged, {failed} not imported', hideCursor: true }, cliProgress.Presets.shades_classic) : undefined;
  bar?.start(Math.max(size, 1), 0, { rows: 0, created: 0, merged: 0, failed: 0 });
  const poll = setInterval(() => {
    call('GET', `/admin/businesses/${businessId}/contacts/imports/${job.id}`)
      .then((answer) => {
        const progress = answer as ImportAnswer;
        bar?.update(Math.min(sent, size), { rows: progress.rows_read, created: progress.created, merged: progress.merged, failed: progress.failed });
      })
      .catch(() => undefined);
  }, 500);
  try {
    const { body, contentType } = multipartBody(path, (bytes) => {
      sent += bytes;
    });
    let response: Response;
    try {
      response = await fetch(`${target.baseUrl}/admin/businesses/${businessId}/contacts/imports/${job.id}/file`, {
        method: 'POST',
        headers: { 'content-type': contentType, ...(target.adminToken === undefined ? {} : { authorization: `Bearer ${target.adminToken}` }) },
        body,
        duplex: 'half',
      } as RequestInit);
    } catch (error) {
      throw new CommandError(`the upload to ${target.baseUrl} failed (${error instanceof Error ? error.message : String(error)}). ${lookupHint()}`);
    }
    const answer = (await response.json()) as ImportAnswer & { error?: unknown };
    if (!response.ok) {
      const graph = answer as unknown as { error?: { message?: string; error_data?: { details?: string } } };
      throw new CommandError(`${graph.error?.message ?? `HTTP ${response.status}`}: ${graph.error?.error_data?.details ?? ''}`);
    }
    bar?.update(size, { rows: answer.rows_read, created: answer.created, merged: answer.merged, failed: answer.failed });
    return answer;
  } finally {
    clearInterval(poll);
    bar?.stop();
  }
}

/** Saves the rows that did not import, as CSV. */
export async function saveErrors(businessId: string, importId: string, path: string): Promise<void> {
  const target = connection();
  const response = await fetch(`${target.baseUrl}/admin/businesses/${businessId}/contacts/imports/${importId}/errors.csv`, {
    headers: target.adminToken === undefined ? {} : { authorization: `Bearer ${target.adminToken}` },
  });
  if (!response.ok) throw new CommandError(`could not download the error rows: HTTP ${response.status}`);
  writeFileSync(path, Buffer.from(await response.arrayBuffer()));
}

/** Downloads a file from the admin API (an export, a QR code) to `path`, or to standard output. */
export async function download(url: string, path: string | undefined): Promise<void> {
  const target = connection();
  const response = await fetch(`${target.baseUrl}${url}`, { headers: target.adminToken === undefined ? {} : { authorization: `Bearer ${target.adminToken}` } });
  if (!response.ok) throw new CommandError(`${url} answered HTTP ${response.status}: ${await response.text()}`);
  const bytes = Buffer.from(await response.arrayBuffer());
  if (path === undefined) process.stdout.write(bytes);
  else writeFileSync(path, bytes);
}
