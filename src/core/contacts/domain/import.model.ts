import type { CountryCode } from 'libphonenumber-js/max';
import type { Result } from '../../shared/index.js';
import type { NumberProblem } from './phone-normalisation.js';

/** A contact import: a CSV file read row by row, with a report for every row that did not become a contact. */
export type ImportStatus = 'waiting_for_file' | 'running' | 'completed' | 'failed';

/** What to do with a row whose number is already a contact of the business. */
export type OnExisting = 'skip' | 'merge';

export interface ColumnMapping {
  /** The header of the phone number column; detected from the header line when absent. */
  readonly phone?: string;
  readonly name?: string;
  /** A column of tags separated by `,`, `;` or `|`. */
  readonly tags?: string;
  /** Attribute name → column header; by default every other column becomes an attribute. */
  readonly attributes?: Readonly<Record<string, string>>;
}

export interface ImportOptions {
  readonly mapping: ColumnMapping;
  readonly onExisting: OnExisting;
  /** Check every number for WhatsApp before importing it; numbers without WhatsApp are reported, not imported. */
  readonly verify: boolean;
  /** Tags added to every imported contact. */
  readonly tags: readonly string[];
  /** Overrides the business's default country for this file. */
  readonly defaultCountry?: string;
  /** Override what is detected from the file (`windows-1252`, `;`). */
  readonly encoding?: string;
  readonly delimiter?: string;
}

export interface ImportCounts {
  readonly bytesRead: number;
  readonly rowsRead: number;
  readonly created: number;
  readonly merged: number;
  readonly unchanged: number;
  readonly failed: number;
}

export interface ContactImport extends ImportCounts {
  readonly id: string;
  readonly businessId: string;
  readonly status: ImportStatus;
  readonly options: ImportOptions;
  readonly fileName: string | null;
  readonly encoding: string | null;
  readonly delimiter: string | null;
  readonly error: string | null;
  readonly createdAt: number;
  readonly startedAt: number | null;
  readonly finishedAt: number | null;
}

export type RowErrorCode = 'missing_number' | 'invalid_number' | 'duplicate_in_file' | 'duplicate_existing' | 'not_on_whatsapp' | 'verification_blocked';

/** One row that did not become (or change) a contact, and why. */
export interface ImportRowError {
  readonly importId: string;
  /** 1-based, counting data rows (the header line is not a row). */
  readonly row: number;
  readonly code: RowErrorCode;
  readonly message: string;
  /** The phone number cell as it was in the file. */
  readonly input: string;
  /** The whole row, by column header. */
  readonly raw: Readonly<Record<string, string>>;
}

/** Which cell of a row holds the phone number, and the region national numbers are read in. */
export interface NumberReading {
  /** The position of the phone column in the header line. */
  readonly column: number;
  readonly defaultCountry: CountryCode | undefined;
}

/**
 * Rows of the file as the CSV reader hands them over, several at a time: the cells of row `i` (in
 * the order of the header line, `''` where the row is short) are `cells[i * width]` to
 * `cells[i * width + width - 1]`, and `numbers[i]` is its phone cell as `normaliseNumber` reads it.
 */
export interface ImportBatch {
  /** The 1-based number of the batch's first row (the header line is not a row). */
  readonly firstRow: number;
  readonly width: number;
  readonly cells: readonly string[];
  readonly numbers: readonly Result<string, NumberProblem>[];
}

export const emptyCounts: ImportCounts = { bytesRead: 0, rowsRead: 0, created: 0, merged: 0, unchanged: 0, failed: 0 };

const phoneHeader = /^(phone|phone.?number|mobile|msisdn|whatsapp|wa.?id|wa|number|nomor|no.?hp|no.?wa|nomor.?hp|nomor.?wa|telepon|hp)$/i;
const nameHeader = /^(name|full.?name|nama|nama.?lengkap|contact)$/i;
const tagsHeader = /^(tags?|labels?|label|segment)$/i;

/** Which columns hold the number, the name and the tags, from the header line and what the caller said. */
export function resolveMapping(headers: readonly string[], given: ColumnMapping): { phone: string | undefined; name: string | undefined; tags: string | undefined; attributes: Readonly<Record<string, string>> } {
  const find = (pattern: RegExp): string | undefined => headers.find((header) => pattern.test(header.trim()));
  const phone = given.phone ?? find(phoneHeader);
  const name = given.name ?? find(nameHeader);
  const tags = given.tags ?? find(tagsHeader);
  const used = new Set([phone, name, tags]);
  const attributes = given.attributes ?? Object.fromEntries(headers.filter((header) => !used.has(header) && header.trim().length > 0).map((header) => [header.trim(), header]));
  return { phone, name, tags, attributes };
}

export function splitTags(cell: string | undefined): string[] {
  return cell === undefined ? [] : cell.split(/[,;|]/);
}
