import type { Kysely, Selectable } from 'kysely';
import { qrCodeDeleted, qrCodeSaved, type QrCode, type QrCodeRepository } from '../../core/qr-codes/index.js';
import type { Database, QrCodesTable } from '../schema.js';
import { chunks, unitWriter, type UnitWriter } from '../unit-writers.js';

function toQrCode(row: Selectable<QrCodesTable>): QrCode {
  return {
    code: row.code,
    businessId: row.business_id,
    phoneNumberId: row.phone_number_id,
    prefilledMessage: row.prefilled_message,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

const savedWriter = unitWriter(qrCodeSaved, async (trx, saved) => {
  // The last save of a code in a batch wins.
  const latest = new Map(saved.map((qrCode) => [qrCode.code, qrCode]));
  for (const part of chunks([...latest.values()])) {
    await trx
      .insertInto('qr_codes')
      .values(
        part.map((qrCode) => ({
          code: qrCode.code,
          business_id: qrCode.businessId,
          phone_number_id: qrCode.phoneNumberId,
          prefilled_message: qrCode.prefilledMessage,
          created_at: qrCode.createdAt,
          updated_at: qrCode.updatedAt,
        })),
      )
      .onConflict((conflict) => conflict.column('code').doUpdateSet((update) => ({ prefilled_message: update.ref('excluded.prefilled_message'), updated_at: update.ref('excluded.updated_at') })))
      .execute();
  }
});

const deletedWriter = unitWriter(qrCodeDeleted, async (trx, deleted) => {
  for (const part of chunks(deleted)) {
    await trx
      .deleteFrom('qr_codes')
      .where(
        'code',
        'in',
        part.map((entry) => entry.code),
      )
      .execute();
  }
});

/** The writers of the QR codes' record kinds: saves before deletions, so a code saved and deleted in one batch ends deleted. */
export const qrCodeWriters: readonly UnitWriter[] = [savedWriter, deletedWriter];

export class KyselyQrCodeRepository implements QrCodeRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async listByNumber(phoneNumberId: string): Promise<QrCode[]> {
    const rows = await this.#db.selectFrom('qr_codes').selectAll().where('phone_number_id', '=', phoneNumberId).orderBy('created_at').orderBy('code').execute();
    return rows.map(toQrCode);
  }

  async countByNumber(phoneNumberId: string): Promise<number> {
    const row = await this.#db.selectFrom('qr_codes').select((eb) => eb.fn.countAll<number | string>().as('count')).where('phone_number_id', '=', phoneNumberId).executeTakeFirst();
    return Number(row?.count ?? 0);
  }

  async find(code: string): Promise<QrCode | undefined> {
    const row = await this.#db.selectFrom('qr_codes').selectAll().where('code', '=', code).executeTakeFirst();
    return row === undefined ? undefined : toQrCode(row);
  }
}
