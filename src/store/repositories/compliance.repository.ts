import type { Kysely } from 'kysely';
import { complianceInfoSaved, type ComplianceDetails, type ComplianceInfo, type ComplianceRepository } from '../../core/compliance/index.js';
import type { Database } from '../schema.js';
import { unitWriter, type UnitWriter } from '../unit-writers.js';

const complianceInfoWriter = unitWriter(complianceInfoSaved, async (trx, saved) => {
  // The last information a number was given in a batch wins.
  const latest = new Map(saved.map((info) => [info.phoneNumberId, info]));
  for (const info of latest.values()) {
    const details: ComplianceDetails = {
      entityName: info.entityName,
      entityType: info.entityType,
      ...(info.otherEntityType === undefined ? {} : { otherEntityType: info.otherEntityType }),
      isRegistered: info.isRegistered,
      grievanceOfficer: info.grievanceOfficer,
      customerCare: info.customerCare,
    };
    const values = { business_id: info.businessId, details: JSON.stringify(details), updated_at: info.updatedAt };
    await trx
      .insertInto('business_compliance_info')
      .values({ phone_number_id: info.phoneNumberId, ...values })
      .onConflict((conflict) => conflict.column('phone_number_id').doUpdateSet(values))
      .execute();
  }
});

/** The writer of compliance information. */
export const complianceWriters: readonly UnitWriter[] = [complianceInfoWriter];

export class KyselyComplianceRepository implements ComplianceRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async complianceInfo(phoneNumberId: string): Promise<ComplianceInfo | undefined> {
    const row = await this.#db.selectFrom('business_compliance_info').selectAll().where('phone_number_id', '=', phoneNumberId).executeTakeFirst();
    if (row === undefined) return undefined;
    const details = JSON.parse(row.details) as ComplianceDetails;
    return { ...details, phoneNumberId: row.phone_number_id, businessId: row.business_id, updatedAt: Number(row.updated_at) };
  }
}
