import type { Kysely, Selectable } from 'kysely';
import type { NumberStatus } from '../../core/accounts/index.js';
import {
  codeSent, codeUsed, numberStatusChanged, registrationCalled, wrongPinGuessed,
  type CodeMethod, type NumberStatusChange, type NumberStatusEvent, type NumbersRepository, type VerificationCode,
} from '../../core/numbers/index.js';
import type { Database, VerificationCodesTable } from '../schema.js';
import { chunks, unitWriter, type UnitWriter } from '../unit-writers.js';

function toCode(row: Selectable<VerificationCodesTable>): VerificationCode {
  return {
    key: row.key,
    phoneNumberId: row.phone_number_id,
    phoneNumber: row.phone_number,
    code: row.code,
    method: row.method as CodeMethod,
    language: row.language,
    delivered: row.delivered === 1,
    sentAt: row.sent_at,
    expiresAt: row.expires_at,
    usedAt: row.used_at,
  };
}

/** The writers of the numbers module's records: codes, registration calls, wrong PINs, status transitions. */
export const numbersWriters: readonly UnitWriter[] = [
  unitWriter(codeSent, async (trx, codes) => {
    for (const part of chunks(codes)) {
      await trx
        .insertInto('verification_codes')
        .values(part.map((code) => ({
          key: code.key,
          phone_number_id: code.phoneNumberId,
          phone_number: code.phoneNumber,
          code: code.code,
          method: code.method,
          language: code.language,
          delivered: code.delivered ? 1 : 0,
          sent_at: code.sentAt,
          expires_at: code.expiresAt,
          used_at: code.usedAt,
        })))
        .execute();
    }
  }),
  unitWriter(codeUsed, async (trx, used) => {
    for (const entry of used) await trx.updateTable('verification_codes').set({ used_at: entry.at }).where('key', '=', entry.key).execute();
  }),
  unitWriter(registrationCalled, async (trx, calls) => {
    for (const part of chunks(calls)) {
      await trx.insertInto('registration_calls').values(part.map((call) => ({ key: call.key, phone_number_id: call.phoneNumberId, action: call.action, at: call.at }))).execute();
    }
  }),
  unitWriter(wrongPinGuessed, async (trx, guesses) => {
    for (const part of chunks(guesses)) {
      await trx.insertInto('pin_guesses').values(part.map((guess) => ({ key: guess.key, phone_number_id: guess.phoneNumberId, at: guess.at }))).execute();
    }
  }),
  unitWriter(numberStatusChanged, async (trx, changes) => {
    for (const part of chunks(changes)) {
      await trx
        .insertInto('number_status_changes')
        .values(part.map((change) => ({
          key: change.key,
          phone_number_id: change.phoneNumberId,
          business_id: change.businessId,
          from_status: change.from,
          to_status: change.to,
          event: change.event,
          cause: change.cause,
          at: change.at,
        })))
        .execute();
    }
  }),
];

function statusChangeOf(row: Selectable<Database['number_status_changes']>): NumberStatusChange {
  return {
    key: row.key,
    phoneNumberId: row.phone_number_id,
    businessId: row.business_id,
    from: row.from_status as NumberStatus,
    to: row.to_status as NumberStatus,
    event: row.event as NumberStatusEvent,
    cause: row.cause,
    at: Number(row.at),
  };
}

export class KyselyNumbersRepository implements NumbersRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async latestCode(phoneNumberId: string): Promise<VerificationCode | undefined> {
    const row = await this.#db.selectFrom('verification_codes').selectAll().where('phone_number_id', '=', phoneNumberId).orderBy('key', 'desc').limit(1).executeTakeFirst();
    return row === undefined ? undefined : toCode(row);
  }

  async codesSentTo(phoneNumber: string, limit: number): Promise<VerificationCode[]> {
    const rows = await this.#db.selectFrom('verification_codes').selectAll().where('phone_number', '=', phoneNumber).orderBy('key', 'desc').limit(limit).execute();
    return rows.map(toCode);
  }

  async registrationCallsSince(phoneNumberId: string, since: number): Promise<number[]> {
    const rows = await this.#db.selectFrom('registration_calls').select('at').where('phone_number_id', '=', phoneNumberId).where('at', '>', since).execute();
    return rows.map((row) => Number(row.at));
  }

  async wrongPinGuessesSince(phoneNumberId: string, since: number): Promise<number[]> {
    const rows = await this.#db.selectFrom('pin_guesses').select('at').where('phone_number_id', '=', phoneNumberId).where('at', '>', since).execute();
    return rows.map((row) => Number(row.at));
  }

  async statusHistory(phoneNumberId: string, limit: number): Promise<NumberStatusChange[]> {
    const rows = await this.#db.selectFrom('number_status_changes').selectAll().where('phone_number_id', '=', phoneNumberId).orderBy('key', 'desc').limit(limit).execute();
    return rows.map(statusChangeOf);
  }

  /** The status changes of a number with `since < at <= until`, oldest first, at most `limit`. */
  async statusChangesBetween(phoneNumberId: string, range: { readonly since: number; readonly until: number; readonly limit: number }): Promise<NumberStatusChange[]> {
    const rows = await this.#db
      .selectFrom('number_status_changes')
      .selectAll()
      .where('phone_number_id', '=', phoneNumberId)
      .where('at', '>', range.since)
      .where('at', '<=', range.until)
      .orderBy('at')
      .orderBy('key')
      .limit(range.limit)
      .execute();
    return rows.map(statusChangeOf);
  }

  /** The last status change at or before `at`: the status then. */
  async lastStatusChangeBefore(phoneNumberId: string, at: number): Promise<NumberStatusChange | undefined> {
    const row = await this.#db.selectFrom('number_status_changes').selectAll().where('phone_number_id', '=', phoneNumberId).where('at', '<=', at).orderBy('at', 'desc').orderBy('key', 'desc').limit(1).executeTakeFirst();
    return row === undefined ? undefined : statusChangeOf(row);
  }
}
