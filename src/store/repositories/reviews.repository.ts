import type { Kysely, Selectable } from 'kysely';
import { reviewDecided, reviewOpened, type Review, type ReviewDecider, type ReviewFilter, type ReviewKind, type ReviewStatus, type ReviewsRepository } from '../../core/reviews/index.js';
import type { Database, ReviewsTable } from '../schema.js';
import { unitWriter, type UnitWriter } from '../unit-writers.js';

function toReview(row: Selectable<ReviewsTable>): Review {
  return {
    id: row.id,
    kind: row.kind as ReviewKind,
    businessId: row.business_id,
    wabaId: row.waba_id,
    phoneNumberId: row.phone_number_id,
    status: row.status as ReviewStatus,
    requestedAt: Number(row.requested_at),
    dueAt: row.due_at === null ? null : Number(row.due_at),
    decidedAt: row.decided_at === null ? null : Number(row.decided_at),
    decidedBy: row.decided_by as ReviewDecider | null,
    reason: row.reason,
    details: JSON.parse(row.details) as Record<string, unknown>,
  };
}

export const reviewsWriters: readonly UnitWriter[] = [
  unitWriter(reviewOpened, async (trx, reviews) => {
    for (const review of reviews) {
      await trx
        .insertInto('reviews')
        .values({
          id: review.id,
          kind: review.kind,
          business_id: review.businessId,
          waba_id: review.wabaId,
          phone_number_id: review.phoneNumberId,
          status: review.status,
          requested_at: review.requestedAt,
          due_at: review.dueAt,
          decided_at: review.decidedAt,
          decided_by: review.decidedBy,
          reason: review.reason,
          details: JSON.stringify(review.details),
        })
        .execute();
    }
  }),
  unitWriter(reviewDecided, async (trx, decisions) => {
    for (const decision of decisions) {
      const result = await trx
        .updateTable('reviews')
        .set({ status: decision.status, decided_at: decision.decidedAt, decided_by: decision.decidedBy, reason: decision.reason })
        .where('id', '=', decision.id)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      // Two deciders raced (an operator and the reviewer's timer): the second one's whole unit is refused.
      if (Number(result.numUpdatedRows) !== 1) throw new Error(`review ${decision.id} is no longer pending`);
    }
  }),
];

export class KyselyReviewsRepository implements ReviewsRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async find(id: string): Promise<Review | undefined> {
    const row = await this.#db.selectFrom('reviews').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : toReview(row);
  }

  async list(filter: ReviewFilter): Promise<Review[]> {
    let query = this.#db.selectFrom('reviews').selectAll();
    if (filter.status !== undefined) query = query.where('status', '=', filter.status);
    if (filter.kind !== undefined) query = query.where('kind', '=', filter.kind);
    if (filter.businessId !== undefined) query = query.where('business_id', '=', filter.businessId);
    if (filter.phoneNumberId !== undefined) query = query.where('phone_number_id', '=', filter.phoneNumberId);
    const rows = await query.orderBy('requested_at', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
    return rows.map(toReview);
  }
}
