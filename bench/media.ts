/**
 * `npm run bench` (its last part): the media routes of a started Kabar, through real HTTP.
 *
 * - the hello route's rate in the same run, the baseline of every ratio;
 * - uploads of 1 MB images (`POST /{phone-number-id}/media`, multipart) and downloads of them (the
 *   URL of `GET /{media-id}`, with the token), in requests/s and MB/s, several in flight;
 * - one 100 MB document uploaded and downloaded, in MB/s, with the server's peak RSS while it goes
 *   through (it must stay far below 100 MB above the idle RSS: the bytes stream).
 *
 * Environment: BENCH_MEDIA_SECONDS (default 5) for each rate, BENCH_MEDIA_CONNECTIONS (default 8).
 */
import { createReadStream, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { runLoad } from './lib/load.js';
import { pinLoadGenerator, repoRoot, startServer, type RunningServer } from './lib/server-process.js';

const seconds = Number(process.env['BENCH_MEDIA_SECONDS'] ?? 5);
const connections = Number(process.env['BENCH_MEDIA_CONNECTIONS'] ?? 8);
const megabyte = 1024 * 1024;
const pinning = pinLoadGenerator(availableParallelism());
if (pinning.warning !== undefined) process.stdout.write(`warning: ${pinning.warning}\n`);

/** The resident set of a process, in MB, from /proc. */
function rssMb(pid: number, field: 'VmRSS' | 'VmHWM' = 'VmRSS'): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(match?.[1] ?? 0) / 1024;
}

/** Samples the process's RSS every 20 ms while `work` runs; answers the work's result and the peak. */
async function withPeakRss<Result>(pid: number, work: () => Promise<Result>): Promise<{ result: Result; peakMb: number }> {
  let peakMb = rssMb(pid);
  const sampler = setInterval(() => {
    peakMb = Math.max(peakMb, rssMb(pid));
  }, 20);
  try {
    const result = await work();
    peakMb = Math.max(peakMb, rssMb(pid));
    return { result, peakMb };
  } finally {
    clearInterval(sampler);
  }
}

/** A multipart body streamed from a file: fields, then the file part. */
function multipart(path: string, type: string): { body: ReadableStream<Uint8Array>; contentType: string; length: number } {
  const boundary = '----kabar-bench-media';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="messaging_product"\r\n\r\nwhatsapp\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="bench.bin"\r\nContent-Type: ${type}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  async function* chunks(): AsyncGenerator<Uint8Array> {
    yield head;
    for await (const chunk of createReadStream(path, { highWaterMark: 256 * 1024 })) yield chunk as Buffer;
    yield tail;
  }
  return { body: Readable.toWeb(Readable.from(chunks())) as ReadableStream<Uint8Array>, contentType: `multipart/form-data; boundary=${boundary}`, length: head.length + statSync(path).size + tail.length };
}

async function upload(server: RunningServer, path: string, type: string): Promise<string> {
  const { body, contentType, length } = multipart(path, type);
  const response = await fetch(`${server.url}/v24.0/${server.ready.details['phoneNumberId'] ?? ''}/media`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.ready.details['accessToken'] ?? ''}`, 'content-type': contentType, 'content-length': String(length) },
    body,
    duplex: 'half',
  } as RequestInit);
  const answer = (await response.json()) as { id?: string };
  if (response.status !== 200 || answer.id === undefined) throw new Error(`upload answered ${response.status}: ${JSON.stringify(answer)}`);
  return answer.id;
}

/** Downloads a media's bytes (reading and dropping them); answers how many came. */
async function download(server: RunningServer, id: string): Promise<number> {
  const auth = { authorization: `Bearer ${server.ready.details['accessToken'] ?? ''}` };
  const retrieved = (await (await fetch(`${server.url}/v24.0/${id}`, { headers: auth })).json()) as { url: string };
  const response = await fetch(retrieved.url, { headers: auth });
  let bytes = 0;
  for await (const chunk of response.body ?? []) bytes += (chunk as Uint8Array).length;
  if (response.status !== 200) throw new Error(`download answered ${response.status}`);
  return bytes;
}

/** Runs `once` from `concurrency` loops for `durationS`; answers how many completed per second. */
async function rate(concurrency: number, durationS: number, once: () => Promise<void>): Promise<number> {
  const until = performance.now() + durationS * 1000;
  let done = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) {
        await once();
        done += 1;
      }
    }),
  );
  return done / ((performance.now() - started) / 1000);
}

const directory = mkdtempSync(join(tmpdir(), 'kabar-bench-media-'));
try {
  const small = join(directory, 'image.jpg');
  const smallBytes = Buffer.alloc(megabyte, 0x5a);
  smallBytes[0] = 0xff;
  smallBytes[1] = 0xd8;
  writeFileSync(small, smallBytes);
  const large = join(directory, 'document.pdf');
  const block = Buffer.alloc(megabyte, 0x25);
  writeFileSync(large, '');
  for (let index = 0; index < 100; index += 1) writeFileSync(large, block, { flag: 'a' });

  process.stdout.write('hello route… ');
  const hello = await startServer('hello', { pinning });
  const helloFigures = await runLoad(hello.url, { method: 'GET', path: '/' }, 50, seconds);
  await hello.stop();
  process.stdout.write(`${Math.round(helloFigures.requestsPerSec).toLocaleString('en-US')} req/s\n`);

  const kabar = await startServer('kabar-media', { pinning });
  const idleMb = rssMb(kabar.pid);
  const ids: string[] = [];
  process.stdout.write('1 MB image uploads… ');
  const uploadsPerSec = await rate(connections, seconds, async () => {
    ids.push(await upload(kabar, small, 'image/jpeg'));
  });
  process.stdout.write(`${uploadsPerSec.toFixed(1)} req/s (${uploadsPerSec.toFixed(1)} MB/s)\n`);
  process.stdout.write('1 MB image downloads… ');
  let next = 0;
  const downloadsPerSec = await rate(connections, seconds, async () => {
    const id = ids[next % ids.length] ?? '';
    next += 1;
    await download(kabar, id);
  });
  process.stdout.write(`${downloadsPerSec.toFixed(1)} req/s (${downloadsPerSec.toFixed(1)} MB/s)\n`);

  const beforeLargeMb = rssMb(kabar.pid);
  process.stdout.write('100 MB document upload… ');
  const largeUpload = await withPeakRss(kabar.pid, async () => {
    const started = performance.now();
    const id = await upload(kabar, large, 'application/pdf');
    return { id, seconds: (performance.now() - started) / 1000 };
  });
  process.stdout.write(`${(100 / largeUpload.result.seconds).toFixed(1)} MB/s, peak RSS ${Math.round(largeUpload.peakMb)} MB\n`);
  process.stdout.write('100 MB document download… ');
  const largeDownload = await withPeakRss(kabar.pid, async () => {
    const started = performance.now();
    const bytes = await download(kabar, largeUpload.result.id);
    if (bytes !== 100 * megabyte) throw new Error(`downloaded ${bytes} bytes, not 100 MB`);
    return (performance.now() - started) / 1000;
  });
  process.stdout.write(`${(100 / largeDownload.result).toFixed(1)} MB/s, peak RSS ${Math.round(largeDownload.peakMb)} MB\n`);
  const highWaterMb = rssMb(kabar.pid, 'VmHWM');
  await kabar.stop();

  const result = {
    date: new Date().toISOString(),
    seconds,
    connections,
    pinned: pinning.warning === undefined,
    helloRequestsPerSec: helloFigures.requestsPerSec,
    imageUploadsPerSec: uploadsPerSec,
    imageUploadRatio: uploadsPerSec / helloFigures.requestsPerSec,
    imageDownloadsPerSec: downloadsPerSec,
    imageDownloadRatio: downloadsPerSec / helloFigures.requestsPerSec,
    documentUploadMbPerSec: 100 / largeUpload.result.seconds,
    documentDownloadMbPerSec: 100 / largeDownload.result,
    idleRssMb: idleMb,
    rssBefore100MbMb: beforeLargeMb,
    peakRssUpload100MbMb: largeUpload.peakMb,
    peakRssDownload100MbMb: largeDownload.peakMb,
    processHighWaterRssMb: highWaterMb,
  };
  process.stdout.write(
    `ratios to hello: upload ${result.imageUploadRatio.toFixed(4)}, download ${result.imageDownloadRatio.toFixed(4)}; ` +
      `RSS idle ${Math.round(idleMb)} MB, before the 100 MB file ${Math.round(beforeLargeMb)} MB, process high-water ${Math.round(highWaterMb)} MB\n`,
  );
  mkdirSync(join(repoRoot, 'bench', 'results'), { recursive: true });
  writeFileSync(join(repoRoot, 'bench', 'results', 'media.json'), `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write('Results written to bench/results/media.json\n');
} finally {
  rmSync(directory, { recursive: true, force: true });
}
