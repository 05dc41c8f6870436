import { recordKind } from '../shared/index.js';
import type { QrCode } from './domain/qr-code.model.js';

/** What a unit of work holds for QR codes: one saved (created or its text changed), one deleted. */
export const qrCodeSaved = recordKind<QrCode>('qr-code.saved');
export const qrCodeDeleted = recordKind<{ readonly code: string }>('qr-code.deleted');

export interface QrCodeRepository {
  /** A number's codes, oldest first. */
  listByNumber(phoneNumberId: string): Promise<QrCode[]>;
  countByNumber(phoneNumberId: string): Promise<number>;
  find(code: string): Promise<QrCode | undefined>;
}
