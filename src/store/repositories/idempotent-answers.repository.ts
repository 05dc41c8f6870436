import type { Kysely } from 'kysely';
import { idempotentAnswerRecorded, type IdempotentAnswer, type IdempotentAnswers } from '../../core/shared/index.js';
import type { Database } from '../schema.js';
import { unitWriter } from '../unit-writers.js';

/** A second answer under the same scope and key violates the primary key: the committer reports it as a duplicate. */
export const idempotentAnswersWriter = unitWriter(idempotentAnswerRecorded, async (trx, answers) => {
  for (const answer of answers) {
    await trx
      .insertInto('idempotent_requests')
      .values({ scope: answer.scope, key: answer.key, fingerprint: answer.fingerprint, status_code: answer.statusCode, response: JSON.stringify(answer.response), created_at: answer.createdAt })
      .execute();
  }
});

export class KyselyIdempotentAnswers implements IdempotentAnswers {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async find(scope: string, key: string): Promise<IdempotentAnswer | undefined> {
    const row = await this.#db.selectFrom('idempotent_requests').selectAll().where('scope', '=', scope).where('key', '=', key).executeTakeFirst();
    if (row === undefined) return undefined;
    return { scope: row.scope, key: row.key, fingerprint: row.fingerprint, statusCode: row.status_code, response: JSON.parse(row.response) as unknown, createdAt: Number(row.created_at) };
  }
}
