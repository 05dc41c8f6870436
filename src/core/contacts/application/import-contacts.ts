import type { CountryCode } from 'libphonenumber-js/max';
import { domainError, fail, ok, record, records, unitOf, type DomainError, type Result, type UnitRecord } from '../../shared/index.js';
import type { Attributes, Contact } from '../domain/contact.model.js';
import { mergeContactData } from '../domain/contact-merge.policy.js';
import { businessNotFound } from '../domain/contacts.errors.js';
import { emptyCounts, resolveMapping, splitTags, type ContactImport, type ImportBatch, type ImportCounts, type ImportOptions, type ImportRowError, type NumberReading, type RowErrorCode } from '../domain/import.model.js';
import { NumberRowIndex } from '../domain/number-row-index.js';
import { isCountryCode, normaliseNumber } from '../domain/phone-normalisation.js';
import { contactInserted, contactUpdated, importRowFailed, importSaved } from '../ports.js';
import { checkNumbers, type CheckDeps } from './check-numbers.js';
import { contactSettingsOf } from './contact-settings.js';
import { historyEvent, type ContactsDeps } from './contacts-deps.js';
import { newContact } from './save-contact.js';

export type ImportDeps = ContactsDeps & CheckDeps;

/** Opens an import; the file follows (streamed by the caller through `runImport`). */
export async function createImport(deps: ContactsDeps, businessId: string, options: ImportOptions): Promise<Result<ContactImport, DomainError>> {
  if ((await deps.accounts.findBusiness(businessId)) === undefined) return fail(businessNotFound(businessId));
  if (options.defaultCountry !== undefined && !isCountryCode(options.defaultCountry)) {
    return fail(domainError('PARAMETER_INVALID', `default_country '${options.defaultCountry}' is not a two-letter region code such as ID or US.`));
  }
  const job: ContactImport = {
    id: deps.ids.key(),
    businessId,
    status: 'waiting_for_file',
    options,
    fileName: null,
    encoding: null,
    delimiter: null,
    error: null,
    ...emptyCounts,
    createdAt: deps.clock.now(),
    startedAt: null,
    finishedAt: null,
  };
  await deps.writer.commit(unitOf([record(importSaved, job)]));
  return ok(job);
}

/** The file as the CSV reader presents it: its header line, its rows, and how far it has read. */
export interface ImportSource {
  readonly fileName: string | null;
  readonly encoding: string;
  readonly delimiter: string;
  readonly headers: readonly string[];
  /** The rows after the header line, in order, each with its phone cell read as `reading` says. */
  batches(reading: NumberReading): AsyncIterable<ImportBatch>;
  bytesRead(): number;
}

const errorMessages: Readonly<Record<RowErrorCode, string>> = {
  missing_number: 'The row has no phone number.',
  invalid_number: 'Not a valid phone number.',
  duplicate_in_file: 'The same number is on an earlier row of this file.',
  duplicate_existing: 'The number is already a contact of this business.',
  not_on_whatsapp: 'The number does not have WhatsApp.',
  verification_blocked: 'Not checked: number checks are blocked for this business.',
};

interface Candidate {
  readonly row: number;
  readonly input: string;
  /** The batch the row came in and where its cells start: the whole row is rebuilt only for a report. */
  readonly cells: readonly string[];
  readonly at: number;
  readonly waId: string;
  readonly name: string | undefined;
  readonly tags: readonly string[];
  readonly attributes: Attributes;
}

/**
 * Reads the rows of an import in batches; each batch is one unit of work (new contacts, merges,
 * row errors and the job's progress together), so the job always shows what is committed. Memory
 * holds one batch and the numbers seen so far (to report duplicates within the file).
 */
export async function runImport(deps: ImportDeps, job: ContactImport, source: ImportSource, batchSize = 5_000): Promise<ContactImport> {
  const settings = await contactSettingsOf(deps, job.businessId);
  const country = (job.options.defaultCountry as CountryCode | undefined) ?? settings.defaultCountry;
  const mapping = resolveMapping(source.headers, job.options.mapping);
  let current: ContactImport = { ...job, status: 'running', fileName: source.fileName, encoding: source.encoding, delimiter: source.delimiter, startedAt: deps.clock.now() };
  if (mapping.phone === undefined || !source.headers.includes(mapping.phone)) {
    const error = mapping.phone === undefined
      ? `No phone number column among ${JSON.stringify(source.headers)}: name it with mapping.phone (--phone-column).`
      : `The file has no column '${mapping.phone}'; its columns are ${JSON.stringify(source.headers)}.`;
    return finish(deps, { ...current, status: 'failed', error });
  }
  await deps.writer.commit(unitOf([record(importSaved, current)]));
  const seen = new NumberRowIndex();
  let counts: ImportCounts = emptyCounts;
  let blocked = false;
  // A row is read into a small candidate (or an error) as it arrives; a batch holds only candidates
  // and the cells they came from until it commits. A header named twice reads its last column.
  const headers = source.headers;
  const column = (header: string | undefined): number => (header === undefined ? -1 : headers.lastIndexOf(header));
  const phoneColumn = column(mapping.phone);
  const nameColumn = column(mapping.name);
  const tagsColumn = column(mapping.tags);
  const attributeColumns = Object.entries(mapping.attributes).map(([attribute, header]) => [attribute, column(header)] as const);
  const rawOf = (cells: readonly string[], at: number): Record<string, string> => {
    const fields: Record<string, string> = {};
    headers.forEach((header, index) => {
      fields[header] = cells[at + index] ?? '';
    });
    return fields;
  };
  const reject = (errors: ImportRowError[], row: number, input: string, raw: Readonly<Record<string, string>>, code: RowErrorCode, message = errorMessages[code]): void => {
    errors.push({ importId: job.id, row, code, message, input, raw });
  };
  let errors: ImportRowError[] = [];
  let candidates: Candidate[] = [];
  const prepare = (batch: ImportBatch, index: number): void => {
    const row = batch.firstRow + index;
    const at = index * batch.width;
    const cells = batch.cells;
    const cell = cells[at + phoneColumn] ?? '';
    const waId = batch.numbers[index] ?? normaliseNumber(cell, country);
    if (!waId.ok) {
      const message = waId.error === 'missing' ? undefined : `'${cell}' is not a valid phone number${country === undefined ? ' (and no default country is set for national numbers)' : ` for ${country} or in international form`}.`;
      reject(errors, row, cell, rawOf(cells, at), waId.error === 'missing' ? 'missing_number' : 'invalid_number', message);
      return;
    }
    const first = seen.firstRowOrAdd(Number(waId.value), row);
    if (first !== undefined) {
      reject(errors, row, cell, rawOf(cells, at), 'duplicate_in_file', `The same number as row ${first} (${waId.value}).`);
      return;
    }
    const attributes: Record<string, string> = {};
    for (const [attribute, index] of attributeColumns) {
      const value = index < 0 ? undefined : cells[at + index];
      if (value !== undefined && value.length > 0) attributes[attribute] = value;
    }
    const name = nameColumn < 0 ? undefined : cells[at + nameColumn];
    const tags = tagsColumn < 0 ? job.options.tags : [...splitTags(cells[at + tagsColumn]), ...job.options.tags];
    candidates.push({ row, input: cell, cells, at, waId: waId.value, name, tags, attributes });
  };
  const flush = async (rowsRead: number): Promise<void> => {
    const now = deps.clock.now();
    const batchErrors = errors;
    const batchCandidates = candidates;
    errors = [];
    candidates = [];
    const fail = (candidate: Candidate, code: RowErrorCode, message?: string): void => reject(batchErrors, candidate.row, candidate.input, rawOf(candidate.cells, candidate.at), code, message);
    const verified = new Set<string>();
    let accepted = batchCandidates;
    if (job.options.verify && batchCandidates.length > 0) {
      accepted = [];
      const answers = blocked ? undefined : await checkNumbers(deps, { businessId: job.businessId, inputs: batchCandidates.map((candidate) => candidate.waId), blocking: 'wait', forceCheck: false });
      if (answers === undefined || !answers.ok) {
        blocked = true;
        for (const candidate of batchCandidates) fail(candidate, 'verification_blocked', answers?.ok === false ? `Not checked: ${answers.error.details}` : undefined);
      } else {
        answers.value.forEach((answer, index) => {
          const candidate = batchCandidates[index];
          if (candidate === undefined) return;
          if (answer.status === 'valid') {
            verified.add(candidate.waId);
            accepted.push(candidate);
          } else fail(candidate, 'not_on_whatsapp', `${candidate.waId} does not have WhatsApp.`);
        });
      }
    }
    const existing = new Map((await deps.contacts.findByWaIds(job.businessId, accepted.map((candidate) => candidate.waId))).map((contact) => [contact.waId, contact]));
    const inserted: Contact[] = [];
    const changes: UnitRecord[] = [];
    let merged = 0;
    let unchanged = 0;
    for (const candidate of accepted) {
      const contact = existing.get(candidate.waId);
      if (contact === undefined) {
        const fresh = newContact({ id: deps.ids.key(), businessId: job.businessId, waId: candidate.waId, ...(candidate.name === undefined ? {} : { name: candidate.name }), tags: candidate.tags, attributes: candidate.attributes, source: `import:${job.id}` }, now);
        inserted.push(verified.has(candidate.waId) ? { ...fresh, verification: 'valid', verifiedAt: now } : fresh);
        continue;
      }
      if (job.options.onExisting === 'skip') {
        fail(candidate, 'duplicate_existing', `The number ${candidate.waId} is already contact ${contact.id}${contact.name.length > 0 ? ` (${contact.name})` : ''}.`);
        continue;
      }
      const outcome = mergeContactData(contact, { ...(candidate.name === undefined ? {} : { name: candidate.name }), tags: candidate.tags, attributes: candidate.attributes }, now);
      if (outcome.changed.length === 0) {
        unchanged += 1;
        continue;
      }
      merged += 1;
      changes.push(
        record(contactUpdated, { contact: outcome.contact, previousTags: contact.tags }),
        historyEvent(deps.ids, { businessId: job.businessId, contactId: contact.id, kind: 'merged', data: { import: job.id, row: candidate.row, changed: outcome.changed } }, now),
      );
    }
    counts = {
      bytesRead: source.bytesRead(),
      rowsRead: counts.rowsRead + rowsRead,
      created: counts.created + inserted.length,
      merged: counts.merged + merged,
      unchanged: counts.unchanged + unchanged,
      failed: counts.failed + batchErrors.length,
    };
    current = { ...current, ...counts };
    await deps.writer.commit(unitOf(records(contactInserted, inserted), changes, records(importRowFailed, batchErrors), [record(importSaved, current)]));
  };
  try {
    let pending = 0;
    for await (const batch of source.batches({ column: phoneColumn, defaultCountry: country })) {
      for (let index = 0; index < batch.numbers.length; index += 1) {
        prepare(batch, index);
        pending += 1;
        if (pending >= batchSize) {
          await flush(pending);
          pending = 0;
        }
      }
    }
    if (pending > 0) await flush(pending);
  } catch (error) {
    return finish(deps, { ...current, status: 'failed', error: error instanceof Error ? error.message : String(error) });
  }
  return finish(deps, { ...current, bytesRead: source.bytesRead(), status: 'completed' });
}

async function finish(deps: ImportDeps, job: ContactImport): Promise<ContactImport> {
  const done = { ...job, finishedAt: deps.clock.now() };
  await deps.writer.commit(unitOf([record(importSaved, done)]));
  return done;
}

/** A job that was running when the process stopped cannot resume (its upload is gone): it failed. */
export function interrupted(job: ContactImport, at: number): ContactImport {
  return { ...job, status: 'failed', error: 'Kabar stopped while this import ran; run it again (a re-run changes nothing that was already imported).', finishedAt: at };
}
