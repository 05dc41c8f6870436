import { phoneNumberChanged, type PhoneNumber, type PhoneNumberPatch } from '../../accounts/index.js';
import { openReview } from '../../reviews/index.js';
import { domainError, fail, ok, record, unitOf, type DomainError, type Result } from '../../shared/index.js';
import type { NumbersDeps } from './numbers-deps.js';

/**
 * Asks for a new display name; it goes through review again. While the current name is approved the
 * request is a change (`new_display_name`, `new_name_status`) that takes effect at the next
 * registration once approved; otherwise it replaces the name under review.
 */
export async function requestDisplayName(deps: NumbersDeps, input: { readonly number: PhoneNumber; readonly name: string }): Promise<Result<PhoneNumber, DomainError>> {
  const { number } = input;
  const pending = await deps.reviews.list({ kind: 'display_name', phoneNumberId: number.id, status: 'pending', limit: 1 });
  if (pending.length > 0) return fail(domainError('REQUEST_CONFLICT', 'A display name of this number is already under review; wait for its outcome.'));
  const now = deps.clock.now();
  const change = number.nameStatus === 'APPROVED';
  const patch: PhoneNumberPatch = change ? { newVerifiedName: input.name, newNameStatus: 'PENDING_REVIEW' } : { verifiedName: input.name, nameStatus: 'PENDING_REVIEW' };
  const review = await openReview(deps, { kind: 'display_name', businessId: number.businessId, wabaId: number.wabaId, phoneNumberId: number.id, details: { requested_name: input.name, change } }, now);
  await deps.writer.commit(unitOf(review.records, [record(phoneNumberChanged, { id: number.id, patch })]));
  return ok({ ...number, ...patch });
}
