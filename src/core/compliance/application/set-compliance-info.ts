import { ok, record, unitOf, type Clock, type DomainError, type Result, type WriteBatcher } from '../../shared/index.js';
import type { PhoneNumber } from '../../accounts/index.js';
import { complianceDetailsOf, type ComplianceInfo } from '../domain/compliance.model.js';
import { complianceInfoSaved } from '../ports.js';

export interface ComplianceDeps {
  readonly writer: WriteBatcher;
  readonly clock: Clock;
}

/** Sets (or replaces whole) a number's business compliance information from a Graph body. */
export async function setComplianceInfo(deps: ComplianceDeps, number: PhoneNumber, fields: Readonly<Record<string, unknown>>): Promise<Result<ComplianceInfo, DomainError>> {
  const details = complianceDetailsOf(fields);
  if (!details.ok) return details;
  const info: ComplianceInfo = { ...details.value, phoneNumberId: number.id, businessId: number.businessId, updatedAt: deps.clock.now() };
  await deps.writer.commit(unitOf([record(complianceInfoSaved, info)]));
  return ok(info);
}
