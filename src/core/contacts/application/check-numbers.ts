import { notify } from '../../notifications/index.js';
import type { BusinessSettings } from '../../policy/index.js';
import { domainError, fail, ok, records, scheduleTimer, unitOf, type Clock, type DomainError, type IdSource, type Result, type UnitRecord, type WriteBatcher } from '../../shared/index.js';
import type { WebhookTargets } from '../../webhooks/index.js';
import { normaliseNumber } from '../domain/phone-normalisation.js';
import { blockedDetails, checkCacheMs, countingSince, isBlocked, tripsLimit, type CheckResultStatus, type NumberCheck, type VerificationBlock, type VerificationLimits } from '../domain/verification.policy.js';
import { numberChecked, type ContactsRepository, type NumberChecksRepository, type NumberDirectory } from '../ports.js';
import { contactSettingsOf, saveVerificationBlock, verificationBlockOf } from './contact-settings.js';

export interface CheckDeps {
  readonly checks: NumberChecksRepository;
  readonly contacts: Pick<ContactsRepository, 'firstNumberOf'>;
  readonly settings: BusinessSettings;
  readonly directory: NumberDirectory;
  readonly writer: WriteBatcher;
  readonly targets: WebhookTargets;
  readonly clock: Clock;
  readonly ids: IdSource;
  /** Told of the numbers whose checks committed, so that messaging them can be noticed. */
  readonly onChecked?: (businessId: string, waIds: readonly string[]) => void;
}

export interface CheckRequest {
  readonly businessId: string;
  readonly inputs: readonly string[];
  /** `wait`: answer every number now; `no_wait`: answer `processing` for numbers not checked before. */
  readonly blocking: 'wait' | 'no_wait';
  /** Check again even when a recent answer is known. */
  readonly forceCheck: boolean;
}

export interface CheckAnswer {
  readonly input: string;
  readonly status: CheckResultStatus;
  readonly waId?: string;
}

/** The timer kind that answers `no_wait` checks after the request. */
export const pendingCheckTimer = 'contacts.number-check';
/** The timer kind that tells the business its block lifted. */
export const blockLiftTimer = 'contacts.verification-unblock';

/**
 * Does each number have WhatsApp? The On-Premises contact check, also used by the CRM. Answers are
 * reused for 7 days unless `forceCheck`. Every number checked counts toward the anti-abuse limit
 * until the business messages it; a business at the limit is refused (368) until the block lifts.
 */
export async function checkNumbers(deps: CheckDeps, request: CheckRequest): Promise<Result<readonly CheckAnswer[], DomainError>> {
  const now = deps.clock.now();
  const block = await verificationBlockOf(deps.settings, request.businessId);
  if (isBlocked(block, now)) return fail(domainError('CHECKS_BLOCKED', blockedDetails(block, now)));
  const { defaultCountry, verification } = await contactSettingsOf(deps, request.businessId);
  const normalised = request.inputs.map((input) => ({ input, waId: normaliseNumber(input, defaultCountry) }));
  const waIds = [...new Set(normalised.flatMap((entry) => (entry.waId.ok ? [entry.waId.value] : [])))];
  const known = new Map((request.forceCheck ? [] : await deps.checks.findChecks(request.businessId, waIds)).map((check) => [check.waId, check]));
  const decided = new Map<string, CheckResultStatus>();
  const pending: string[] = [];
  for (const waId of waIds) {
    const cached = known.get(waId);
    if (cached !== undefined && cached.status !== 'processing' && now - cached.checkedAt < checkCacheMs) decided.set(waId, cached.status);
    else if (request.blocking === 'wait') decided.set(waId, deps.directory.onWhatsApp(waId) ? 'valid' : 'invalid');
    else {
      decided.set(waId, 'processing');
      pending.push(waId);
    }
  }
  const checks: NumberCheck[] = waIds.map((waId) => ({ businessId: request.businessId, waId, status: decided.get(waId) ?? 'processing', checkedAt: now, messagedAt: null }));
  const added: UnitRecord[] = [];
  if (pending.length > 0) {
    added.push(scheduleTimer(deps.ids, { kind: pendingCheckTimer, subject: `${request.businessId}:${deps.ids.key()}`, dueAt: now, payload: { businessId: request.businessId, waIds: pending } }));
  }
  await deps.writer.commit(unitOf(records(numberChecked, checks), added));
  deps.onChecked?.(request.businessId, waIds);
  await enforceLimit(deps, request.businessId, verification, block, now);
  return ok(
    normalised.map(({ input, waId }) => {
      if (!waId.ok) return { input, status: 'invalid' as const };
      const status = decided.get(waId.value) ?? 'processing';
      return status === 'valid' ? { input, status, waId: waId.value } : { input, status };
    }),
  );
}

async function enforceLimit(deps: CheckDeps, businessId: string, limits: VerificationLimits, previous: VerificationBlock | undefined, now: number): Promise<void> {
  const unmessaged = await deps.checks.countUnmessaged(businessId, countingSince(limits, previous, now));
  if (!tripsLimit(limits, unmessaged)) return;
  const block = { since: now, until: now + limits.blockMs, unmessaged };
  await saveVerificationBlock(deps.settings, businessId, block, now);
  const feed = await notify(
    deps,
    {
      businessId,
      wabaId: null,
      kind: 'contacts.verification_blocked',
      severity: 'warning',
      title: 'Number checks blocked',
      body: blockedDetails(block, now),
      data: { until: block.until, unmessaged },
    },
    now,
  );
  await deps.writer.commit(unitOf(feed, [scheduleTimer(deps.ids, { kind: blockLiftTimer, subject: businessId, dueAt: block.until, payload: { businessId } })]));
}

/** The `no_wait` numbers of one request, answered when their timer runs. */
export function answerPendingChecks(deps: Pick<CheckDeps, 'directory'>, payload: { readonly businessId: string; readonly waIds: readonly string[] }, at: number): UnitRecord[] {
  return records(
    numberChecked,
    payload.waIds.map((waId) => ({ businessId: payload.businessId, waId, status: deps.directory.onWhatsApp(waId) ? ('valid' as const) : ('invalid' as const), checkedAt: at, messagedAt: null })),
  );
}

/** The block lifted: a line in the business's feed. */
export function blockLifted(deps: Pick<CheckDeps, 'ids' | 'targets'>, businessId: string, at: number): Promise<UnitRecord[]> {
  return notify(deps, { businessId, wabaId: null, kind: 'contacts.verification_unblocked', severity: 'info', title: 'Number checks allowed again', body: 'The block on number checks has lifted.' }, at);
}
