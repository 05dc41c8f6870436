/**
 * The reading thread of an import: decodes the file's bytes (iconv-lite), splits them into rows
 * (csv-parse) and reads each row's phone number (libphonenumber-js, through the contacts module's
 * `normaliseNumber`), while the main thread deduplicates and writes the rows before. Started by
 * `csvSource`; the messages are in `csv-reader.protocol.ts`.
 */
import { Readable } from 'node:stream';
import { parentPort, workerData } from 'node:worker_threads';
import iconv from 'iconv-lite';
import { parse } from 'csv-parse';
import { isCountryCode, normaliseNumber } from '../../core/contacts/phone-numbers.js';
import { cellSeparator, numberSeparator, type FromReader, type ReaderSettings, type ToReader } from './csv-reader.protocol.js';

const port = parentPort;
if (port === null) throw new Error('csv-reader.worker runs as a worker thread');
const settings = workerData as ReaderSettings;
const send = (message: FromReader): void => port.postMessage(message);

/** PostgreSQL stores no NUL in text: a NUL in a cell is dropped, the same on both engines. */
const clean = (value: string): string => (value.includes('\u0000') ? value.replaceAll('\u0000', '') : value);

// The file's bytes as the main thread sends them. Each time the parser wants more, the main thread
// hears how far it has read, so that it sends at most `bytesAhead` more than that.
let received = 0;
const input = new Readable({ highWaterMark: 1 << 20, read: () => send({ type: 'parsed', bytes: received - input.readableLength }) });
let startReading: (reading: { column: number; defaultCountry: string | undefined }) => void = () => undefined;
const reading = new Promise<{ column: number; defaultCountry: string | undefined }>((resolve) => {
  startReading = resolve;
});
let ahead = 0;
let taken: (() => void) | undefined;

port.on('message', (message: ToReader) => {
  if (message.type === 'chunk') {
    received += message.bytes.byteLength;
    input.push(Buffer.from(message.bytes.buffer, message.bytes.byteOffset, message.bytes.byteLength));
  }
  else if (message.type === 'end') input.push(null);
  else if (message.type === 'read') startReading({ column: message.column, defaultCountry: message.defaultCountry });
  else {
    ahead -= 1;
    taken?.();
    taken = undefined;
  }
});

async function read(): Promise<void> {
  const records = input
    .pipe(iconv.decodeStream(settings.encoding))
    .pipe(parse({ delimiter: settings.delimiter, bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, trim: true }));
  const iterator = records[Symbol.asyncIterator]() as AsyncIterator<string[]>;
  const first = await iterator.next();
  const headers = first.done === true ? [] : first.value.map(clean);
  send({ type: 'headers', headers });
  const { column, defaultCountry } = await reading;
  const country = defaultCountry !== undefined && isCountryCode(defaultCountry) ? defaultCountry : undefined;
  const width = headers.length;
  let cells: string[] = [];
  let numbers: string[] = [];
  let firstRow = 1;
  const flush = async (): Promise<void> => {
    if (ahead >= settings.batchesAhead) await new Promise<void>((resolve) => (taken = resolve));
    ahead += 1;
    send({ type: 'rows', firstRow, width, cells: cells.join(cellSeparator), numbers: numbers.join(numberSeparator) });
    firstRow += numbers.length;
    cells = [];
    numbers = [];
  };
  for (;;) {
    const next = await iterator.next();
    if (next.done === true) break;
    const record = next.value;
    for (let index = 0; index < width; index += 1) cells.push(clean(record[index] ?? ''));
    const number = normaliseNumber(column < 0 ? '' : (cells[cells.length - width + column] ?? ''), country);
    numbers.push(number.ok ? number.value : `!${number.error}`);
    if (numbers.length >= settings.batchRows) await flush();
  }
  if (numbers.length > 0) await flush();
  send({ type: 'done' });
}

read().catch((error: unknown) => send({ type: 'error', message: error instanceof Error ? error.message : String(error) }));
