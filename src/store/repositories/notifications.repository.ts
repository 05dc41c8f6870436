import type { Kysely, Selectable } from 'kysely';
import { notificationRecorded, type Notification, type NotificationFilter, type NotificationSeverity, type NotificationsRepository } from '../../core/notifications/index.js';
import type { Database, NotificationsTable } from '../schema.js';
import { chunks, unitWriter } from '../unit-writers.js';

function toNotification(row: Selectable<NotificationsTable>): Notification {
  return {
    key: row.key,
    businessId: row.business_id,
    wabaId: row.waba_id,
    phoneNumberId: row.phone_number_id,
    kind: row.kind,
    severity: row.severity as NotificationSeverity,
    title: row.title,
    body: row.body,
    data: JSON.parse(row.data) as Record<string, unknown>,
    createdAt: row.created_at,
    readAt: row.read_at,
  };
}

export const notificationsWriter = unitWriter(notificationRecorded, async (trx, notifications) => {
  for (const part of chunks(notifications)) {
    await trx
      .insertInto('notifications')
      .values(
        part.map((entry) => ({
          key: entry.key,
          business_id: entry.businessId,
          waba_id: entry.wabaId,
          phone_number_id: entry.phoneNumberId,
          kind: entry.kind,
          severity: entry.severity,
          title: entry.title,
          body: entry.body,
          data: JSON.stringify(entry.data),
          created_at: entry.createdAt,
          read_at: entry.readAt,
        })),
      )
      .execute();
  }
});

export class KyselyNotificationsRepository implements NotificationsRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async list(filter: NotificationFilter): Promise<Notification[]> {
    let query = this.#db.selectFrom('notifications').selectAll();
    if (filter.businessId !== undefined) query = query.where('business_id', '=', filter.businessId);
    if (filter.kind !== undefined) query = query.where('kind', '=', filter.kind);
    if (filter.unreadOnly === true) query = query.where('read_at', 'is', null);
    if (filter.before !== undefined) query = query.where('key', '<', filter.before);
    const rows = await query.orderBy('key', 'desc').limit(filter.limit).execute();
    return rows.map(toNotification);
  }

  async markRead(key: string, businessId: string | undefined, at: number): Promise<boolean> {
    let query = this.#db.updateTable('notifications').set({ read_at: at }).where('key', '=', key).where('read_at', 'is', null);
    if (businessId !== undefined) query = query.where('business_id', '=', businessId);
    const result = await query.executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }
}
