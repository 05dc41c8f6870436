import { recordKind } from '../shared/index.js';
import type { ComplianceInfo } from './domain/compliance.model.js';

/** What a unit of work holds for compliance: a number's information saved (replacing what it had). */
export const complianceInfoSaved = recordKind<ComplianceInfo>('compliance.info-saved');

export interface ComplianceRepository {
  /** The number's compliance information, or undefined when none was ever set. */
  complianceInfo(phoneNumberId: string): Promise<ComplianceInfo | undefined>;
}
