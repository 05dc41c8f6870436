import type { Contact, ContactEvent, ContactImport, ImportRowError } from '../../core/contacts/index.js';
import type { ConsentState, LedgerEntry } from '../../core/consent/index.js';
import { displayPhoneNumber } from '../../core/shared/index.js';

export const iso = (epochMilliseconds: number | null): string | null => (epochMilliseconds === null ? null : new Date(epochMilliseconds).toISOString());

export function contactView(contact: Contact): Record<string, unknown> {
  return {
    id: contact.id,
    wa_id: contact.waId,
    phone: displayPhoneNumber(contact.waId),
    name: contact.name,
    tags: contact.tags,
    attributes: contact.attributes,
    verification: contact.verification,
    verified_at: iso(contact.verifiedAt),
    identity: {
      hash: contact.identityHash,
      pending_change: contact.pendingIdentity === null ? null : { hash: contact.pendingIdentity.hash, detected_at: iso(contact.pendingIdentity.detectedAt) },
    },
    source: contact.source,
    created_at: iso(contact.createdAt),
    updated_at: iso(contact.updatedAt),
  };
}

export function eventView(event: ContactEvent): Record<string, unknown> {
  return { id: event.key, kind: event.kind, data: event.data, created_at: iso(event.createdAt) };
}

export function importView(job: ContactImport): Record<string, unknown> {
  return {
    id: job.id,
    business_id: job.businessId,
    status: job.status,
    file_name: job.fileName,
    encoding: job.encoding,
    delimiter: job.delimiter,
    bytes_read: job.bytesRead,
    rows_read: job.rowsRead,
    created: job.created,
    merged: job.merged,
    unchanged: job.unchanged,
    failed: job.failed,
    error: job.error,
    options: {
      mapping: job.options.mapping,
      on_existing: job.options.onExisting,
      verify: job.options.verify,
      tags: job.options.tags,
      ...(job.options.defaultCountry === undefined ? {} : { default_country: job.options.defaultCountry }),
    },
    created_at: iso(job.createdAt),
    started_at: iso(job.startedAt),
    finished_at: iso(job.finishedAt),
  };
}

export function rowErrorView(error: ImportRowError): Record<string, unknown> {
  return { row: error.row, code: error.code, message: error.message, input: error.input, raw: error.raw };
}

export function ledgerView(entry: LedgerEntry): Record<string, unknown> {
  return {
    id: entry.key,
    wa_id: entry.waId,
    category: entry.category,
    action: entry.action,
    source: entry.source,
    consent_text: entry.consentText,
    proof: entry.proof,
    recorded_at: iso(entry.recordedAt),
    created_at: iso(entry.createdAt),
  };
}

export function statesView(states: readonly ConsentState[]): Record<string, unknown> {
  const view: Record<string, unknown> = { marketing: null, utility: null };
  for (const state of states) view[state.category] = { state: state.action === 'opt_in' ? 'opted_in' : 'opted_out', entry_id: state.entryKey, recorded_at: iso(state.recordedAt) };
  return view;
}
