import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Direction, MessageRecord, MessageStatus, MessagingRepository, TextContent } from '../../core/messaging/index.js';
import type { Database, MessagesTable } from '../schema.js';

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
    status: message.status,
    error_code: message.errorCode,
    context_key: message.contextKey,
    biz_opaque_callback_data: message.bizOpaqueCallbackData,
    idempotency_key: message.idempotencyKey,
    created_at: message.createdAt,
    updated_at: message.updatedAt,
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
    type: 'text',
    content: JSON.parse(row.content) as TextContent,
    status: row.status as MessageStatus,
    errorCode: row.error_code,
    contextKey: row.context_key,
    bizOpaqueCallbackData: row.biz_opaque_callback_data,
    idempotencyKey: row.idempotency_key,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export class KyselyMessagingRepository implements MessagingRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async lastInboundAt(phoneNumberId: string, waId: string): Promise<number | null> {
    const row = await this.#db
      .selectFrom('customer_windows')
      .select('last_inbound_at')
      .where('phone_number_id', '=', phoneNumberId)
      .where('wa_id', '=', waId)
      .executeTakeFirst();
    return row?.last_inbound_at ?? null;
  }

  async findMessage(key: string): Promise<MessageRecord | undefined> {
    const row = await this.#db.selectFrom('messages').selectAll().where('key', '=', key).executeTakeFirst();
    return row === undefined ? undefined : toMessage(row);
  }

  async findMessages(keys: readonly string[]): Promise<MessageRecord[]> {
    if (keys.length === 0) return [];
    const rows = await this.#db.selectFrom('messages').selectAll().where('key', 'in', [...keys]).execute();
    return rows.map(toMessage);
  }

  async findByIdempotencyKey(phoneNumberId: string, idempotencyKey: string): Promise<MessageRecord | undefined> {
    const row = await this.#db
      .selectFrom('messages')
      .selectAll()
      .where('phone_number_id', '=', phoneNumberId)
      .where('idempotency_key', '=', idempotencyKey)
      .executeTakeFirst();
    return row === undefined ? undefined : toMessage(row);
  }

  async listByUser(waId: string, filter: { readonly direction?: Direction; readonly limit: number }): Promise<MessageRecord[]> {
    let query = this.#db.selectFrom('messages').selectAll().where('wa_id', '=', waId);
    if (filter.direction !== undefined) query = query.where('direction', '=', filter.direction);
    const rows = await query.orderBy('key', 'desc').limit(filter.limit).execute();
    return rows.map(toMessage);
  }
}
