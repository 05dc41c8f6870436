/**
 * Reads an uploaded CSV file as a stream: its encoding is detected (chardet) and its delimiter
 * sniffed by parsing the first lines with each candidate (csv-parse); then a worker thread decodes
 * it (iconv-lite), parses every row with csv-parse's streaming parser and reads its phone number.
 */
import { createRequire } from 'node:module';
import { extname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Worker, type Transferable } from 'node:worker_threads';
import { detect } from 'chardet';
import iconv from 'iconv-lite';
import { parse as parseSync } from 'csv-parse/sync';
import type { ImportBatch, ImportSource, NumberProblem, NumberReading } from '../../core/contacts/index.js';
import { fail, ok } from '../../core/shared/index.js';
import { bytesAhead, cellSeparator, numberSeparator, type FromReader, type ReaderSettings, type RowsMessage, type ToReader } from './csv-reader.protocol.js';

const sampleBytes = 64 * 1024;
const candidates = [',', ';', '\t', '|'] as const;

/** The first bytes of a stream, and a stream that yields them again followed by the rest. */
async function peek(input: AsyncIterable<Buffer | string>, counter: { bytes: number }): Promise<{ head: Buffer; rest: AsyncIterable<Buffer> }> {
  const iterator = input[Symbol.asyncIterator]();
  const parts: Buffer[] = [];
  let length = 0;
  let finished = false;
  while (length < sampleBytes) {
    const next = await iterator.next();
    if (next.done === true) {
      finished = true;
      break;
    }
    const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
    parts.push(chunk);
    length += chunk.length;
  }
  const head = Buffer.concat(parts);
  counter.bytes += head.length;
  async function* rest(): AsyncGenerator<Buffer> {
    yield head;
    if (finished) return;
    for (;;) {
      const next = await iterator.next();
      if (next.done === true) return;
      const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
      counter.bytes += chunk.length;
      yield chunk;
    }
  }
  return { head, rest: rest() };
}

/** Whether the bytes are UTF-8 (a character cut at the end of the sample is allowed). */
function isUtf8(head: Buffer): boolean {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for (let cut = 0; cut <= Math.min(3, head.length); cut += 1) {
    try {
      decoder.decode(head.subarray(0, head.length - cut));
      return true;
    } catch {
      // try without the last bytes, which may be half a character
    }
  }
  return false;
}

/**
 * UTF-8 when the sample is valid UTF-8 (plain ASCII included), else chardet's guess, as a name
 * iconv-lite decodes (UTF-16 is told by its byte-order mark or its zero bytes).
 */
export function detectEncoding(head: Buffer): string {
  if (head.length === 0) return 'utf-8';
  if (head[0] !== 0xff && head[0] !== 0xfe && !head.includes(0) && isUtf8(head)) return 'utf-8';
  const guess = detect(head);
  if (guess === null || /^(ascii|utf-8)$/i.test(guess) || !iconv.encodingExists(guess)) return 'utf-8';
  return guess.toLowerCase();
}

/**
 * The delimiter that splits the sample's first lines into the same number of columns (more than
 * one) most consistently; a comma when nothing does.
 */
export function detectDelimiter(sample: string): string {
  const complete = sample.slice(0, Math.max(sample.lastIndexOf('\n'), 0)) || sample;
  let best: { delimiter: string; score: number } = { delimiter: ',', score: 0 };
  for (const delimiter of candidates) {
    let rows: string[][];
    try {
      rows = parseSync(complete, { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, bom: true, to: 50 }) as string[][];
    } catch {
      continue;
    }
    const width = rows[0]?.length ?? 0;
    if (width < 2) continue;
    const consistent = rows.filter((row) => row.length === width).length;
    const score = consistent * 1_000 + width;
    if (score > best.score) best = { delimiter, score };
  }
  return best.delimiter;
}

export interface CsvOptions {
  readonly fileName: string | null;
  /** Overrides detection. */
  readonly encoding?: string;
  readonly delimiter?: string;
}

/** An import's file being read; `close` stops its reading thread (after the import, or when it is not run). */
export interface CsvSource extends ImportSource {
  close(): Promise<void>;
}

/**
 * While a file is imported, V8 grows the main thread's heap to at most twice what was live after its
 * last full collection, instead of up to four times: an import makes garbage fast and V8, finding it
 * cheap to collect, would let it pile up (a 1,000,000-row import peaked at 160 MB of heap on 40 MB
 * live). The bound takes effect at a full collection, so one is run when the first import starts
 * (about 15 ms). The setting returns to what Kabar was started with when the last import ends.
 */
let importsRunning = 0;
const startedGrowth = process.execArgv.find((argument) => argument.startsWith('--heap-growing-percent='))?.split('=')[1] ?? '0';
let fullCollection: (() => void) | undefined;

function collectGarbage(): void {
  if (fullCollection === undefined) {
    setFlagsFromString('--expose-gc');
    const gc: unknown = runInNewContext('gc');
    fullCollection = typeof gc === 'function' ? () => void gc() : () => undefined;
  }
  fullCollection();
}

function boundHeapGrowth(): () => void {
  importsRunning += 1;
  if (importsRunning === 1 && startedGrowth === '0') {
    setFlagsFromString('--heap-growing-percent=100');
    collectGarbage();
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    importsRunning -= 1;
    if (importsRunning === 0 && startedGrowth === '0') setFlagsFromString('--heap-growing-percent=0');
  };
}

/** Rows per batch from the reading thread, and batches it may read ahead of the import. */
const batchRows = 2_000;
const batchesAhead = 4;

/**
 * The reading thread: compiled, `csv-reader.worker.js` next to this file; run from the TypeScript
 * source (tests, or a checkout without a build), the same file through tsx's loader.
 */
function startReader(settings: ReaderSettings): Worker {
  const url = new URL(`./csv-reader.worker${extname(fileURLToPath(import.meta.url))}`, import.meta.url);
  // Its heap holds a few MB (the phone metadata, a chunk, its batches): a smaller young generation
  // than V8's default keeps it at about 25 MB instead of 50.
  const resourceLimits = { maxYoungGenerationSizeMb: 8 };
  if (!url.pathname.endsWith('.ts')) return new Worker(url, { workerData: settings, resourceLimits });
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const code = `import(${JSON.stringify(tsx)}).then((tsx) => tsx.tsImport(${JSON.stringify(url.href)}, ${JSON.stringify(url.href)}))`;
  return new Worker(code, { eval: true, workerData: settings, resourceLimits });
}

function toBatch(message: RowsMessage): ImportBatch {
  return {
    firstRow: message.firstRow,
    width: message.width,
    cells: message.width === 0 ? [] : message.cells.split(cellSeparator),
    numbers: message.numbers.split(numberSeparator).map((number) => (number.startsWith('!') ? fail(number.slice(1) as NumberProblem) : ok(number))),
  };
}

/**
 * The import's file: the first 64 KiB decide the encoding and the delimiter here, then a worker
 * thread decodes, parses and reads the numbers of the rest while the import writes (see
 * `csv-reader.worker.ts`). Memory holds the sample, the thread's 2 MiB of input and its batches ahead.
 */
export async function csvSource(input: AsyncIterable<Buffer | string>, options: CsvOptions): Promise<CsvSource> {
  const counter = { bytes: 0 };
  const { head, rest } = await peek(input, counter);
  const encoding = options.encoding ?? detectEncoding(head);
  const delimiter = options.delimiter ?? detectDelimiter(iconv.decode(head, encoding));
  const chunks = rest[Symbol.asyncIterator]();
  const worker = startReader({ encoding, delimiter, batchRows, batchesAhead });
  const releaseHeap = boundHeapGrowth();
  const post = (message: ToReader, transfer: Transferable[] = []): void => worker.postMessage(message, transfer);
  const ready: FromReader[] = [];
  let failure: Error | undefined;
  let done = false;
  let wake: (() => void) | undefined;
  let headers: ((headers: readonly string[]) => void) | undefined;
  let room: (() => void) | undefined;
  const stop = (error: Error): void => {
    failure ??= error;
    wake?.();
    room?.();
  };
  // The bytes go to the thread as they arrive, whenever this thread is free, up to `bytesAhead`
  // beyond what its parser has read: a thread that had to ask for each chunk waited for this one
  // to finish writing a batch before it could parse further.
  let sent = 0;
  let parsed = 0;
  const pump = async (): Promise<void> => {
    try {
      for (;;) {
        while (sent - parsed >= bytesAhead && !done && failure === undefined) await new Promise<void>((resolve) => (room = resolve));
        if (done || failure !== undefined) return;
        const next = await chunks.next();
        if (next.done === true) return post({ type: 'end' });
        // A copy: the chunk may be a view on a larger buffer, and the copy moves to the thread without another.
        const bytes = new Uint8Array(next.value);
        sent += bytes.byteLength;
        post({ type: 'chunk', bytes }, [bytes.buffer]);
      }
    } catch (error) {
      stop(error instanceof Error ? error : new Error(String(error)));
    }
  };
  worker.on('message', (message: FromReader) => {
    if (message.type === 'parsed') {
      parsed = message.bytes;
      room?.();
      room = undefined;
    } else if (message.type === 'headers') headers?.(message.headers);
    else if (message.type === 'error') stop(new Error(message.message));
    else {
      if (message.type === 'done') done = true;
      else ready.push(message);
      wake?.();
    }
  });
  worker.on('error', stop);
  worker.on('exit', (code) => {
    if (!done) stop(new Error(`The CSV reader stopped (exit code ${code}).`));
  });
  void pump();
  const headerLine = await new Promise<readonly string[] | Error>((resolve) => {
    headers = resolve;
    wake = () => resolve(failure ?? new Error('The CSV reader stopped.'));
  });
  wake = undefined;
  if (headerLine instanceof Error) {
    releaseHeap();
    await worker.terminate();
    throw headerLine;
  }
  async function* batches(reading: NumberReading): AsyncGenerator<ImportBatch> {
    post({ type: 'read', column: reading.column, defaultCountry: reading.defaultCountry });
    for (;;) {
      const message = ready.shift();
      if (message !== undefined && message.type === 'rows') {
        post({ type: 'taken' });
        yield toBatch(message);
        continue;
      }
      if (failure !== undefined) throw failure;
      if (done) return;
      await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
    }
  }
  return {
    fileName: options.fileName,
    encoding,
    delimiter,
    headers: headerLine,
    batches,
    bytesRead: () => counter.bytes,
    close: async () => {
      done = true;
      room?.();
      await worker.terminate();
      releaseHeap();
    },
  };
}
