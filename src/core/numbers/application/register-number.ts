import { phoneNumberChanged, type PhoneNumber, type PhoneNumberPatch } from '../../accounts/index.js';
import { openReview } from '../../reviews/index.js';
import { domainError, fail, ok, record, unitOf, type DomainError, type Result, type UnitRecord } from '../../shared/index.js';
import { pinGuessVerdict, pinGuessWindowMs } from '../domain/pin.policy.js';
import { registrationWindow, registrationWindowMs, registrationCallLimit } from '../domain/registration.policy.js';
import { registrationCalled, wrongPinGuessed } from '../records.js';
import { changeStatus, pinDigest, waitFor, type NumbersDeps } from './numbers-deps.js';

/** Register and deregister share one moving window of 10 calls in 72 h (133016). */
export async function checkRegistrationWindow(deps: NumbersDeps, number: PhoneNumber, now: number): Promise<Result<void, DomainError>> {
  const window = registrationWindow(await deps.numbers.registrationCallsSince(number.id, now - registrationWindowMs), now);
  if (window.allowed) return ok(undefined);
  return fail(
    domainError(
      'REGISTRATION_RATE_LIMITED',
      `This number was registered or deregistered ${window.used} times in the last 72 hours, the most allowed is ${registrationCallLimit}; the next call is allowed in ${waitFor(window.nextAllowedAt - now)}.`,
    ),
  );
}

/** Checks the two-step PIN; a wrong guess is stored (it counts towards 133008) with the refusal. */
async function checkPin(deps: NumbersDeps, number: PhoneNumber, pin: string, now: number): Promise<Result<void, DomainError>> {
  if (number.pinHash === null) return ok(undefined);
  const guess = pinGuessVerdict(await deps.numbers.wrongPinGuessesSince(number.id, now - pinGuessWindowMs), now);
  if (guess.verdict === 'too-many') {
    return fail(domainError('PIN_TOO_MANY_GUESSES', `Too many wrong two-step verification PINs for this number; try again in ${waitFor(guess.retryAt - now)}.`));
  }
  if (guess.verdict === 'too-fast') {
    return fail(domainError('PIN_GUESSED_TOO_FAST', `The two-step verification PIN was entered too quickly after a wrong one; wait ${Math.ceil((guess.retryAt - now) / 1000)} s.`));
  }
  if (pinDigest(deps.credentials, number.id, pin) === number.pinHash) return ok(undefined);
  await deps.writer.commit(unitOf([record(wrongPinGuessed, { key: deps.ids.key(), phoneNumberId: number.id, at: now })]));
  return fail(domainError('PIN_MISMATCH', 'The two-step verification PIN does not match the one set for this number.'));
}

/**
 * Registers a verified number with the Cloud API. The PIN is the number's two-step PIN, or becomes
 * it when none is set. A number whose Commerce Policy review has not passed stays Pending while the
 * review runs; an approved change of display name takes effect here.
 */
export async function registerNumber(
  deps: NumbersDeps,
  input: { readonly number: PhoneNumber; readonly pin: string; readonly dataLocalizationRegion?: string },
): Promise<Result<PhoneNumber, DomainError>> {
  const { number } = input;
  const now = deps.clock.now();
  const window = await checkRegistrationWindow(deps, number, now);
  if (!window.ok) return window;
  if (number.codeVerificationStatus !== 'VERIFIED') {
    return fail(domainError('NUMBER_NOT_VERIFIED', 'This number has not verified a code yet: call /request_code, then /verify_code, then /register.'));
  }
  const pin = await checkPin(deps, number, input.pin, now);
  if (!pin.ok) return pin;
  const records: UnitRecord[] = [];
  let commerceReview = number.commerceReview;
  if (commerceReview === 'none' || commerceReview === 'failed') {
    const review = await openReview(deps, { kind: 'commerce_policy', businessId: number.businessId, wabaId: number.wabaId, phoneNumberId: number.id }, now);
    records.push(...review.records);
    commerceReview = 'pending';
  }
  const step = changeStatus(deps.ids, number, 'registered', { registered: true, commerceReview }, '', now);
  if (!step.ok) return step;
  const patch: PhoneNumberPatch = {
    registered: true,
    status: step.value.status,
    commerceReview,
    lastOnboardedAt: now,
    dataLocalizationRegion: input.dataLocalizationRegion ?? null,
    ...(number.pinHash === null ? { pinHash: pinDigest(deps.credentials, number.id, input.pin) } : {}),
    ...(number.newNameStatus === 'APPROVED' && number.newVerifiedName !== null ? { verifiedName: number.newVerifiedName, newVerifiedName: null, newNameStatus: 'NONE' as const } : {}),
  };
  await deps.writer.commit(
    unitOf(records, step.value.records, [
      record(phoneNumberChanged, { id: number.id, patch }),
      record(registrationCalled, { key: deps.ids.key(), phoneNumberId: number.id, action: 'register', at: now }),
    ]),
  );
  if (number.migratedFrom !== null) await deps.directory.onboarded(number.phoneNumber);
  return ok({ ...number, ...patch });
}

/** Deregisters a number: it goes Offline and can no longer send. */
export async function deregisterNumber(deps: NumbersDeps, input: { readonly number: PhoneNumber }): Promise<Result<PhoneNumber, DomainError>> {
  const { number } = input;
  const now = deps.clock.now();
  const window = await checkRegistrationWindow(deps, number, now);
  if (!window.ok) return window;
  if (!number.registered) return fail(domainError('NUMBER_NOT_REGISTERED', 'This phone number is not registered, so it cannot be deregistered.'));
  const step = changeStatus(deps.ids, number, 'deregistered', { registered: false, commerceReview: number.commerceReview }, '', now);
  if (!step.ok) return step;
  const patch: PhoneNumberPatch = { registered: false, status: step.value.status, dataLocalizationRegion: null };
  await deps.writer.commit(
    unitOf(step.value.records, [
      record(phoneNumberChanged, { id: number.id, patch }),
      record(registrationCalled, { key: deps.ids.key(), phoneNumberId: number.id, action: 'deregister', at: now }),
    ]),
  );
  return ok({ ...number, ...patch });
}
