import { contactSettingsOf, numberProblemText, normaliseNumber, type ContactsRepository } from '../../contacts/index.js';
import type { AccountsRepository } from '../../accounts/index.js';
import type { BusinessSettings } from '../../policy/index.js';
import { domainError, fail, ok, records, unitOf, type Clock, type DomainError, type IdSource, type Result, type UnitRecord, type WriteBatcher } from '../../shared/index.js';
import type { ConsentCategory, ConsentState, LedgerEntry, OptInSource, WithdrawalSource } from '../domain/opt-in.model.js';
import { ledgerAppended, type ConsentRepository } from '../ports.js';

export interface ConsentDeps {
  readonly accounts: Pick<AccountsRepository, 'findBusiness' | 'findPhoneNumber'>;
  readonly contacts: ContactsRepository;
  readonly consent: ConsentRepository;
  readonly settings: BusinessSettings;
  readonly writer: WriteBatcher;
  readonly clock: Clock;
  readonly ids: IdSource;
}

/** Who the entry is about: a number (any written form) or a contact of the business. */
export type Subject = { readonly phone: string } | { readonly contactId: string };

async function subjectWaId(deps: ConsentDeps, businessId: string, subject: Subject): Promise<Result<string, DomainError>> {
  if ((await deps.accounts.findBusiness(businessId)) === undefined) return fail(domainError('NODE_NOT_FOUND', `No business with id '${businessId}'.`));
  if ('contactId' in subject) {
    const contact = await deps.contacts.find(businessId, subject.contactId);
    return contact === undefined ? fail(domainError('NODE_NOT_FOUND', `No contact with id '${subject.contactId}' in this business.`)) : ok(contact.waId);
  }
  const { defaultCountry } = await contactSettingsOf(deps, businessId);
  const waId = normaliseNumber(subject.phone, defaultCountry);
  return waId.ok ? waId : fail(domainError('PARAMETER_INVALID', numberProblemText(subject.phone, waId.error)));
}

export function ledgerEntries(
  ids: IdSource,
  input: { readonly businessId: string; readonly waId: string; readonly categories: readonly ConsentCategory[]; readonly action: LedgerEntry['action']; readonly source: LedgerEntry['source']; readonly consentText: string; readonly proof: Readonly<Record<string, unknown>>; readonly recordedAt: number },
  now: number,
): LedgerEntry[] {
  return input.categories.map((category) => ({
    key: ids.key(),
    businessId: input.businessId,
    waId: input.waId,
    category,
    action: input.action,
    source: input.source,
    consentText: input.consentText,
    proof: input.proof,
    recordedAt: input.recordedAt,
    createdAt: now,
  }));
}

async function append(deps: ConsentDeps, entries: LedgerEntry[]): Promise<Result<LedgerEntry[], DomainError>> {
  await deps.writer.commit(unitOf(records(ledgerAppended, entries)));
  return ok(entries);
}

export interface OptInRequest {
  readonly businessId: string;
  readonly subject: Subject;
  readonly categories: readonly ConsentCategory[];
  readonly source: OptInSource;
  readonly consentText: string;
  readonly proof: Readonly<Record<string, unknown>>;
  /** When the person opted in, if earlier than now (a paper form, an IVR call log). */
  readonly recordedAt?: number;
}

/** Appends an opt-in per category to the ledger. */
export async function recordOptIn(deps: ConsentDeps, request: OptInRequest): Promise<Result<LedgerEntry[], DomainError>> {
  const waId = await subjectWaId(deps, request.businessId, request.subject);
  if (!waId.ok) return waId;
  const now = deps.clock.now();
  if (request.recordedAt !== undefined && request.recordedAt > now) return fail(domainError('PARAMETER_INVALID', 'recorded_at is in the future.'));
  return append(deps, ledgerEntries(deps.ids, { ...request, waId: waId.value, action: 'opt_in', recordedAt: request.recordedAt ?? now }, now));
}

export interface WithdrawalRequest {
  readonly businessId: string;
  readonly subject: Subject;
  readonly categories: readonly ConsentCategory[];
  readonly source: WithdrawalSource;
  readonly reason: string;
  readonly proof: Readonly<Record<string, unknown>>;
}

/** Appends a withdrawal per category: later templates of those categories need a new opt-in. */
export async function withdrawConsent(deps: ConsentDeps, request: WithdrawalRequest): Promise<Result<LedgerEntry[], DomainError>> {
  const waId = await subjectWaId(deps, request.businessId, request.subject);
  if (!waId.ok) return waId;
  const now = deps.clock.now();
  return append(deps, ledgerEntries(deps.ids, { ...request, waId: waId.value, action: 'opt_out', consentText: request.reason, recordedAt: now }, now));
}

export async function consentStatus(deps: ConsentDeps, businessId: string, subject: Subject): Promise<Result<{ waId: string; states: readonly ConsentState[] }, DomainError>> {
  const waId = await subjectWaId(deps, businessId, subject);
  if (!waId.ok) return waId;
  return ok({ waId: waId.value, states: await deps.consent.states(businessId, waId.value) });
}

/**
 * A user changed number: the same person's consent goes with them. Each state in force for the old
 * number is appended for the new one, pointing at the entry it carries over.
 */
export async function carryConsent(deps: Pick<ConsentDeps, 'consent' | 'ids'>, input: { readonly businessId: string; readonly from: string; readonly to: string }, now: number): Promise<UnitRecord[]> {
  const states = await deps.consent.states(input.businessId, input.from);
  if (states.length === 0) return [];
  const previous = await deps.consent.ledger(input.businessId, { waId: input.from, limit: 200 });
  const entries: LedgerEntry[] = [];
  for (const state of states) {
    const origin = previous.find((entry) => entry.key === state.entryKey);
    if (origin === undefined) continue;
    entries.push(
      ...ledgerEntries(deps.ids, { businessId: input.businessId, waId: input.to, categories: [state.category], action: origin.action, source: origin.source, consentText: origin.consentText, proof: { carried_from: origin.key, reason: 'user_changed_number', from: input.from }, recordedAt: origin.recordedAt }, now),
    );
  }
  return records(ledgerAppended, entries);
}
