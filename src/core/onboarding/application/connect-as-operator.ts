import type { PhoneNumber } from '../../accounts/index.js';
import { registerNumber, requestCode, verifyCode } from '../../numbers/index.js';
import { domainError, fail, ok, type DomainError, type Result } from '../../shared/index.js';
import { decideAsOperator, type OnboardingDeps } from './onboarding-deps.js';

/**
 * An operator takes a number through the rest of the path at once: a code requested and verified,
 * registration with the PIN, and its pending reviews (display name, Commerce Policy) approved.
 * Each step is skipped when done, so a run that stopped half-way resumes.
 */
export async function connectAsOperator(deps: OnboardingDeps, input: { readonly phoneNumberId: string; readonly pin: string }): Promise<Result<PhoneNumber, DomainError>> {
  const reload = async (): Promise<Result<PhoneNumber, DomainError>> => {
    const found = await deps.accounts.findPhoneNumber(input.phoneNumberId);
    return found === undefined ? fail(domainError('NODE_NOT_FOUND', `No phone number with id '${input.phoneNumberId}'.`)) : ok(found);
  };
  let number = await reload();
  if (!number.ok) return number;
  if (number.value.codeVerificationStatus !== 'VERIFIED') {
    const sent = await requestCode(deps, { number: number.value, method: 'SMS', language: 'en' });
    if (!sent.ok) return sent;
    const verified = await verifyCode(deps, { number: number.value, code: sent.value.code });
    if (!verified.ok) return verified;
    number = await reload();
    if (!number.ok) return number;
  }
  if (!number.value.registered) {
    const registered = await registerNumber(deps, { number: number.value, pin: input.pin });
    if (!registered.ok) return registered;
  }
  for (const kind of ['display_name', 'commerce_policy'] as const) {
    for (const review of await deps.reviews.list({ kind, phoneNumberId: input.phoneNumberId, status: 'pending', limit: 10 })) {
      const decided = await decideAsOperator(deps, { reviewId: review.id, decision: 'approve' });
      if (!decided.ok) return decided;
    }
  }
  return reload();
}
