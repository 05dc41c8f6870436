/**
 * The messages between an import and its reading thread (`csv-reader.worker.ts`). The main thread
 * hands over the file's bytes when asked (`pull`), so the thread never reads more than its input
 * buffer ahead; the thread sends rows in batches and keeps at most `batchesAhead` of them unread.
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
  | { readonly type: 'pull' }
  | { readonly type: 'headers'; readonly headers: readonly string[] }
  | RowsMessage
  | { readonly type: 'done' }
  | { readonly type: 'error'; readonly message: string };

export const cellSeparator = '\u0000';
export const numberSeparator = '\n';
