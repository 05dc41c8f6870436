import type { Kysely, Selectable } from 'kysely';
import { channelsFor, notificationEmail, notificationRouted, preferencesSetting, type NotificationPreferences, type QueuedEmail } from '../../core/notifications/index.js';
import type { Database, EmailOutboxTable } from '../schema.js';
import { unitWriter, type UnitWriter } from '../unit-writers.js';

/**
 * Applies each business's notification preferences in the transaction that stores its
 * notifications: drops the feed entry or the management webhook of a kind the business turned off
 * there, and queues the e-mail to its registered address (only when Kabar has an SMTP server, and
 * the business has an address). Runs after the notifications and outbox writers.
 */
export function notificationRoutingWriter(options: { readonly email: boolean }): UnitWriter {
  return unitWriter(notificationRouted, async (trx, routed) => {
    const byBusiness = new Map<string, (typeof routed)[number][]>();
    for (const entry of routed) {
      const list = byBusiness.get(entry.notification.businessId) ?? [];
      list.push(entry);
      byBusiness.set(entry.notification.businessId, list);
    }
    for (const [businessId, entries] of byBusiness) {
      const setting = await trx.selectFrom('business_settings').select('value').where('business_id', '=', businessId).where('name', '=', preferencesSetting).executeTakeFirst();
      const preferences = setting === undefined ? undefined : (JSON.parse(setting.value) as NotificationPreferences);
      let business: { readonly name: string; readonly email: string | null } | undefined;
      for (const { notification, outboxKeys } of entries) {
        const channels = channelsFor(preferences, notification.kind);
        if (!channels.feed) await trx.deleteFrom('notifications').where('key', '=', notification.key).execute();
        if (!channels.webhook && outboxKeys.length > 0) await trx.deleteFrom('outbox').where('key', 'in', [...outboxKeys]).execute();
        if (!channels.email || !options.email) continue;
        business ??= (await trx.selectFrom('businesses').select(['name', 'email']).where('id', '=', businessId).executeTakeFirst()) ?? { name: businessId, email: null };
        if (business.email === null || business.email === '') continue;
        const email = notificationEmail(notification, business.name);
        await trx
          .insertInto('email_outbox')
          .values({
            key: notification.key,
            business_id: businessId,
            notification_key: notification.key,
            kind: notification.kind,
            to_address: business.email,
            subject: email.subject,
            text: email.text,
            status: 'pending',
            attempts: 0,
            next_attempt_at: notification.createdAt,
            last_error: null,
            created_at: notification.createdAt,
            sent_at: null,
          })
          .execute();
      }
    }
  });
}

function toQueuedEmail(row: Selectable<EmailOutboxTable>): QueuedEmail {
  return {
    key: row.key,
    businessId: row.business_id,
    notificationKey: row.notification_key,
    kind: row.kind,
    to: row.to_address,
    subject: row.subject,
    text: row.text,
    status: row.status as QueuedEmail['status'],
    attempts: row.attempts,
    nextAttemptAt: Number(row.next_attempt_at),
    lastError: row.last_error,
    createdAt: Number(row.created_at),
    sentAt: row.sent_at === null ? null : Number(row.sent_at),
  };
}

/** The e-mails of notifications: which are due, how each attempt ended, and the log of them. */
export class KyselyEmailOutboxRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async due(now: number, limit: number): Promise<QueuedEmail[]> {
    const rows = await this.#db.selectFrom('email_outbox').selectAll().where('status', '=', 'pending').where('next_attempt_at', '<=', now).orderBy('next_attempt_at').orderBy('key').limit(limit).execute();
    return rows.map(toQueuedEmail);
  }

  async recordAttempt(email: QueuedEmail): Promise<void> {
    await this.#db
      .updateTable('email_outbox')
      .set({ status: email.status, attempts: email.attempts, next_attempt_at: email.nextAttemptAt, last_error: email.lastError, sent_at: email.sentAt })
      .where('key', '=', email.key)
      .execute();
  }

  /** Newest first. */
  async list(filter: { readonly businessId?: string; readonly limit: number }): Promise<QueuedEmail[]> {
    let query = this.#db.selectFrom('email_outbox').selectAll();
    if (filter.businessId !== undefined) query = query.where('business_id', '=', filter.businessId);
    const rows = await query.orderBy('key', 'desc').limit(filter.limit).execute();
    return rows.map(toQueuedEmail);
  }
}
