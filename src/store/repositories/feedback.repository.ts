import type { Kysely, Selectable } from 'kysely';
import { feedbackKinds, feedbackRecorded, type FeedbackFilter, type FeedbackKind, type FeedbackRepository, type UserFeedback } from '../../core/feedback/index.js';
import type { Database, UserFeedbackTable } from '../schema.js';
import { chunks, unitWriter } from '../unit-writers.js';

function toFeedback(row: Selectable<UserFeedbackTable>): UserFeedback {
  return {
    key: row.key,
    businessId: row.business_id,
    wabaId: row.waba_id,
    phoneNumberId: row.phone_number_id,
    waId: row.wa_id,
    kind: row.kind as FeedbackKind,
    messageKey: row.message_key,
    templateId: row.template_id,
    category: row.category,
    at: row.at,
  };
}

export const feedbackWriter = unitWriter(feedbackRecorded, async (trx, events) => {
  for (const part of chunks(events)) {
    await trx
      .insertInto('user_feedback')
      .values(
        part.map((event) => ({
          key: event.key,
          business_id: event.businessId,
          waba_id: event.wabaId,
          phone_number_id: event.phoneNumberId,
          wa_id: event.waId,
          kind: event.kind,
          message_key: event.messageKey,
          template_id: event.templateId,
          category: event.category,
          at: event.at,
        })),
      )
      .execute();
  }
});

/** Users' feedback events (`user_feedback`), readable by every module. */
export class KyselyFeedbackRepository implements FeedbackRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async list(filter: FeedbackFilter): Promise<UserFeedback[]> {
    let query = this.#db.selectFrom('user_feedback').selectAll();
    if (filter.phoneNumberId !== undefined) query = query.where('phone_number_id', '=', filter.phoneNumberId);
    if (filter.templateId !== undefined) query = query.where('template_id', '=', filter.templateId);
    if (filter.waId !== undefined) query = query.where('wa_id', '=', filter.waId);
    if (filter.kind !== undefined) query = query.where('kind', '=', filter.kind);
    if (filter.from !== undefined) query = query.where('at', '>=', filter.from);
    if (filter.to !== undefined) query = query.where('at', '<', filter.to);
    if (filter.before !== undefined) query = query.where('key', '<', filter.before);
    const rows = await query.orderBy('key', 'desc').limit(filter.limit).execute();
    return rows.map(toFeedback);
  }

  async countByKind(filter: { readonly templateId?: string; readonly phoneNumberId?: string; readonly from: number; readonly to: number }): Promise<Readonly<Record<FeedbackKind, number>>> {
    let query = this.#db.selectFrom('user_feedback').select(['kind', this.#db.fn.countAll<number>().as('count')]).where('at', '>=', filter.from).where('at', '<', filter.to);
    if (filter.templateId !== undefined) query = query.where('template_id', '=', filter.templateId);
    if (filter.phoneNumberId !== undefined) query = query.where('phone_number_id', '=', filter.phoneNumberId);
    const rows = await query.groupBy('kind').execute();
    const counts = Object.fromEntries(feedbackKinds.map((kind) => [kind, 0])) as Record<FeedbackKind, number>;
    for (const row of rows) if (feedbackKinds.includes(row.kind as FeedbackKind)) counts[row.kind as FeedbackKind] = Number(row.count);
    return counts;
  }
}
