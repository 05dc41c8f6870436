import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Direction, MessageCategory, MessageContent, MessageRecord, MessageStatus, MessageType, MessagingRepository, WindowTouch } from '../../core/messaging/index.js';
import { countryOf, type Awaitable } from '../../core/shared/index.js';
import type { Database, MessagesTable } from '../schema.js';
import { executeShaped } from '../compiled-shapes.js';
import type { DialectName } from '../database.js';
import { settleUser } from '../held-user-index.js';
import { heldStatusesOf, settleStatuses, type HeldStatuses } from '../held-statuses.js';

export function messageRow(message: MessageRecord): Insertable<MessagesTable> {
  return {
    key: message.key,
    business_id: message.businessId,
    waba_id: message.wabaId,
    phone_number_id: message.phoneNumberId,
    direction: message.direction,
    wa_id: message.waId,
    type: message.type,
    content: JSON.stringify(message.content),
    category: message.category,
    status: message.status,
    error_code: message.errorCode,
    context_key: message.contextKey,
    biz_opaque_callback_data: message.bizOpaqueCallbackData,
    idempotency_key: message.idempotencyKey,
    request_fingerprint: message.requestFingerprint,
    created_at: message.createdAt,
    updated_at: message.updatedAt,
    country: countryOf(message.waId),
  };
}

function toMessage(row: Selectable<MessagesTable>): MessageRecord {
  return {
    key: row.key,
    businessId: row.business_id,
    wabaId: row.waba_id,
    phoneNumberId: row.phone_number_id,
    direction: row.direction as Direction,
    waId: row.wa_id,
    type: row.type as MessageType,
    content: JSON.parse(row.content) as MessageContent,
    category: row.category as MessageCategory | null,
    status: row.status as MessageStatus,
    errorCode: row.error_code,
    contextKey: row.context_key,
    bizOpaqueCallbackData: row.biz_opaque_callback_data,
    idempotencyKey: row.idempotency_key,
    requestFingerprint: row.request_fingerprint,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

interface RememberedWindow {
  readonly lastInboundAt: number | null;
  readonly until: number;
}

/** Nodes sharing a database read a window again after this long. */
const sharedWindowTtlMs = 1_000;

/**
 * How long a window read from the database is trusted. One process owns a SQLite file, so every
 * window is committed through it and remembered as it commits: what it read stays true. Nodes that
 * share PostgreSQL read again after a second, to see the windows the others opened.
 */
export function windowTtlMs(dialect: DialectName): number {
  return dialect === 'sqlite' ? Number.POSITIVE_INFINITY : sharedWindowTtlMs;
}

/**
 * Every send reads the customer-service window of its (number, user) pair. Windows opened through
 * this process are remembered as they commit; anything else is read from the database and kept for
 * `windowTtlMs` (see the function of that name), so a window another node opened is seen within
 * that time.
 */
export class KyselyMessagingRepository implements MessagingRepository {
  readonly #db: Kysely<Database>;
  readonly #windows = new Map<string, RememberedWindow>();
  readonly #windowTtlMs: number;
  readonly #now: () => number;
  /** Statuses not yet in their rows (SQLite): every message read is shown with them. */
  readonly #held: HeldStatuses | undefined;

  /** `now` is the monotonic time the TTL is measured in (the process's own; tests give theirs). */
  constructor(db: Kysely<Database>, options: { readonly windowTtlMs?: number; readonly now?: () => number } = {}) {
    this.#db = db;
    this.#windowTtlMs = options.windowTtlMs ?? sharedWindowTtlMs;
    this.#now = options.now ?? (() => performance.now());
    this.#held = heldStatusesOf(db);
  }

  #toMessage(row: Selectable<MessagesTable>): MessageRecord {
    return toMessage(this.#held === undefined ? row : this.#held.overlay(row));
  }

  /** When the user last wrote to the number: at once while its window is remembered, else read. */
  lastInboundAt(phoneNumberId: string, waId: string): Awaitable<number | null> {
    const cacheKey = `${phoneNumberId}|${waId}`;
    const remembered = this.#windows.get(cacheKey);
    return remembered !== undefined && remembered.until > this.#now() ? remembered.lastInboundAt : this.#readWindow(cacheKey, phoneNumberId, waId);
  }

  async #readWindow(cacheKey: string, phoneNumberId: string, waId: string): Promise<number | null> {
    const result = await executeShaped(this.#db, 'customer_windows.last-inbound', [phoneNumberId, waId], () =>
      this.#db.selectFrom('customer_windows').select('last_inbound_at').where('phone_number_id', '=', phoneNumberId).where('wa_id', '=', waId).compile(),
    );
    const [row] = result.rows;
    this.#remember(cacheKey, row?.last_inbound_at ?? null);
    return row?.last_inbound_at ?? null;
  }

  /** Called after a commit that opened windows, so the next send sees them without a query. */
  rememberWindows(touches: readonly WindowTouch[]): void {
    for (const touch of touches) this.#remember(`${touch.phoneNumberId}|${touch.waId}`, touch.lastInboundAt);
  }

  /** The window only ever moves later: a slow read never hides a message that reopened it. */
  #remember(cacheKey: string, lastInboundAt: number | null): void {
    const known = this.#windows.get(cacheKey)?.lastInboundAt ?? null;
    const latest = known === null || (lastInboundAt !== null && lastInboundAt > known) ? lastInboundAt : known;
    if (this.#windows.size >= 100_000) this.#windows.clear();
    this.#windows.set(cacheKey, { lastInboundAt: latest, until: this.#now() + this.#windowTtlMs });
  }

  async findMessage(key: string): Promise<MessageRecord | undefined> {
    const row = await this.#db.selectFrom('messages').selectAll().where('key', '=', key).executeTakeFirst();
    return row === undefined ? undefined : this.#toMessage(row);
  }

  async findMessages(keys: readonly string[]): Promise<MessageRecord[]> {
    if (keys.length === 0) return [];
    const unique = [...keys];
    const { rows } = await executeShaped(this.#db, `messages.by-keys:${unique.length}`, unique, () => this.#db.selectFrom('messages').selectAll().where('key', 'in', unique).compile());
    return rows.map((row) => this.#toMessage(row));
  }

  async findByIdempotencyKey(phoneNumberId: string, idempotencyKey: string): Promise<MessageRecord | undefined> {
    const row = await this.#db
      .selectFrom('messages')
      .selectAll()
      .where('phone_number_id', '=', phoneNumberId)
      .where('idempotency_key', '=', idempotencyKey)
      .executeTakeFirst();
    return row === undefined ? undefined : this.#toMessage(row);
  }

  async listInFlight(sinceKey: string): Promise<MessageRecord[]> {
    await settleStatuses(this.#db);
    const rows = await this.#db
      .selectFrom('messages')
      .selectAll()
      .where('key', '>=', sinceKey)
      .where('direction', '=', 'outbound')
      .where('status', 'in', ['accepted', 'sent', 'delivered'])
      .orderBy('key')
      .execute();
    return rows.map((row) => this.#toMessage(row));
  }

  async listByUser(
    waId: string,
    filter: {
      readonly businessId?: string;
      readonly direction?: Direction;
      readonly outboundStatuses?: readonly MessageStatus[];
      readonly reactionStatuses?: readonly MessageStatus[];
      readonly limit: number;
    },
  ): Promise<MessageRecord[]> {
    await settleUser(this.#db, waId);
    // A filter by status must find the statuses not yet in their rows.
    if (filter.outboundStatuses !== undefined) await settleStatuses(this.#db, waId);
    // Newest first through the user's index entries, each joined with its message. A cross join keeps
    // SQLite from starting at another index of messages (a business's, for a business filter): its
    // planner takes a CROSS JOIN's tables in the order written. PostgreSQL plans it as an inner join.
    let query = this.#db
      .selectFrom('message_users')
      .crossJoin('messages')
      .whereRef('messages.key', '=', 'message_users.key')
      .selectAll('messages')
      .where('message_users.wa_id', '=', waId);
    if (filter.businessId !== undefined) query = query.where('business_id', '=', filter.businessId);
    if (filter.direction !== undefined) query = query.where('direction', '=', filter.direction);
    const statuses = filter.outboundStatuses;
    const reactionStatuses = filter.reactionStatuses;
    if (statuses !== undefined) {
      query = query.where((where) => {
        const shown = [where('direction', '=', 'inbound')];
        if (reactionStatuses === undefined) {
          if (statuses.length > 0) shown.push(where('status', 'in', [...statuses]));
        } else {
          if (statuses.length > 0) shown.push(where.and([where('type', '<>', 'reaction'), where('status', 'in', [...statuses])]));
          if (reactionStatuses.length > 0) shown.push(where.and([where('type', '=', 'reaction'), where('status', 'in', [...reactionStatuses])]));
        }
        return where.or(shown);
      });
    }
    const rows = await query.orderBy('message_users.key', 'desc').limit(filter.limit).execute();
    return rows.map((row) => this.#toMessage(row));
  }
}
