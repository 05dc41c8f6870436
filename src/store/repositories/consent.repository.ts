import type { Kysely, Selectable } from 'kysely';
import { ledgerAppended, optInLinkCreated, type ConsentCategory, type ConsentRepository, type ConsentState, type LedgerEntry, type OptInLink } from '../../core/consent/index.js';
import type { Database, OptInLinksTable } from '../schema.js';
import { chunks, unitWriter, type UnitWriter } from '../unit-writers.js';

const appendLedger = unitWriter(ledgerAppended, async (trx, entries) => {
  for (const part of chunks(entries)) {
    await trx
      .insertInto('opt_in_ledger')
      .values(
        part.map((entry) => ({
          key: entry.key,
          business_id: entry.businessId,
          wa_id: entry.waId,
          category: entry.category,
          action: entry.action,
          source: entry.source,
          consent_text: entry.consentText,
          proof: JSON.stringify(entry.proof),
          recorded_at: entry.recordedAt,
          created_at: entry.createdAt,
        })),
      )
      .execute();
  }
  // The latest entry of each (number, category) is what is in force: keys are time-ordered.
  const latest = new Map<string, LedgerEntry>();
  for (const entry of entries) {
    const id = `${entry.businessId}|${entry.waId}|${entry.category}`;
    const known = latest.get(id);
    if (known === undefined || known.key < entry.key) latest.set(id, entry);
  }
  for (const entry of latest.values()) {
    const state = { action: entry.action, entry_key: entry.key, recorded_at: entry.recordedAt };
    await trx
      .insertInto('consent_states')
      .values({ business_id: entry.businessId, wa_id: entry.waId, category: entry.category, ...state })
      .onConflict((conflict) => conflict.columns(['business_id', 'wa_id', 'category']).doUpdateSet(state))
      .execute();
  }
});

const saveLinks = unitWriter(optInLinkCreated, async (trx, links) => {
  for (const link of links) {
    await trx
      .insertInto('opt_in_links')
      .values({
        id: link.id,
        business_id: link.businessId,
        phone_number_id: link.phoneNumberId,
        token: link.token,
        categories: JSON.stringify(link.categories),
        source: link.source,
        consent_text: link.consentText,
        prefilled_text: link.prefilledText,
        created_at: link.createdAt,
      })
      .execute();
  }
});

export const consentWriters: readonly UnitWriter[] = [appendLedger, saveLinks];

function toLink(row: Selectable<OptInLinksTable>): OptInLink {
  return {
    id: row.id,
    businessId: row.business_id,
    phoneNumberId: row.phone_number_id,
    token: row.token,
    categories: JSON.parse(row.categories) as ConsentCategory[],
    source: row.source as OptInLink['source'],
    consentText: row.consent_text,
    prefilledText: row.prefilled_text,
    createdAt: row.created_at,
  };
}

/** The numbers of one business whose consent is known, and how many ledger writes it has seen. */
interface BusinessConsent {
  generation: number;
  readonly states: Map<string, readonly ConsentState[]>;
}

/** Numbers remembered per business before its cache starts afresh. */
const maxNumbersPerBusiness = 100_000;

/**
 * The ledger and each number's consent in force. A template send with the opt-in check on reads the
 * states of its recipient, so each business's are remembered (one process owns the database). Every
 * ledger entry committed through this process calls `forget`, which drops the number and moves the
 * business's generation on: a read that started before the write finds the generation changed and
 * does not store what it read, so what is remembered is never older than the last write.
 */
export class KyselyConsentRepository implements ConsentRepository {
  readonly #db: Kysely<Database>;
  readonly #businesses = new Map<string, BusinessConsent>();

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  #business(businessId: string): BusinessConsent {
    let business = this.#businesses.get(businessId);
    if (business === undefined) {
      business = { generation: 0, states: new Map() };
      this.#businesses.set(businessId, business);
    }
    return business;
  }

  /** The remembered states of a number, without a query; undefined when not remembered. */
  remembered(businessId: string, waId: string): readonly ConsentState[] | undefined {
    return this.#businesses.get(businessId)?.states.get(waId);
  }

  async states(businessId: string, waId: string): Promise<readonly ConsentState[]> {
    const business = this.#business(businessId);
    const known = business.states.get(waId);
    if (known !== undefined) return known;
    const generation = business.generation;
    const rows = await this.#db.selectFrom('consent_states').selectAll().where('business_id', '=', businessId).where('wa_id', '=', waId).execute();
    const states = rows.map((row) => ({ category: row.category as ConsentCategory, action: row.action as ConsentState['action'], entryKey: row.entry_key, recordedAt: row.recorded_at }));
    if (business.generation === generation) {
      if (business.states.size >= maxNumbersPerBusiness) business.states.clear();
      business.states.set(waId, states);
    }
    return states;
  }

  /** A ledger entry for the number committed: its states are read again. */
  forget(businessId: string, waId: string): void {
    const business = this.#businesses.get(businessId);
    if (business === undefined) return;
    business.generation += 1;
    business.states.delete(waId);
  }

  async ledger(businessId: string, filter: { readonly waId?: string; readonly before?: string; readonly limit: number }): Promise<LedgerEntry[]> {
    let query = this.#db.selectFrom('opt_in_ledger').selectAll().where('business_id', '=', businessId);
    if (filter.waId !== undefined) query = query.where('wa_id', '=', filter.waId);
    if (filter.before !== undefined) query = query.where('key', '<', filter.before);
    const rows = await query.orderBy('key', 'desc').limit(filter.limit).execute();
    return rows.map((row) => ({
      key: row.key,
      businessId: row.business_id,
      waId: row.wa_id,
      category: row.category as ConsentCategory,
      action: row.action as LedgerEntry['action'],
      source: row.source as LedgerEntry['source'],
      consentText: row.consent_text,
      proof: JSON.parse(row.proof) as Record<string, unknown>,
      recordedAt: row.recorded_at,
      createdAt: row.created_at,
    }));
  }

  async findLink(businessId: string, id: string): Promise<OptInLink | undefined> {
    const row = await this.#db.selectFrom('opt_in_links').selectAll().where('business_id', '=', businessId).where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : toLink(row);
  }

  async findLinkByToken(token: string): Promise<OptInLink | undefined> {
    const row = await this.#db.selectFrom('opt_in_links').selectAll().where('token', '=', token).executeTakeFirst();
    return row === undefined ? undefined : toLink(row);
  }
}
