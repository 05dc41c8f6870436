import type { ReviewDecision, ReviewKind, Verdict } from './review.model.js';

/** What a simulated reviewer does: decide after a delay, or wait for an operator (`manual`). */
export type ReviewerOutcome = ReviewDecision | 'manual';

export interface ReviewerSetting {
  readonly outcome: ReviewerOutcome;
  readonly delayMs: number;
  /** The reason given when the reviewer rejects. */
  readonly reason: string | null;
}

export type ReviewerSettings = Readonly<Record<ReviewKind, ReviewerSetting>>;

const hour = 3_600_000;

/**
 * Kabar's defaults (an operator changes them): business verification approved after 2 days, the
 * Commerce Policy review of a number after 10 minutes, a display name after 1 day; the green tick
 * waits for an operator, who judges notability.
 */
export const defaultReviewerSettings: ReviewerSettings = {
  business_verification: { outcome: 'approve', delayMs: 48 * hour, reason: null },
  commerce_policy: { outcome: 'approve', delayMs: hour / 6, reason: null },
  display_name: { outcome: 'approve', delayMs: 24 * hour, reason: null },
  official_business_account: { outcome: 'manual', delayMs: 0, reason: null },
};

const defaultRejectionReasons: Readonly<Record<ReviewKind, string>> = {
  business_verification: 'The documents do not confirm the business\'s legal name and address.',
  commerce_policy: 'The business does not comply with the WhatsApp Commerce Policy.',
  display_name: 'NAME_FORMAT_UNACCEPTABLE',
  official_business_account: 'The business is not notable enough for an Official Business Account.',
};

/** When the reviewer will decide a review requested at `now`, and what; nothing when an operator must. */
export function plannedVerdict(kind: ReviewKind, setting: ReviewerSetting, now: number): { readonly dueAt: number; readonly verdict: Verdict } | undefined {
  if (setting.outcome === 'manual') return undefined;
  const reason = setting.outcome === 'reject' ? (setting.reason ?? defaultRejectionReasons[kind]) : null;
  return { dueAt: now + Math.max(0, setting.delayMs), verdict: { decision: setting.outcome, reason, by: 'reviewer' } };
}

/** The reason recorded when an operator rejects without giving one. */
export function rejectionReason(kind: ReviewKind, given: string | null | undefined): string {
  return given === undefined || given === null || given.trim() === '' ? defaultRejectionReasons[kind] : given;
}
