import { phoneNumberChanged, type PhoneNumber } from '../../accounts/index.js';
import { domainError, fail, ok, record, unitOf, type DomainError, type Result } from '../../shared/index.js';
import { verificationCodeValidityMs, type CodeMethod } from '../domain/verification-code.policy.js';
import { codeSent, codeUsed, type VerificationCode } from '../records.js';
import type { NumbersDeps } from './numbers-deps.js';

/**
 * Sends a verification code by SMS or voice call. Meta cannot know whether the line received it, so
 * the answer is the same either way; the simulator's inbox shows what arrived.
 */
export async function requestCode(
  deps: NumbersDeps,
  input: { readonly number: PhoneNumber; readonly method: CodeMethod; readonly language: string },
): Promise<Result<VerificationCode, DomainError>> {
  const { number } = input;
  const now = deps.clock.now();
  const reachable = await deps.directory.reachableBy(number.phoneNumber);
  const code: VerificationCode = {
    key: deps.ids.key(),
    phoneNumberId: number.id,
    phoneNumber: number.phoneNumber,
    code: deps.codes.verificationCode(),
    method: input.method,
    language: input.language,
    delivered: input.method === 'SMS' ? reachable.sms : reachable.voice,
    sentAt: now,
    expiresAt: now + verificationCodeValidityMs,
    usedAt: null,
  };
  await deps.writer.commit(unitOf([record(codeSent, code)]));
  return ok(code);
}

/** Checks the last code sent; the number's code verification becomes VERIFIED. */
export async function verifyCode(deps: NumbersDeps, input: { readonly number: PhoneNumber; readonly code: string }): Promise<Result<void, DomainError>> {
  const { number } = input;
  const now = deps.clock.now();
  const latest = await deps.numbers.latestCode(number.id);
  if (latest === undefined) return fail(domainError('VERIFICATION_CODE_MISMATCH', 'No verification code was requested for this number: call /request_code first.'));
  if (latest.code !== input.code) return fail(domainError('VERIFICATION_CODE_MISMATCH', 'Code couldn\'t be verified: it is not the last code sent to this number.'));
  if (latest.usedAt !== null && number.codeVerificationStatus === 'VERIFIED') return ok(undefined);
  if (latest.expiresAt <= now) {
    return fail(domainError('VERIFICATION_CODE_MISMATCH', `Code couldn't be verified: it expired ${Math.ceil((now - latest.expiresAt) / 60_000)} min ago; request a new one.`));
  }
  await deps.writer.commit(unitOf([record(codeUsed, { key: latest.key, at: now }), record(phoneNumberChanged, { id: number.id, patch: { codeVerificationStatus: 'VERIFIED' } })]));
  return ok(undefined);
}
