/**
 * Reads an uploaded CSV file as a stream: its encoding is detected (chardet) and decoded
 * (iconv-lite), its delimiter sniffed by parsing the first lines with each candidate (csv-parse),
 * then every row is parsed by csv-parse's streaming parser. Memory holds the sample and one chunk.
 */
import { Readable } from 'node:stream';
import { detect } from 'chardet';
import iconv from 'iconv-lite';
import { parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import type { ImportRow, ImportSource } from '../../core/contacts/index.js';

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

/** PostgreSQL stores no NUL in text: a NUL in a cell is dropped, the same on both engines. */
const clean = (value: string): string => (value.includes('\u0000') ? value.replaceAll('\u0000', '') : value);

export interface CsvOptions {
  readonly fileName: string | null;
  /** Overrides detection. */
  readonly encoding?: string;
  readonly delimiter?: string;
}

export async function csvSource(input: AsyncIterable<Buffer | string>, options: CsvOptions): Promise<ImportSource> {
  const counter = { bytes: 0 };
  const { head, rest } = await peek(input, counter);
  const encoding = options.encoding ?? detectEncoding(head);
  const delimiter = options.delimiter ?? detectDelimiter(iconv.decode(head, encoding));
  const parser = Readable.from(rest).pipe(iconv.decodeStream(encoding)).pipe(
    parse({ delimiter, bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, trim: true }),
  );
  const records = parser[Symbol.asyncIterator]() as AsyncIterator<string[]>;
  const first = await records.next();
  const headers = first.done === true ? [] : first.value.map((header) => clean(header));
  async function* rows(): AsyncGenerator<ImportRow> {
    let row = 0;
    for (;;) {
      const next = await records.next();
      if (next.done === true) return;
      row += 1;
      const fields: Record<string, string> = {};
      headers.forEach((header, index) => {
        fields[header] = clean(next.value[index] ?? '');
      });
      yield { row, fields };
    }
  }
  return { fileName: options.fileName, encoding, delimiter, headers, rows: rows(), bytesRead: () => counter.bytes };
}
