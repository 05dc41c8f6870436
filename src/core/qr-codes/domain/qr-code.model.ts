import { domainError, fail, ok, type DomainError, type Result } from '../../shared/index.js';

/**
 * A message QR code and short link of a phone number (Meta's "QR Codes and Short Links"): scanning
 * the code, or opening `https://wa.me/message/{code}`, opens a chat with the number with the
 * prefilled text in the user's composer.
 */
export interface QrCode {
  /** 14 characters, digits and capital letters, as Meta's codes are. */
  readonly code: string;
  readonly businessId: string;
  readonly phoneNumberId: string;
  readonly prefilledMessage: string;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export type QrImageFormat = 'SVG' | 'PNG';

/** Meta's limits: 2,000 codes and short links per phone number, 140 characters of prefilled text. */
export const qrCodesPerNumber = 2000;
export const prefilledMessageMaxLength = 140;
export const qrCodeLength = 14;

const codeSpace = 36n ** BigInt(qrCodeLength);
// Odd and not a multiple of 3, so coprime with 36^14: multiplying by it permutes the code space.
const scramble = 50_429_807_837n;

/**
 * The code of a new QR code, from a fresh node id: a bijection of the id onto 14 base-36 characters,
 * so two ids never give the same code and consecutive ids do not give neighbouring codes.
 */
export function qrCodeFromNodeId(nodeId: string): string {
  const mixed = (BigInt(nodeId) * scramble) % codeSpace;
  return mixed.toString(36).toUpperCase().padStart(qrCodeLength, '0');
}

export function isQrCode(value: string): boolean {
  return /^[0-9A-Z]{14}$/.test(value);
}

/** The short link Meta prints beside a code. */
export function deepLinkUrl(code: string): string {
  return `https://wa.me/message/${code}`;
}

const invalid = (details: string): DomainError => domainError('PARAMETER_MALFORMED', details);

export function validPrefilledMessage(value: unknown): Result<string, DomainError> {
  if (value === undefined || value === null || value === '') return fail(invalid('(#100) The parameter prefilled_message is required.'));
  if (typeof value !== 'string') return fail(invalid('(#100) Param prefilled_message must be a string.'));
  const length = [...value].length;
  if (length > prefilledMessageMaxLength) {
    return fail(invalid(`(#100) Param prefilled_message must be at most ${prefilledMessageMaxLength} characters long; it has ${length}.`));
  }
  return ok(value);
}

/** `generate_qr_image`: `SVG` or `PNG`, in either case (clients send both). */
export function qrImageFormat(value: unknown): Result<QrImageFormat, DomainError> {
  if (value === undefined || value === null || value === '') return fail(invalid('(#100) The parameter generate_qr_image is required: SVG or PNG.'));
  const format = typeof value === 'string' ? value.toUpperCase() : '';
  if (format === 'SVG' || format === 'PNG') return ok(format);
  return fail(invalid(`(#100) Param generate_qr_image must be one of {SVG, PNG}; got '${String(value)}'.`));
}
