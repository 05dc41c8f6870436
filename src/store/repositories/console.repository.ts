/**
 * Read models of the console: lists across a business, the message log (keyset pages by the
 * time-ordered message key), a message's status history and the webhooks it caused, delivery health.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, MessagesTable, OutboxTable, WebhookAttemptsTable } from '../schema.js';
import { settleUser } from '../held-user-index.js';
import { heldStatusesOf, settleStatuses } from '../held-statuses.js';

export interface MessageLogFilter {
  readonly businessId?: string;
  readonly phoneNumberId?: string;
  readonly waId?: string;
  readonly direction?: string;
  readonly status?: string;
  /** Case-insensitive text looked for in the message's content. */
  readonly text?: string;
  /** Keys below this one: the next page of a newest-first listing. */
  readonly before?: string;
  readonly limit: number;
}

export interface MessageLogPage {
  readonly rows: readonly Selectable<MessagesTable>[];
  /** Where the next page starts; null at the end. */
  readonly nextBefore: string | null;
  /** The oldest key examined: a filtered search stops after `maxScan` rows and says how far it looked. */
  readonly scannedTo: string | null;
}

/**
 * How many rows one page may examine for filters no index serves (status, direction, text): a page
 * answers in bounded time on any number of messages, and says where to continue.
 */
export const maxScan = 5_000;

export class KyselyConsoleRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  listBusinesses(businessId?: string) {
    let query = this.#db.selectFrom('businesses').selectAll();
    if (businessId !== undefined) query = query.where('id', '=', businessId);
    return query.orderBy('created_at').orderBy('id').limit(1000).execute();
  }

  listNumbers(businessId?: string) {
    let query = this.#db.selectFrom('phone_numbers').selectAll();
    if (businessId !== undefined) query = query.where('business_id', '=', businessId);
    return query.orderBy('created_at').orderBy('id').limit(1000).execute();
  }

  listWabas(businessId: string) {
    return this.#db.selectFrom('wabas').selectAll().where('business_id', '=', businessId).orderBy('created_at').orderBy('id').execute();
  }

  listApps(businessId: string) {
    return this.#db.selectFrom('apps').select(['id', 'business_id', 'name', 'callback_url', 'created_at']).where('business_id', '=', businessId).orderBy('created_at').orderBy('id').execute();
  }

  listTokens(businessId: string) {
    return this.#db
      .selectFrom('access_tokens')
      .select(['id', 'app_id', 'permissions', 'created_at', 'expires_at', 'revoked_at'])
      .where('business_id', '=', businessId)
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(200)
      .execute();
  }

  async messageLog(filter: MessageLogFilter): Promise<MessageLogPage> {
    // The narrowest index first (a user, a number, a business, or the key itself); newest first by key.
    // The newest `take` rows after skipping `skip`; a user's are taken from their `message_users` entries.
    const indexed = (take: number, skip = 0) => {
      let query = this.#db.selectFrom('messages');
      const { waId, before } = filter;
      if (waId !== undefined) {
        query = query.where('key', 'in', (eb) => {
          let keys = eb.selectFrom('message_users').select('key').where('wa_id', '=', waId);
          if (before !== undefined) keys = keys.where('key', '<', before);
          keys = keys.orderBy('key', 'desc').limit(take);
          return skip > 0 ? keys.offset(skip) : keys;
        });
        return query.orderBy('key', 'desc');
      }
      if (filter.phoneNumberId !== undefined) query = query.where('phone_number_id', '=', filter.phoneNumberId);
      else if (filter.businessId !== undefined) query = query.where('business_id', '=', filter.businessId);
      if (before !== undefined) query = query.where('key', '<', before);
      query = query.orderBy('key', 'desc').limit(take);
      return skip > 0 ? query.offset(skip) : query;
    };
    if (filter.waId !== undefined) await settleUser(this.#db, filter.waId);
    // A filter by status must find the statuses not yet in their rows; every other row is shown with them.
    if (filter.status !== undefined) await settleStatuses(this.#db, filter.waId);
    const shown = (rows: Selectable<MessagesTable>[]): Selectable<MessagesTable>[] => {
      const held = heldStatusesOf(this.#db);
      return held === undefined ? rows : rows.map((row) => held.overlay(row));
    };
    const text = filter.text?.toLowerCase().replace(/[\\%_]/g, (character) => `\\${character}`);
    const residual =
      filter.direction !== undefined || filter.status !== undefined || text !== undefined ||
      (filter.waId !== undefined && (filter.businessId !== undefined || filter.phoneNumberId !== undefined)) ||
      (filter.waId === undefined && filter.phoneNumberId !== undefined && filter.businessId !== undefined);
    if (!residual) {
      const rows = shown(await indexed(filter.limit + 1).selectAll().execute());
      const page = rows.slice(0, filter.limit);
      return { rows: page, nextBefore: rows.length > filter.limit ? (page[page.length - 1]?.key ?? null) : null, scannedTo: null };
    }
    // What no index serves is checked within a window of at most `maxScan` rows, so that a rare match
    // costs a bounded scan, not a walk through every message; the page then says where it stopped.
    let query = this.#db.selectFrom(indexed(maxScan).selectAll().as('window')).selectAll();
    if (filter.businessId !== undefined) query = query.where('business_id', '=', filter.businessId);
    if (filter.phoneNumberId !== undefined) query = query.where('phone_number_id', '=', filter.phoneNumberId);
    if (filter.direction !== undefined) query = query.where('direction', '=', filter.direction);
    if (filter.status !== undefined) query = query.where('status', '=', filter.status);
    if (text !== undefined) query = query.where((where) => where.or([where(sql`lower(content)`, 'like', sql`${`%${text}%`} escape '\\'`), where('wa_id', 'like', `%${text}%`)]));
    const rows = shown(await query.orderBy('key', 'desc').limit(filter.limit + 1).execute());
    if (rows.length > filter.limit) {
      const page = rows.slice(0, filter.limit);
      return { rows: page, nextBefore: page[page.length - 1]?.key ?? null, scannedTo: null };
    }
    const boundary = await indexed(1, maxScan - 1).select('key').executeTakeFirst();
    return { rows, nextBefore: boundary?.key ?? null, scannedTo: boundary?.key ?? null };
  }

  /** The users who exchanged messages with a business (or any) lately, most recent first. */
  async recentContacts(businessId: string | undefined): Promise<string[]> {
    let query = this.#db.selectFrom('messages').select(['wa_id', 'key']);
    if (businessId !== undefined) query = query.where('business_id', '=', businessId);
    const rows = await query.orderBy('key', 'desc').limit(2_000).execute();
    return [...new Set(rows.map((row) => row.wa_id))].slice(0, 100);
  }

  async findMessage(key: string): Promise<Selectable<MessagesTable> | undefined> {
    const row = await this.#db.selectFrom('messages').selectAll().where('key', '=', key).executeTakeFirst();
    const held = heldStatusesOf(this.#db);
    return row === undefined || held === undefined ? row : held.overlay(row);
  }

  async deliveries(messageKey: string): Promise<{ readonly outbox: readonly Selectable<OutboxTable>[]; readonly attempts: readonly Selectable<WebhookAttemptsTable>[] }> {
    const outbox = await this.#db.selectFrom('outbox').selectAll().where('message_key', '=', messageKey).orderBy('key').limit(100).execute();
    if (outbox.length === 0) return { outbox, attempts: [] };
    const attempts = await this.#db.selectFrom('webhook_attempts').selectAll().where('outbox_key', 'in', outbox.map((row) => row.key)).orderBy('outbox_key').orderBy('attempt').limit(1000).execute();
    return { outbox, attempts };
  }

  findOutbox(key: string) {
    return this.#db.selectFrom('outbox').selectAll().where('key', '=', key).executeTakeFirst();
  }

  /** The latest delivery attempts of a business (or of all), newest first. */
  recentAttempts(businessId: string | undefined, limit: number) {
    let query = this.#db.selectFrom('webhook_attempts').selectAll();
    if (businessId !== undefined) query = query.where('business_id', '=', businessId);
    return query.orderBy('key', 'desc').limit(limit).execute();
  }
}
