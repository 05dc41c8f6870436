import { domainError, type DomainError } from '../../shared/index.js';
import type { ThroughputLevel } from '../../accounts/index.js';
import { proceed, type InboundStage, type MessageRecord, type SendContext, type SendStage, type SendVerdict } from '../../messaging/index.js';
import type { MarketingProfile } from '../../policy/index.js';
import { formatWait, messagesPerSecond, pairRate } from '../domain/throughput.policy.js';
import { isUsNumber, marketingRules } from '../domain/marketing-limit.policy.js';
import type { SendBudgets } from '../ports.js';

function refused(error: DomainError): SendVerdict {
  return { outcome: 'refuse', error };
}

/**
 * Throughput (send stage 850): the number's messages a second (130429) and the pair rate limit to
 * one user (131056), refused on the HTTP call with nothing stored, as the Cloud API does. A number
 * at `UNLIMITED` passes without touching a budget. Meta's throughput counts every message the API
 * accepts, so the stage runs for a send an earlier stage failed too (`evenIfFailed`: accepted with
 * a wamid, then a `failed` status): over the budget it is refused instead, nothing stored. A send
 * refused on the call takes nothing: the refusals for bad input, the number, a blocked user or
 * consent come before this stage, and when the messaging-limit admission (900) refuses after it,
 * the take is given back (`giveBack`), to the number's second and to the pair.
 */
export function throughputStage(budgets: SendBudgets): SendStage {
  return {
    name: 'throughput',
    evenIfFailed: true,
    check(context) {
      const level = context.number.throughputLevel;
      return level === 'UNLIMITED' ? proceed : takeThroughput(budgets, context, level);
    },
  };
}

/** Takes the send from the number's second and from the pair's budget, or refuses it with the wait. */
async function takeThroughput(budgets: SendBudgets, context: SendContext, level: Exclude<ThroughputLevel, 'UNLIMITED'>): Promise<SendVerdict> {
  const request = { phoneNumberId: context.number.id, waId: context.message.waId, level, now: context.now };
  const verdict = await budgets.take(request);
  if (verdict.ok) return { outcome: 'continue', giveBack: () => budgets.giveBack(request) };
  const retry = formatWait(verdict.waitMs);
  if (verdict.spent === 'number') {
    return refused(
      domainError(
        'THROUGHPUT_EXCEEDED',
        `Throughput reached: this number (throughput level ${level}) may send ${messagesPerSecond[level] ?? 0} messages per second; the next one fits in ${retry}.`,
      ),
    );
  }
  return refused(
    domainError(
      'PAIR_RATE_LIMITED',
      `Pair rate limit hit: this number may send one message every ${pairRate.intervalMs / 1_000} s to ${context.message.waId}, with bursts of up to ${pairRate.burst} within ${pairRate.intervalMs / 1_000} s that are paid back afterwards; the next one fits in ${retry}.`,
    ),
  );
}

/**
 * Inbound throughput: Meta's throughput per number "is inclusive of inbound and outbound messages
 * and all message types", so every message a user sends the number (text, media, a reaction, a
 * tapped button, an order, a Flow's reply…) takes from the number's second, never from a pair's.
 * It is never refused or delayed, and it is counted only once it reaches the business (a blocked
 * user's message is withheld before). A number at `UNLIMITED` takes nothing.
 */
export function inboundThroughputStage(budgets: SendBudgets): InboundStage {
  return {
    name: 'throughput.inbound',
    async onInbound({ number, now }) {
      const level = number.throughputLevel;
      if (level !== 'UNLIMITED') await budgets.takeInbound({ phoneNumberId: number.id, level, now });
      return {};
    },
  };
}

export interface MarketingLimitDeps {
  readonly budgets: SendBudgets;
  /** The per-user marketing profile the sending business runs. */
  profileOf(businessId: string): Promise<MarketingProfile>;
}

/**
 * Per-user marketing limits (send stage 860): under the `2024-05` and `2025-04` profiles a marketing
 * template outside the customer-service window is accepted and then fails with 131049 when the
 * user's cap is reached (or, from `2025-04`, when the user's number is a US one). Other messages
 * pass without a read. A template the messaging-limit admission (900) then refuses gives its
 * delivery back: the user received nothing.
 */
export function marketingLimitStage(deps: MarketingLimitDeps): SendStage {
  return {
    name: 'marketing-per-user-limit',
    check(context) {
      const { message } = context;
      if (message.type !== 'template' || message.category !== 'marketing' || context.window.open) return proceed;
      return takeMarketing(deps, message, context.now);
    },
  };
}

/** A marketing template outside the window: held back for US numbers, and counted against the per-user limit. */
async function takeMarketing(deps: MarketingLimitDeps, message: MessageRecord, now: number): Promise<SendVerdict> {
  const profile = await deps.profileOf(message.businessId);
  const rule = marketingRules[profile];
  if (rule.holdUsNumbers && isUsNumber(message.waId)) {
    return {
      outcome: 'fail',
      errorCode: 131049,
      details: `Marketing templates to US numbers are held back since 2025-04-01 (policy profile marketing ${profile}).`,
    };
  }
  if (rule.perUser === null) return proceed;
  const request = { waId: message.waId, cap: rule.perUser, now };
  const verdict = await deps.budgets.takeMarketing(request);
  if (verdict.ok) return { outcome: 'continue', giveBack: () => deps.budgets.giveBackMarketing(request) };
  return {
    outcome: 'fail',
    errorCode: 131049,
    details:
      `This user already received ${rule.perUser.count} marketing templates in the last 24 h, the per-user limit of policy profile marketing ${profile}; ` +
      `the next one fits in ${formatWait(verdict.waitMs)}. Retrying sooner does not help.`,
  };
}
