import type { Kysely, Selectable } from 'kysely';
import {
  customerAnswered, customerAsked, escalationPathDeclared, limitContacted, limitEventRecorded,
  type EscalationPath, type LimitContact, type LimitEvent, type LimitEventKind, type LimitsRepository, type StoredAnswerTime,
} from '../../core/limits/index.js';
import type { Database } from '../schema.js';
import { chunks, unitWriter, type UnitWriter } from '../unit-writers.js';

/** The last contact per (number, recipient): one row each, moved forward by later sends. */
const contactsWriter = unitWriter(limitContacted, async (trx, contacts) => {
  const latest = new Map<string, LimitContact>();
  for (const contact of contacts) {
    const key = `${contact.phoneNumberId}\u0000${contact.waId}`;
    const seen = latest.get(key);
    if (seen === undefined || seen.at < contact.at) latest.set(key, contact);
  }
  for (const part of chunks([...latest.values()])) {
    await trx
      .insertInto('limit_contacts')
      .values(part.map((contact) => ({ phone_number_id: contact.phoneNumberId, wa_id: contact.waId, business_id: contact.businessId, last_at: contact.at })))
      .onConflict((conflict) => conflict.columns(['phone_number_id', 'wa_id']).doUpdateSet((eb) => ({ last_at: eb.ref('excluded.last_at') })))
      .execute();
  }
});

const eventsWriter = unitWriter(limitEventRecorded, async (trx, events) => {
  for (const part of chunks(events)) {
    await trx
      .insertInto('limit_events')
      .values(
        part.map((event) => ({
          key: event.key,
          phone_number_id: event.phoneNumberId,
          business_id: event.businessId,
          kind: event.kind,
          from_value: event.from,
          to_value: event.to,
          cause: event.cause,
          details: JSON.stringify(event.details),
          at: event.at,
        })),
      )
      .execute();
  }
});

const escalationWriter = unitWriter(escalationPathDeclared, async (trx, paths) => {
  for (const path of paths) {
    const row = { phone_number_id: path.phoneNumberId, business_id: path.businessId, kind: path.kind, value: path.value, declared_at: path.declaredAt };
    await trx
      .insertInto('escalation_paths')
      .values(row)
      .onConflict((conflict) => conflict.column('phone_number_id').doUpdateSet({ kind: row.kind, value: row.value, declared_at: row.declared_at }))
      .execute();
  }
});

const askedWriter = unitWriter(customerAsked, async (trx, asked) => {
  for (const part of chunks(asked)) {
    await trx.insertInto('answer_times').values(part.map((question) => ({ phone_number_id: question.phoneNumberId, wa_id: question.waId, asked_at: question.at, answered_at: null }))).execute();
  }
});

/** The number's first answer to a customer since their messages: every one of them still waiting is answered then. */
const answeredWriter = unitWriter(customerAnswered, async (trx, answers) => {
  for (const answer of answers) {
    await trx
      .updateTable('answer_times')
      .set({ answered_at: answer.at })
      .where('phone_number_id', '=', answer.phoneNumberId)
      .where('wa_id', '=', answer.waId)
      .where('answered_at', 'is', null)
      .where('asked_at', '<=', answer.at)
      .execute();
  }
});

// The questions before the answers: a unit that holds both (a message and its reply) answers the question it stored.
export const limitsWriters: readonly UnitWriter[] = [contactsWriter, eventsWriter, escalationWriter, askedWriter, answeredWriter];

function eventOf(row: Selectable<Database['limit_events']>): LimitEvent {
  return {
    key: row.key,
    phoneNumberId: row.phone_number_id,
    businessId: row.business_id,
    kind: row.kind as LimitEventKind,
    from: row.from_value,
    to: row.to_value,
    cause: row.cause,
    details: JSON.parse(row.details) as Record<string, unknown>,
    at: Number(row.at),
  };
}

export class KyselyLimitsRepository implements LimitsRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async contactsSince(since: number): Promise<LimitContact[]> {
    const rows = await this.#db.selectFrom('limit_contacts').selectAll().where('last_at', '>', since).orderBy('last_at').execute();
    return rows.map((row) => ({ phoneNumberId: row.phone_number_id, businessId: row.business_id, waId: row.wa_id, at: Number(row.last_at) }));
  }

  /** Contacts older than `before` are no longer read by any window (7 days): deleted. */
  async pruneContacts(before: number): Promise<void> {
    await this.#db.deleteFrom('limit_contacts').where('last_at', '<=', before).execute();
    await this.#db.deleteFrom('answer_times').where('asked_at', '<=', before).execute();
  }

  async answerTimesSince(since: number): Promise<StoredAnswerTime[]> {
    const rows = await this.#db.selectFrom('answer_times').selectAll().where('asked_at', '>', since).orderBy('asked_at').execute();
    return rows.map((row) => ({ phoneNumberId: row.phone_number_id, waId: row.wa_id, askedAt: Number(row.asked_at), answeredAt: row.answered_at === null ? null : Number(row.answered_at) }));
  }

  async events(phoneNumberId: string, filter: { readonly kind?: LimitEventKind; readonly limit: number }): Promise<LimitEvent[]> {
    let query = this.#db.selectFrom('limit_events').selectAll().where('phone_number_id', '=', phoneNumberId);
    if (filter.kind !== undefined) query = query.where('kind', '=', filter.kind);
    const rows = await query.orderBy('key', 'desc').limit(filter.limit).execute();
    return rows.map(eventOf);
  }

  /** The events of a number with `since < at <= until`, oldest first, at most `limit`. */
  async eventsBetween(phoneNumberId: string, range: { readonly since: number; readonly until: number; readonly limit: number }): Promise<LimitEvent[]> {
    const rows = await this.#db
      .selectFrom('limit_events')
      .selectAll()
      .where('phone_number_id', '=', phoneNumberId)
      .where('at', '>', range.since)
      .where('at', '<=', range.until)
      .orderBy('at')
      .orderBy('key')
      .limit(range.limit)
      .execute();
    return rows.map(eventOf);
  }

  /** The last event of a kind at or before `at`: what held then. */
  async lastEventBefore(phoneNumberId: string, kind: LimitEventKind, at: number): Promise<LimitEvent | undefined> {
    const row = await this.#db.selectFrom('limit_events').selectAll().where('phone_number_id', '=', phoneNumberId).where('kind', '=', kind).where('at', '<=', at).orderBy('at', 'desc').orderBy('key', 'desc').limit(1).executeTakeFirst();
    return row === undefined ? undefined : eventOf(row);
  }

  async escalationPaths(): Promise<EscalationPath[]> {
    const rows = await this.#db.selectFrom('escalation_paths').selectAll().execute();
    return rows.map((row) => ({ phoneNumberId: row.phone_number_id, businessId: row.business_id, kind: row.kind as EscalationPath['kind'], value: row.value, declaredAt: Number(row.declared_at) }));
  }
}
