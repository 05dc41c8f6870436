/**
 * The messages between an import and its reading thread (`csv-reader.worker.ts`). The main thread
 * sends the file's bytes as they arrive, as long as fewer than `bytesAhead` of them wait unparsed in
 * the thread (the thread says how far its parser has read); the thread sends rows in batches and
 * keeps at most `batchesAhead` of them unread.
 */

/** What the reading thread is started with. */
export interface ReaderSettings {
  readonly encoding: string;
  readonly delimiter: string;
  /** Rows per batch sent to the main thread. */
  readonly batchRows: number;
  /** Batches sent and not yet taken by the main thread, at most. */
  readonly batchesAhead: number;
}

/** Bytes of the file sent to the thread and not yet read by its parser, at most (the main thread keeps to it). */
export const bytesAhead = 2 * 1024 * 1024;

export type ToReader =
  | { readonly type: 'chunk'; readonly bytes: Uint8Array }
  | { readonly type: 'end' }
  /** Start reading rows, with the phone number in this column, national numbers read in this region. */
  | { readonly type: 'read'; readonly column: number; readonly defaultCountry: string | undefined }
  /** The main thread took a batch. */
  | { readonly type: 'taken' };

/**
 * A batch of rows, compact: every cell of every row joined by NUL (which cells never hold: it is
 * dropped from them), and each row's number, its wa_id or `!` and why it is none, joined by newlines.
 */
export interface RowsMessage {
  readonly type: 'rows';
  readonly firstRow: number;
  readonly width: number;
  readonly cells: string;
  readonly numbers: string;
}

export type FromReader =
  /** The parser has read this many bytes of the file in all. */
  | { readonly type: 'parsed'; readonly bytes: number }
  | { readonly type: 'headers'; readonly headers: readonly string[] }
  | RowsMessage
  | { readonly type: 'done' }
  | { readonly type: 'error'; readonly message: string };

export const cellSeparator = '\u0000';
export const numberSeparator = '\n';
