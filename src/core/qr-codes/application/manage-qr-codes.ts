import type { PhoneNumber } from '../../accounts/index.js';
import { domainError, fail, ok, record, unitOf, type Clock, type DomainError, type IdSource, type Result, type WriteBatcher } from '../../shared/index.js';
import { qrCodeFromNodeId, qrCodesPerNumber, validPrefilledMessage, type QrCode } from '../domain/qr-code.model.js';
import { qrCodeDeleted, qrCodeSaved, type QrCodeRepository } from '../ports.js';

export interface QrCodeDeps {
  readonly qrCodes: QrCodeRepository;
  readonly writer: WriteBatcher;
  readonly clock: Clock;
  readonly ids: IdSource;
}

/** A code of this number, or the error Graph gives for an id it cannot load. */
export async function qrCodeOf(deps: Pick<QrCodeDeps, 'qrCodes'>, number: PhoneNumber, code: string, method: 'get' | 'post' | 'delete'): Promise<Result<QrCode, DomainError>> {
  const found = await deps.qrCodes.find(code.toUpperCase());
  if (found === undefined || found.phoneNumberId !== number.id) {
    return fail(domainError('NODE_NOT_FOUND', `Unsupported ${method} request. Object with ID '${code}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`));
  }
  return ok(found);
}

export async function createQrCode(deps: QrCodeDeps, number: PhoneNumber, prefilledMessage: unknown): Promise<Result<QrCode, DomainError>> {
  const text = validPrefilledMessage(prefilledMessage);
  if (!text.ok) return text;
  if ((await deps.qrCodes.countByNumber(number.id)) >= qrCodesPerNumber) {
    return fail(domainError('PARAMETER_MALFORMED', `(#100) Phone number ${number.id} already has ${qrCodesPerNumber.toLocaleString('en-US')} QR codes and short links, the most a number can have: delete one before creating another.`));
  }
  // Node ids are random: draw again in the unlikely case that a code is taken.
  let code = qrCodeFromNodeId(deps.ids.nodeId());
  while ((await deps.qrCodes.find(code)) !== undefined) code = qrCodeFromNodeId(deps.ids.nodeId());
  const now = deps.clock.now();
  const qrCode: QrCode = { code, businessId: number.businessId, phoneNumberId: number.id, prefilledMessage: text.value, createdAt: now, updatedAt: now };
  await deps.writer.commit(unitOf([record(qrCodeSaved, qrCode)]));
  return ok(qrCode);
}

export async function updateQrCode(deps: QrCodeDeps, number: PhoneNumber, code: string, prefilledMessage: unknown): Promise<Result<QrCode, DomainError>> {
  const found = await qrCodeOf(deps, number, code, 'post');
  if (!found.ok) return found;
  const text = validPrefilledMessage(prefilledMessage);
  if (!text.ok) return text;
  const updated: QrCode = { ...found.value, prefilledMessage: text.value, updatedAt: deps.clock.now() };
  await deps.writer.commit(unitOf([record(qrCodeSaved, updated)]));
  return ok(updated);
}

export async function deleteQrCode(deps: QrCodeDeps, number: PhoneNumber, code: string): Promise<Result<void, DomainError>> {
  const found = await qrCodeOf(deps, number, code, 'delete');
  if (!found.ok) return found;
  await deps.writer.commit(unitOf([record(qrCodeDeleted, { code: found.value.code })]));
  return ok(undefined);
}
