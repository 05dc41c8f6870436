import type { AccountsRepository, MessagingLimitTier, PhoneNumber, StartingTierSource } from '../../accounts/index.js';
import type { ReviewerSettingsSource, ReviewsRepository } from '../../reviews/index.js';
import { domainError, record, type Clock, type Credentials, type DomainError, type IdSource, type Result, type UnitRecord, type WriteBatcher } from '../../shared/index.js';
import type { WebhookTargets } from '../../webhooks/index.js';
import { explainIllegalTransition, nextNumberStatus, type NumberFacts, type NumberStatusEvent } from '../domain/number-status.machine.js';
import type { CodeGenerator, NumbersRepository, WhatsAppDirectory } from '../ports.js';
import { numberStatusChanged } from '../records.js';
import type { NumberStatus } from '../../accounts/index.js';

/** Everything the number use cases read and write through. */
export interface NumbersDeps {
  readonly accounts: AccountsRepository;
  readonly numbers: NumbersRepository;
  readonly reviews: ReviewsRepository;
  readonly writer: WriteBatcher;
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly credentials: Credentials;
  readonly targets: WebhookTargets;
  readonly reviewers: ReviewerSettingsSource;
  readonly startingTier: StartingTierSource;
  /**
   * The tier a new number of the business starts at on its limits profile's ladder, from the level it
   * is given (`TIER_50` the trial tier, `TIER_1K` tier 1); without it, the number keeps that name.
   */
  readonly tierOnLadder?: (businessId: string, tier: MessagingLimitTier) => Promise<MessagingLimitTier>;
  readonly directory: WhatsAppDirectory;
  readonly codes: CodeGenerator;
}

/** The PIN is never stored: only a digest bound to the number. */
export function pinDigest(credentials: Credentials, phoneNumberId: string, pin: string): string {
  return credentials.hashToken(`two-step-pin:${phoneNumberId}:${pin}`);
}

/**
 * Moves a number through the status machine: the new status for the caller's patch, and the
 * transition row with its cause when the status changes. An event the status does not accept is
 * refused (REQUEST_CONFLICT), not written.
 */
export function changeStatus(
  ids: IdSource,
  number: PhoneNumber,
  event: NumberStatusEvent,
  facts: NumberFacts,
  cause: string,
  at: number,
): Result<{ readonly status: NumberStatus; readonly records: UnitRecord[] }, DomainError> {
  const step = nextNumberStatus(number.status, event, facts);
  if (!step.ok) return { ok: false, error: domainError('REQUEST_CONFLICT', explainIllegalTransition(step.error)) };
  if (step.to === number.status) return { ok: true, value: { status: step.to, records: [] } };
  const change = record(numberStatusChanged, {
    key: ids.key(),
    phoneNumberId: number.id,
    businessId: number.businessId,
    from: number.status,
    to: step.to,
    event,
    cause: `${step.because}${cause === '' ? '' : ` (${cause})`}`,
    at,
  });
  return { ok: true, value: { status: step.to, records: [change] } };
}

/** "in 2 h 5 min", for errors that say when to try again. */
export function waitFor(fromNow: number): string {
  const minutes = Math.max(1, Math.ceil(fromNow / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}
