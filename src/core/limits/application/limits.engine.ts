import { phoneNumberChanged, type AccountsRepository, type MessagingLimitTier, type PhoneNumber, type QualityRating } from '../../accounts/index.js';
import type { FeedbackRepository } from '../../feedback/index.js';
import { proceed, type InboundStage, type SendContext, type SendStage, type SendVerdict } from '../../messaging/index.js';
import { notify } from '../../notifications/index.js';
import { changeStatus, waitFor, type NumberStatusEvent } from '../../numbers/index.js';
import type { BusinessPolicy, LimitsProfile } from '../../policy/index.js';
import { cancelTimers, displayPhoneNumber, domainError, record, scheduleTimer, unitOf, type Awaitable, type IdSource, type Timer, type TimerHandler, type UnitRecord } from '../../shared/index.js';
import type { WebhookTargets } from '../../webhooks/index.js';
import { ContactIndex, numberScope, portfolioScope, rollingWindowMs, type ContactWindow, type NextRelease } from '../domain/contact-window.js';
import { assessQuality, type QualityAssessment, type QualitySignals } from '../domain/quality.model.js';
import {
  limitText, limitsRules, lowerTier, newNumberTier, nextTier, portfolioTier, ratingLabel, tierAt, tierLevels, tierLimits, tierOn, upgradeThreshold, type LimitsRules, type QualityThresholds,
} from '../domain/limits.rules.js';
import { customerAnswered, customerAsked, escalationPathDeclared, limitContacted, limitEventRecorded, type EscalationPath, type LimitContact, type LimitEvent, type StoredAnswerTime } from '../records.js';
import { AnswerTimes } from './answer-times.js';
import { throughputUpgradeHandlers, throughputUpgradeTimer, throughputUpgradeTimers } from './throughput-upgrade.js';
import { qualifiesForHighThroughput } from '../../throughput/index.js';

const hour = 60 * 60 * 1000;
const day = 24 * hour;
/** Ratings are looked at again every 5 h while there is something to look at (5 h never lands on a 7-day deadline). */
const recheckMs = 5 * hour;

export const limitTimers = {
  evaluate: 'limits.evaluate',
  autoUpgrade: 'limits.auto-upgrade',
  restrict: 'limits.restrict',
  release: 'limits.release',
  quality: 'limits.quality',
  wabaQuality: 'limits.waba-quality',
  flagExpiry: 'limits.flag-expiry',
  escalation: 'limits.escalation',
} as const;

/** The notification kind of each `phone_number_quality_update` event the engine tells. */
const qualityKinds = { FLAGGED: 'limits.flagged', UNFLAGGED: 'limits.unflagged', UPGRADE: 'limits.upgrade', DOWNGRADE: 'limits.downgrade' } as const;

/** What the limits engine reads and tells through. */
export interface LimitsDeps {
  readonly accounts: AccountsRepository;
  readonly ids: IdSource;
  readonly targets: WebhookTargets;
  readonly policyOf: (businessId: string) => Awaitable<BusinessPolicy>;
  readonly feedback: Pick<FeedbackRepository, 'countByKind'>;
  /** How many templates of a WABA are rated Low and Medium now. */
  readonly templateQuality: (wabaId: string) => Promise<{ readonly low: number; readonly medium: number }>;
  /** The business's own quality thresholds, when it set them (`POST /admin/businesses/{id}/quality-thresholds`). */
  readonly thresholdsOf?: (businessId: string) => Awaitable<QualityThresholds | undefined>;
}

/** Every number of a business portfolio, across its WABAs. */
export async function portfolioNumbers(accounts: Pick<AccountsRepository, 'listWabas' | 'listPhoneNumbers'>, businessId: string): Promise<PhoneNumber[]> {
  const wabas = await accounts.listWabas(businessId);
  return (await Promise.all(wabas.map((waba) => accounts.listPhoneNumbers(waba.id)))).flat();
}

/**
 * The tier a number added to a business starts at, on the ladder of the business's limits profile:
 * `given` (the trial tier or tier 1) at its level, or the portfolio's tier when the limit is the
 * portfolio's (`2025-10`) and the portfolio already holds numbers.
 */
export async function startingTierOnLadder(deps: Pick<LimitsDeps, 'accounts' | 'policyOf'>, businessId: string, given: MessagingLimitTier): Promise<MessagingLimitTier> {
  const rules = limitsRules((await deps.policyOf(businessId)).limits);
  const portfolio = rules.scope === 'portfolio' ? await portfolioNumbers(deps.accounts, businessId) : [];
  return newNumberTier(rules, given, portfolio.map((number) => number.messagingLimitTier));
}

/** How a number stands against its limit, for the admin API and the CLI. */
export interface LimitsReport {
  readonly phoneNumberId: string;
  readonly profile: string;
  readonly scope: 'number' | 'portfolio';
  readonly tier: MessagingLimitTier;
  readonly limit: number | null;
  readonly inWindow: number;
  readonly inWeek: number;
  readonly freeSlots: number | null;
  readonly upgradeAt: number | null;
  readonly nextTier: MessagingLimitTier | null;
  readonly nextRelease: { readonly at: number; readonly slots: number } | null;
  readonly releases: readonly { readonly at: number; readonly slots: number }[];
  readonly status: string;
  readonly qualityRating: QualityRating;
  readonly quality: QualityAssessment;
  readonly escalationPath: EscalationPath | null;
  readonly explanation: string;
}

interface RefusalText {
  readonly release: NextRelease | undefined;
  readonly minutes: number;
  readonly tier: MessagingLimitTier;
  readonly profile: string;
  readonly status: string;
  readonly text: string;
}

type Assessed = { readonly assessment: QualityAssessment; readonly signals: QualitySignals };

/**
 * Messaging limits, quality rating and the quality side of a number's status, as one engine: the
 * admission send stage (position 900), the timers that upgrade, flag, restrict and lower, and the
 * quality model's inputs. The counts live in memory (`ContactIndex`) and are rebuilt from the stored
 * contacts at start; every change it decides is a unit of work with its notification.
 */
export class LimitsEngine {
  readonly index = new ContactIndex();
  readonly answers = new AnswerTimes();
  readonly #deps: LimitsDeps;
  readonly #escalation = new Map<string, EscalationPath>();
  /** Timers asked for already, so that every send past a threshold does not ask again: kind:scope → tier. */
  readonly #asked = new Map<string, string>();
  /** The last refusal's explanation per window (number or portfolio), and what it was worded from. */
  readonly #refusals = new WeakMap<ContactWindow, RefusalText>();

  constructor(deps: LimitsDeps) {
    this.#deps = deps;
  }

  /** Rebuilds the windows from stored contacts (oldest first), the escalation standings and the answer times. */
  load(contacts: readonly LimitContact[], paths: readonly EscalationPath[], now: number, answers: readonly StoredAnswerTime[] = []): void {
    for (const answer of answers) this.answers.asked(answer.phoneNumberId, answer.waId, answer.askedAt, answer.answeredAt);
    for (const contact of contacts) {
      this.index.window(numberScope(contact.phoneNumberId)).replay(contact.waId, contact.at, now);
      this.index.window(portfolioScope(contact.businessId)).replay(contact.waId, contact.at, now);
    }
    for (const path of paths) this.#escalation.set(path.phoneNumberId, path);
  }

  /** Keeps the escalation standings in step with what committed. */
  escalationCommitted(path: EscalationPath): void {
    this.#escalation.set(path.phoneNumberId, path);
    // A declared path lets the limit rise again: thresholds held back before are looked at anew.
    if (path.kind !== 'missing') for (const key of [...this.#asked.keys()]) if (key.endsWith(path.phoneNumberId) || key.endsWith(`:${portfolioScope(path.businessId)}`)) this.#asked.delete(key);
  }

  escalationPath(phoneNumberId: string): EscalationPath | undefined {
    return this.#escalation.get(phoneNumberId);
  }

  /** No path declared and the 7 days of grace are over: the limit may not rise. */
  #penalised(rules: LimitsRules, phoneNumberId: string, at: number): boolean {
    const path = this.#escalation.get(phoneNumberId);
    return path?.kind === 'missing' && path.declaredAt + rules.escalationGraceMs <= at;
  }

  #ask(kind: string, subject: string, token: string): boolean {
    const key = `${kind}:${subject}`;
    if (this.#asked.get(key) === token) return false;
    this.#asked.set(key, token);
    return true;
  }

  /** Forgets which timers were asked for the number and its portfolio, so that the next send asks again. */
  #forget(number: Pick<PhoneNumber, 'id' | 'businessId'>): void {
    for (const key of [...this.#asked.keys()]) {
      if (key.startsWith(limitTimers.escalation) || key.startsWith(limitTimers.quality)) continue;
      if (key.endsWith(`:n:${number.id}`) || key.endsWith(`:${number.id}`) || key.endsWith(`:${portfolioScope(number.businessId)}`)) this.#asked.delete(key);
    }
  }

  async rulesFor(businessId: string): Promise<LimitsRules> {
    return limitsRules((await this.#deps.policyOf(businessId)).limits);
  }

  #windowOf(rules: LimitsRules, number: Pick<PhoneNumber, 'id' | 'businessId'>): ContactWindow {
    return this.index.window(rules.scope === 'portfolio' ? portfolioScope(number.businessId) : numberScope(number.id));
  }

  #scopeOf(rules: LimitsRules, number: Pick<PhoneNumber, 'id' | 'businessId'>): string {
    return rules.scope === 'portfolio' ? portfolioScope(number.businessId) : numberScope(number.id);
  }

  /** The admission send stage (position 900). */
  readonly admission: SendStage = {
    name: 'messaging-limit',
    check: (context) => {
      const { number, message, now } = context;
      if (!context.window.open) return this.#admit(context);
      // A reply inside the customer-service window never counts; it answers the customer.
      if (!this.answers.answered(number.id, message.waId, now)) return proceed;
      return { outcome: 'continue', records: [record(customerAnswered, { phoneNumberId: number.id, waId: message.waId, at: now })] };
    },
  };

  /** A send outside the window: counted against the tier's unique customers in 24 h, or refused past them. */
  async #admit(context: SendContext): Promise<SendVerdict> {
    const { number, message, now } = context;
    const rules = await this.rulesFor(number.businessId);
    const tier = tierOn(rules, number.messagingLimitTier);
    const limit = tierLimits[tier];
    const scope = this.#scopeOf(rules, number);
    const window = this.index.window(scope);
    const verdict = window.admit(message.waId, now, limit);
    if (!verdict.admitted) {
      return { outcome: 'refuse', error: domainError('MESSAGING_LIMIT_REACHED', this.#refusal(rules, number, tier, window, now)) };
    }
    const other = rules.scope === 'portfolio' ? numberScope(number.id) : portfolioScope(number.businessId);
    const counted = this.index.window(other).admit(message.waId, now, null);
    const records: UnitRecord[] = [record(limitContacted, { phoneNumberId: number.id, businessId: number.businessId, waId: message.waId, at: now })];
    if (tier !== number.messagingLimitTier) records.push(record(phoneNumberChanged, { id: number.id, patch: { messagingLimitTier: tier } }));
    const threshold = upgradeThreshold(rules, tier);
    if (threshold !== null && verdict.inWeek >= threshold && this.#ask(limitTimers.evaluate, scope, tier)) {
      records.push(scheduleTimer(this.#deps.ids, { kind: limitTimers.evaluate, subject: scope, dueAt: now, payload: { phoneNumberId: number.id, tier } }));
    }
    if (limit !== null && verdict.inWindow >= limit) records.push(...this.#fullRecords(rules, number, tier, scope, now));
    if (!this.#escalation.has(number.id)) records.push(...(await this.#warnEscalation(rules, number, now)));
    // Past the weekly allowance of notifications per recipient the frequency costs points: rate the number within the hour.
    const sent = this.index.window(numberScope(number.id));
    if (sent.sendsInWeek(now) > sent.inWeek(now) * rules.quality.weights.frequencyAllowance) {
      const check = this.qualityCheckSoon(number.id, now);
      if (check !== undefined) records.push(check);
    }
    if (number.throughputLevel === 'STANDARD' && limit === null && number.maintenanceUntil === null) {
      // The number's own unique customers in 24 h (under `2025-10` the limit is the portfolio's, the 100,000 the number's).
      const own = rules.scope === 'portfolio' ? counted : verdict;
      const facts = { level: number.throughputLevel, messagingLimitTier: tier, uniqueUsersIn24h: own.admitted ? own.inWindow : 0, qualityRating: number.qualityRating };
      if (qualifiesForHighThroughput(facts, rules.profile) && this.#ask(throughputUpgradeTimers.start, number.id, 'asked')) records.push(throughputUpgradeTimer(this.#deps.ids, number, now));
    }
    return { outcome: 'continue', records };
  }

  /** What a window that just filled up asks for: the 24 h automatic upgrade, or restriction at Low quality. */
  #fullRecords(rules: LimitsRules, number: PhoneNumber, tier: MessagingLimitTier, scope: string, now: number): UnitRecord[] {
    const result: UnitRecord[] = [];
    if (rules.autoUpgradeAfterMs !== null && number.qualityRating === 'GREEN' && number.status === 'CONNECTED' && nextTier(rules, tier) !== undefined && this.#ask(limitTimers.autoUpgrade, scope, tier)) {
      result.push(scheduleTimer(this.#deps.ids, { kind: limitTimers.autoUpgrade, subject: scope, dueAt: now + rules.autoUpgradeAfterMs, payload: { phoneNumberId: number.id, tier } }));
    }
    if (rules.flagging && number.qualityRating === 'RED' && (number.status === 'CONNECTED' || number.status === 'FLAGGED') && this.#ask(limitTimers.restrict, number.id, `${tier}:${number.status}`)) {
      result.push(scheduleTimer(this.#deps.ids, { kind: limitTimers.restrict, subject: number.id, dueAt: now, payload: { tier } }));
    }
    return result;
  }

  #refusal(rules: LimitsRules, number: PhoneNumber, tier: MessagingLimitTier, window: ContactWindow, now: number): string {
    const release = window.nextRelease(now);
    const minutes = release === undefined ? 0 : Math.max(1, Math.ceil((release.at - now) / 60_000));
    const cached = this.#refusals.get(window);
    // The same full window refuses with the same words until a slot frees up or a minute passes.
    if (cached !== undefined && cached.release === release && cached.minutes === minutes && cached.tier === tier && cached.profile === rules.profile && cached.status === number.status) return cached.text;
    const frees = release === undefined ? '' : `; ${release.slots} slot${release.slots === 1 ? '' : 's'} free${release.slots === 1 ? 's' : ''} up in ${waitFor(release.at - now)}`;
    const whose = rules.scope === 'portfolio' ? "the business portfolio's" : "this phone number's";
    const restricted = number.status === 'RESTRICTED' ? ' The number is Restricted: its quality is Low and its limit is used up.' : '';
    const text =
      `Message failed to send because of ${whose} messaging limit: limit ${limitText(tier)} reached${frees}. ` +
      `${tier} counts unique customers messaged outside a customer-service window in a rolling 24 h (policy ${rules.profile}); replies inside an open window still go through.${restricted}`;
    this.#refusals.set(window, { release, minutes, tier, profile: rules.profile, status: number.status, text });
    return text;
  }

  async #warnEscalation(rules: LimitsRules, number: PhoneNumber, now: number): Promise<UnitRecord[]> {
    if (!this.#ask(limitTimers.escalation, number.id, 'warned')) return [];
    const missing: EscalationPath = { phoneNumberId: number.id, businessId: number.businessId, kind: 'missing', value: '', declaredAt: now };
    this.#escalation.set(number.id, missing);
    const lowered = `${limitText(tierAt(rules, rules.escalationCap))} unique customers a day`;
    return [
      record(escalationPathDeclared, missing),
      record(limitEventRecorded, this.#event(number, 'escalation', 'none', 'missing', 'sent business-initiated messages without a human escalation path', {}, now)),
      scheduleTimer(this.#deps.ids, { kind: limitTimers.escalation, subject: number.id, dueAt: now + rules.escalationGraceMs - day, payload: { step: 'final_warning' } }),
      scheduleTimer(this.#deps.ids, { kind: limitTimers.escalation, subject: `${number.id}:lower`, dueAt: now + rules.escalationGraceMs, payload: { step: 'lower' } }),
      ...(await this.#alert(number, 'WARNING', 'HUMAN_ESCALATION_PATH_MISSING', `${displayPhoneNumber(number.phoneNumber)} offers customers no way to reach a person. Declare a human escalation path (agent handover, phone number, email, web form or store visit) within 7 days, or its messaging limit will be lowered to ${lowered}; it cannot rise until the path is declared.`, now)),
    ];
  }

  #event(number: Pick<PhoneNumber, 'id' | 'businessId'>, kind: LimitEvent['kind'], from: string, to: string, cause: string, details: Readonly<Record<string, unknown>>, at: number): LimitEvent {
    return { key: this.#deps.ids.key(), phoneNumberId: number.id, businessId: number.businessId, kind, from, to, cause, details, at };
  }

  #alert(number: PhoneNumber, severity: 'WARNING' | 'CRITICAL' | 'INFORMATIONAL', type: 'HUMAN_ESCALATION_PATH_MISSING' | 'INCREASED_CAPABILITIES_ELIGIBILITY_DEFERRED', description: string, at: number): Promise<UnitRecord[]> {
    return notify(
      this.#deps,
      {
        businessId: number.businessId,
        wabaId: number.wabaId,
        phoneNumberId: number.id,
        kind: type === 'HUMAN_ESCALATION_PATH_MISSING' ? 'limits.human_escalation_path_missing' : 'limits.increased_capabilities_eligibility_deferred',
        severity: severity === 'INFORMATIONAL' ? 'info' : severity === 'WARNING' ? 'warning' : 'critical',
        title: `${type === 'HUMAN_ESCALATION_PATH_MISSING' ? 'No human escalation path' : 'Messaging limit upgrade held back'}: ${displayPhoneNumber(number.phoneNumber)}`,
        body: description,
        webhook: { field: 'account_alerts', value: { entity_type: 'PHONE_NUMBER', entity_id: number.id, alert_info: { alert_severity: severity, alert_status: 'ACTIVE', alert_type: type, alert_description: description } } },
      },
      at,
    );
  }

  /** `phone_number_quality_update` and the feed entry for a flag, an unflag, an upgrade or a downgrade. */
  #qualityUpdate(
    number: PhoneNumber,
    event: 'FLAGGED' | 'UNFLAGGED' | 'UPGRADE' | 'DOWNGRADE',
    current: MessagingLimitTier,
    old: MessagingLimitTier | undefined,
    body: string,
    at: number,
    facts: Readonly<Record<string, unknown>> = {},
    webhook = true,
  ): Promise<UnitRecord[]> {
    const shown = displayPhoneNumber(number.phoneNumber);
    const titles = {
      FLAGGED: `${shown} is Flagged: its quality is Low`,
      UNFLAGGED: `${shown} is Connected again`,
      UPGRADE: `Messaging limit of ${shown} raised to ${limitText(current)}`,
      DOWNGRADE: `Messaging limit of ${shown} lowered to ${limitText(current)}`,
    } as const;
    return notify(
      this.#deps,
      {
        businessId: number.businessId,
        wabaId: number.wabaId,
        phoneNumberId: number.id,
        kind: qualityKinds[event],
        severity: event === 'FLAGGED' || event === 'DOWNGRADE' ? 'warning' : 'info',
        title: titles[event],
        body,
        data: { display_phone_number: number.phoneNumber, event, current_limit: current, ...(old === undefined ? {} : { old_limit: old }), quality_rating: number.qualityRating, ...facts },
        ...(webhook
          ? { webhook: { field: 'phone_number_quality_update', value: { display_phone_number: number.phoneNumber, event, current_limit: current, ...(old === undefined ? {} : { old_limit: old }) } } }
          : {}),
      },
      at,
    );
  }

  /** The numbers a tier belongs to: the number, or every number of the portfolio. */
  async #holders(rules: LimitsRules, number: PhoneNumber): Promise<PhoneNumber[]> {
    return rules.scope === 'number' ? [number] : portfolioNumbers(this.#deps.accounts, number.businessId);
  }

  /**
   * Moves the tier of a number (or of the portfolio's numbers) and tells it: each number's change as
   * `phone_number_quality_update`, or, when the limit is the portfolio's (`2025-10`), the portfolio's
   * once to each of its WABAs as `business_capability_update`.
   */
  async #moveTier(rules: LimitsRules, number: PhoneNumber, to: MessagingLimitTier, cause: string, at: number, statusPatch?: Partial<PhoneNumber>): Promise<UnitRecord[]> {
    const holders = await this.#holders(rules, number);
    const result: UnitRecord[] = [];
    for (const holder of holders) {
      const from = tierOn(rules, holder.messagingLimitTier);
      const own = holder.id === number.id ? (statusPatch ?? {}) : {};
      if (from === to && Object.keys(own).length === 0) continue;
      result.push(record(phoneNumberChanged, { id: holder.id, patch: { messagingLimitTier: to, ...own } }));
      if (from === to) continue;
      result.push(record(limitEventRecorded, this.#event(holder, 'tier', from, to, cause, { profile: rules.profile }, at)));
      if (rules.scope === 'portfolio') continue;
      const event = tierLevels[to] > tierLevels[from] ? 'UPGRADE' : 'DOWNGRADE';
      result.push(...(await this.#qualityUpdate(holder, event, to, from, `Messaging limit of ${displayPhoneNumber(holder.phoneNumber)} ${event === 'UPGRADE' ? 'raised' : 'lowered'} from ${limitText(from)} to ${limitText(to)}: ${cause}.`, at)));
    }
    // Every number of the portfolio holds its tier: the number's is the portfolio's.
    const shared = tierOn(rules, number.messagingLimitTier);
    if (rules.scope === 'portfolio' && shared !== to) result.push(...(await this.#portfolioLimit(number.businessId, to, shared, cause, at)));
    this.#forget(number);
    return result;
  }

  /**
   * The portfolio's new messaging limit (`2025-10`), told as Meta tells it: `business_capability_update`
   * with `max_daily_conversations_per_business`, to every WABA of the portfolio, one feed entry each.
   */
  async #portfolioLimit(businessId: string, to: MessagingLimitTier, from: MessagingLimitTier | null, cause: string, at: number): Promise<UnitRecord[]> {
    // Null: the portfolio's first limit, when a business moves to `2025-10` (it starts at its highest number's).
    const event = from === null || tierLevels[to] > tierLevels[from] ? 'UPGRADE' : 'DOWNGRADE';
    const verb = event === 'UPGRADE' ? 'raised' : 'lowered';
    const change = from === null ? `is now ${limitText(to)}` : `was ${verb} from ${limitText(from)} to ${limitText(to)}`;
    const result: UnitRecord[] = [];
    for (const waba of await this.#deps.accounts.listWabas(businessId)) {
      result.push(
        ...(await notify(
          this.#deps,
          {
            businessId,
            wabaId: waba.id,
            kind: qualityKinds[event],
            severity: event === 'DOWNGRADE' ? 'warning' : 'info',
            title: from === null ? `Messaging limit of the business portfolio: ${limitText(to)}` : `Messaging limit of the business portfolio ${verb} to ${limitText(to)}`,
            body: `The business portfolio's messaging limit, shared by all its phone numbers, ${change} unique customers in a rolling 24 h: ${cause}.`,
            data: { event, max_daily_conversations_per_business: to, ...(from === null ? {} : { previous: from }) },
            webhook: { field: 'business_capability_update', value: { max_daily_conversations_per_business: to } },
          },
          at,
        )),
      );
    }
    return result;
  }

  /** The signals of the last 7 days before `at`, and the model's verdict. */
  async assess(number: PhoneNumber, at: number): Promise<Assessed> {
    const profile = await this.rulesFor(number.businessId);
    const thresholds = await this.#deps.thresholdsOf?.(number.businessId);
    const rules: LimitsRules = thresholds === undefined ? profile : { ...profile, quality: { ...profile.quality, thresholds } };
    const window = this.index.window(numberScope(number.id));
    const [recent, week, templates] = await Promise.all([
      this.#deps.feedback.countByKind({ phoneNumberId: number.id, from: at - day, to: at + 1 }),
      this.#deps.feedback.countByKind({ phoneNumberId: number.id, from: at - rules.quality.windowMs, to: at + 1 }),
      this.#deps.templateQuality(number.wabaId),
    ]);
    const split = (kind: 'block' | 'report' | 'stop_marketing') => ({ recent: recent[kind], earlier: week[kind] - recent[kind] });
    const answers = this.answers.stats(number.id, at - rules.quality.windowMs, at, rules.quality.weights.answerWithinMs);
    const signals: QualitySignals = {
      recipients: window.inWeek(at),
      sends: window.sendsInWeek(at),
      blocks: split('block'),
      reports: split('report'),
      optOuts: split('stop_marketing'),
      templates,
      customerMessages: answers.messages,
      answeredLate: answers.late,
      escalationPathMissing: this.#escalation.get(number.id)?.kind === 'missing',
    };
    return { assessment: assessQuality(signals, rules.quality), signals };
  }

  #facts(number: PhoneNumber, qualityLow: boolean) {
    return { registered: number.registered, commerceReview: number.commerceReview, qualityLow };
  }

  #transition(number: PhoneNumber, event: NumberStatusEvent, qualityLow: boolean, cause: string, at: number): { status: PhoneNumber['status']; records: UnitRecord[] } {
    const step = changeStatus(this.#deps.ids, number, event, this.#facts(number, qualityLow), cause, at);
    return step.ok ? step.value : { status: number.status, records: [] };
  }

  /** Rates the number again and applies what follows: flagged, unflagged, restricted. */
  async checkQuality(number: PhoneNumber, at: number): Promise<UnitRecord[]> {
    const rules = await this.rulesFor(number.businessId);
    const { assessment, signals } = await this.assess(number, at);
    const result: UnitRecord[] = [];
    const rating = assessment.rating;
    const patch: { qualityRating?: QualityRating; status?: PhoneNumber['status'] } = {};
    if (rating !== number.qualityRating) {
      patch.qualityRating = rating;
      result.push(record(limitEventRecorded, this.#event(number, 'quality', number.qualityRating, rating, assessment.explanation, { score: assessment.score, parts: assessment.parts }, at)));
      result.push(
        ...(await notify(
          this.#deps,
          {
            businessId: number.businessId,
            wabaId: number.wabaId,
            phoneNumberId: number.id,
            kind: 'limits.quality',
            severity: rating === 'RED' ? 'warning' : 'info',
            title: `Quality of ${displayPhoneNumber(number.phoneNumber)} is ${ratingLabel(rating)}`,
            body: `Quality of ${displayPhoneNumber(number.phoneNumber)} is now ${ratingLabel(rating)} (was ${ratingLabel(number.qualityRating)}): ${assessment.explanation}.`,
            data: {
              display_phone_number: number.phoneNumber,
              quality_rating: rating,
              previous_quality_rating: number.qualityRating,
              score: assessment.score,
              messaging_limit_tier: tierOn(rules, number.messagingLimitTier),
            },
          },
          at,
        )),
      );
    }
    const rated: PhoneNumber = { ...number, qualityRating: rating };
    const low = rating === 'RED';
    if (rules.flagging && low && number.status === 'CONNECTED') {
      const moved = this.#transition(rated, 'quality_low', true, assessment.explanation, at);
      patch.status = moved.status;
      result.push(...moved.records, scheduleTimer(this.#deps.ids, { kind: limitTimers.flagExpiry, subject: number.id, dueAt: at + rules.flaggedForMs, payload: {} }));
      const tier = tierOn(rules, number.messagingLimitTier);
      result.push(
        ...(await this.#qualityUpdate(
          { ...rated, status: moved.status },
          'FLAGGED',
          tier,
          undefined,
          `${displayPhoneNumber(number.phoneNumber)} is Flagged: its quality is Low. If quality is back to Medium or High by ${new Date(at + rules.flaggedForMs).toISOString()}, it returns to Connected at ${limitText(tier)}; otherwise to Connected one tier lower (${limitText(lowerTier(rules, tier))}).`,
          at,
          { score: assessment.score, flagged_until: new Date(at + rules.flaggedForMs).toISOString() },
        )),
      );
    } else if (!low && (number.status === 'FLAGGED' || number.status === 'RESTRICTED')) {
      const moved = this.#transition(rated, 'quality_recovered', false, assessment.explanation, at);
      patch.status = moved.status;
      const tier = tierOn(rules, number.messagingLimitTier);
      result.push(...moved.records, cancelTimers(limitTimers.flagExpiry, number.id));
      result.push(...(await this.#qualityUpdate({ ...rated, status: moved.status }, 'UNFLAGGED', tier, undefined, `${displayPhoneNumber(number.phoneNumber)} is Connected again: its quality recovered to ${ratingLabel(rating)} within 7 days, so its limit stays ${limitText(tier)}.`, at)));
    }
    if (rules.flagging && low) {
      const tier = tierOn(rules, number.messagingLimitTier);
      const limit = tierLimits[tier];
      if (limit !== null && this.#windowOf(rules, number).inWindow(at) >= limit) result.push(scheduleTimer(this.#deps.ids, { kind: limitTimers.restrict, subject: number.id, dueAt: at, payload: { tier } }));
    }
    if (Object.keys(patch).length > 0) {
      result.unshift(record(phoneNumberChanged, { id: number.id, patch }));
      // A new rating or status may let a held-back upgrade through, or call for a restriction: ask again.
      this.#forget(number);
    }
    const negative = signals.blocks.recent + signals.blocks.earlier + signals.reports.recent + signals.reports.earlier + signals.optOuts.recent + signals.optOuts.earlier;
    if (negative > 0 || rating !== 'GREEN' || patch.status === 'FLAGGED') result.push(scheduleTimer(this.#deps.ids, { kind: limitTimers.quality, subject: number.id, dueAt: at + recheckMs, payload: {} }));
    return result;
  }

  /** A quality check in the next whole hour, however many signals arrive in it. */
  qualityCheckSoon(phoneNumberId: string, at: number): UnitRecord | undefined {
    const due = Math.floor(at / hour) * hour + hour;
    if (!this.#ask(limitTimers.quality, phoneNumberId, String(due))) return undefined;
    return scheduleTimer(this.#deps.ids, { kind: limitTimers.quality, subject: phoneNumberId, dueAt: due, payload: {} });
  }

  /** A quality check of every number of a WABA in the next whole hour: one of its templates was rated anew. */
  wabaQualityCheckSoon(wabaId: string, at: number): UnitRecord | undefined {
    const due = Math.floor(at / hour) * hour + hour;
    if (!this.#ask(limitTimers.wabaQuality, wabaId, String(due))) return undefined;
    return scheduleTimer(this.#deps.ids, { kind: limitTimers.wabaQuality, subject: wabaId, dueAt: due, payload: {} });
  }

  /** Whether the number may move up from `tier` now, and why not. */
  async #mayRise(rules: LimitsRules, number: PhoneNumber, tier: MessagingLimitTier, at: number, needHigh: boolean): Promise<{ ok: true; assessment: QualityAssessment } | { ok: false; why: string }> {
    if (nextTier(rules, tier) === undefined) return { ok: false, why: 'it is at the top of the ladder' };
    if (tierLevels[tier] === 0) {
      const business = await this.#deps.accounts.findBusiness(number.businessId);
      if (business?.verificationStatus !== 'verified') return { ok: false, why: 'leaving the trial tier requires business verification' };
    }
    if (this.#penalised(rules, number.id, at)) return { ok: false, why: 'it has no human escalation path; declare one before the limit can rise' };
    if (rules.flagging && number.status !== 'CONNECTED') return { ok: false, why: `its status is ${number.status}, not CONNECTED` };
    const { assessment } = await this.assess(number, at);
    if (assessment.rating === 'RED') return { ok: false, why: `its quality is Low (${assessment.explanation})` };
    if (needHigh && assessment.rating !== 'GREEN') return { ok: false, why: `its quality is ${ratingLabel(assessment.rating)}, not High` };
    return { ok: true, assessment };
  }

  /** The timer handlers, by kind. */
  handlers(): Record<string, TimerHandler> {
    const withNumber = (run: (number: PhoneNumber, timer: Timer, at: number) => Promise<UnitRecord[]>): TimerHandler => async (timer, at) => {
      const payload = timer.payload as { phoneNumberId?: string };
      const id = payload.phoneNumberId ?? timer.subject.split(':')[0] ?? '';
      const number = await this.#deps.accounts.findPhoneNumber(id);
      return number === undefined ? unitOf() : unitOf(await run(number, timer, at));
    };
    return {
      ...throughputUpgradeHandlers(this.#deps, (number, at) => this.#highThroughputFacts(number, at)),
      [limitTimers.evaluate]: withNumber(async (number, timer, at) => {
        const rules = await this.rulesFor(number.businessId);
        const tier = tierOn(rules, number.messagingLimitTier);
        const threshold = upgradeThreshold(rules, tier);
        const inWeek = this.#windowOf(rules, number).inWeek(at);
        if (threshold === null || inWeek < threshold) return [];
        const may = await this.#mayRise(rules, number, tier, at, rules.upgradeNeedsHighQuality);
        const to = nextTier(rules, tier);
        if (!may.ok || to === undefined) return this.#denied(number, tier, may.ok ? 'it is at the top' : may.why, at, timer);
        const share = rules.upgradeShare >= 1 ? `${rules.upgradeShare}×` : `half of`;
        return this.#moveTier(rules, number, to, `${inWeek.toLocaleString('en-US')} unique customers in 7 days reached ${share} the limit of ${limitText(tier)} (${threshold.toLocaleString('en-US')}), quality ${ratingLabel(may.assessment.rating)} (policy ${rules.profile})`, at);
      }),
      [limitTimers.autoUpgrade]: withNumber(async (number, timer, at) => {
        const rules = await this.rulesFor(number.businessId);
        const tier = tierOn(rules, number.messagingLimitTier);
        if ((timer.payload as { tier?: string }).tier !== tier) return [];
        const may = await this.#mayRise(rules, number, tier, at, true);
        const to = nextTier(rules, tier);
        if (!may.ok || to === undefined) return this.#denied(number, tier, may.ok ? 'it is at the top' : may.why, at, timer);
        const after = Math.round((rules.autoUpgradeAfterMs ?? 0) / hour);
        return this.#moveTier(rules, number, to, `it reached its limit of ${limitText(tier)} with High quality and was not flagged; upgraded ${after} h later (policy ${rules.profile})`, at);
      }),
      [limitTimers.restrict]: withNumber(async (number, _timer, at) => {
        const rules = await this.rulesFor(number.businessId);
        const tier = tierOn(rules, number.messagingLimitTier);
        const limit = tierLimits[tier];
        const window = this.#windowOf(rules, number);
        if (!rules.flagging || number.qualityRating !== 'RED' || limit === null || window.inWindow(at) < limit) return [];
        const moved = this.#transition(number, 'limit_used_up', true, `limit ${limitText(tier)} used up at Low quality`, at);
        if (moved.status === number.status) return [];
        const release = window.nextRelease(at);
        const until = release?.at ?? at + rollingWindowMs;
        return [
          record(phoneNumberChanged, { id: number.id, patch: { status: moved.status } }),
          ...moved.records,
          scheduleTimer(this.#deps.ids, { kind: limitTimers.release, subject: number.id, dueAt: until, payload: {} }),
          ...(await notify(
            this.#deps,
            {
              businessId: number.businessId,
              wabaId: number.wabaId,
              phoneNumberId: number.id,
              kind: 'limits.restricted',
              severity: 'critical',
              title: 'Phone number restricted',
              body: `${displayPhoneNumber(number.phoneNumber)} is Restricted: it used up its limit of ${limitText(tier)} while its quality is Low. Business-initiated messages fail until capacity frees up (${new Date(until).toISOString()}); replies to customers still go through.`,
              data: { status: 'RESTRICTED', until },
              webhook: {
                field: 'account_update',
                // Meta's current payload: no `phone_number` (older payloads had one); the feed entry names the number.
                value: { event: 'ACCOUNT_RESTRICTION', restriction_info: [{ restriction_type: 'RESTRICTED_BIZ_INITIATED_MESSAGING', expiration: Math.floor(until / 1000) }] },
              },
            },
            at,
          )),
        ];
      }),
      [limitTimers.release]: withNumber(async (number, _timer, at) => {
        if (number.status !== 'RESTRICTED') return [];
        const rules = await this.rulesFor(number.businessId);
        const tier = tierOn(rules, number.messagingLimitTier);
        const limit = tierLimits[tier];
        const window = this.#windowOf(rules, number);
        if (limit !== null && window.inWindow(at) >= limit) {
          const release = window.nextRelease(at);
          return [scheduleTimer(this.#deps.ids, { kind: limitTimers.release, subject: number.id, dueAt: release?.at ?? at + hour, payload: {} })];
        }
        this.#asked.delete(`${limitTimers.restrict}:${number.id}`);
        const moved = this.#transition(number, 'capacity_freed', number.qualityRating === 'RED', `${limit === null ? 'unlimited' : (limit - window.inWindow(at)).toLocaleString('en-US')} slots free`, at);
        return [record(phoneNumberChanged, { id: number.id, patch: { status: moved.status } }), ...moved.records];
      }),
      [limitTimers.quality]: withNumber((number, _timer, at) => this.checkQuality(number, at)),
      [limitTimers.wabaQuality]: async (timer, at) => {
        const records: UnitRecord[] = [];
        for (const number of await this.#deps.accounts.listPhoneNumbers(timer.subject)) records.push(...(await this.checkQuality(number, at)));
        return unitOf(records);
      },
      [limitTimers.flagExpiry]: withNumber(async (number, _timer, at) => {
        // Still flagged 7 days on: quality did not recover in time (a recovery would have unflagged it).
        if (number.status !== 'FLAGGED' && number.status !== 'RESTRICTED') return [];
        const rules = await this.rulesFor(number.businessId);
        if (!rules.flagging) return [];
        const { assessment } = await this.assess(number, at);
        const tier = tierOn(rules, number.messagingLimitTier);
        const lower = lowerTier(rules, tier);
        const moved = this.#transition(number, 'flag_expired', true, assessment.explanation, at);
        const cause = `its quality stayed Low for ${Math.round(rules.flaggedForMs / day)} days after it was flagged`;
        return [...moved.records, ...(await this.#moveTier(rules, number, lower, cause, at, { status: moved.status })), ...(lower === tier ? [record(limitEventRecorded, this.#event(number, 'tier', tier, tier, `${cause}; already at the lowest verified tier`, {}, at))] : [])];
      }),
      [limitTimers.escalation]: withNumber(async (number, timer, at) => {
        const path = this.#escalation.get(number.id);
        if (path?.kind !== 'missing') return [];
        const rules = await this.rulesFor(number.businessId);
        const step = (timer.payload as { step?: string }).step;
        const cap = tierAt(rules, rules.escalationCap);
        if (step === 'final_warning') {
          return this.#alert(number, 'WARNING', 'HUMAN_ESCALATION_PATH_MISSING', `Last warning: ${displayPhoneNumber(number.phoneNumber)} still offers no human escalation path. Tomorrow its messaging limit will be lowered to ${limitText(cap)} unique customers a day, and it cannot rise until a path is declared.`, at);
        }
        const tier = tierOn(rules, number.messagingLimitTier);
        const cause = `no human escalation path ${Math.round(rules.escalationGraceMs / day)} days after the first warning`;
        const events = [record(limitEventRecorded, this.#event(number, 'escalation', 'missing', 'penalised', cause, { cap }, at))];
        if (tierLevels[tier] <= tierLevels[cap]) return [...events, ...(await this.#alert(number, 'WARNING', 'HUMAN_ESCALATION_PATH_MISSING', `${displayPhoneNumber(number.phoneNumber)} still has no human escalation path. Its limit (${limitText(tier)}) is already at or under ${limitText(cap)}, so nothing changes today, but it cannot rise until a path is declared.`, at))];
        return [...events, ...(await this.#moveTier(rules, number, cap, cause, at))];
      }),
    };
  }

  async #highThroughputFacts(number: PhoneNumber, at: number) {
    const rules = await this.rulesFor(number.businessId);
    const facts = {
      level: number.throughputLevel,
      messagingLimitTier: tierOn(rules, number.messagingLimitTier),
      uniqueUsersIn24h: this.index.window(numberScope(number.id)).inWindow(at),
      qualityRating: number.qualityRating,
    };
    return { facts, profile: rules.profile };
  }

  /**
   * A business chose another limits profile: every number's tier is rewritten at once to the new
   * ladder's name for its level. Moving to a portfolio's limit (`2025-10`), the portfolio starts at
   * the highest level among its numbers, and a flagged or restricted number is Connected again: the
   * profile has no Flagged state.
   */
  async limitsProfileChanged(businessId: string, from: LimitsProfile, to: LimitsProfile, at: number): Promise<UnitRecord[]> {
    if (from === to) return [];
    const before = limitsRules(from);
    const rules = limitsRules(to);
    const numbers = await portfolioNumbers(this.#deps.accounts, businessId);
    const joining = rules.scope === 'portfolio' && before.scope === 'number';
    const portfolio = portfolioTier(rules, numbers.map((number) => number.messagingLimitTier));
    const result: UnitRecord[] = [];
    let portfolioChanged = false;
    for (const number of numbers) {
      const old = number.messagingLimitTier;
      const tier = joining ? portfolio : tierOn(rules, old);
      const patch: { messagingLimitTier?: MessagingLimitTier; status?: PhoneNumber['status'] } = {};
      if (tier !== old) {
        patch.messagingLimitTier = tier;
        const cause = joining
          ? `policy ${from} → ${to}: the limit now belongs to the business portfolio, which starts at the highest of its numbers' limits (${limitText(portfolio)})`
          : `policy ${from} → ${to}: the same level on the new ladder`;
        result.push(record(limitEventRecorded, this.#event(number, 'tier', old, tier, cause, { profile: to }, at)));
        if (rules.scope === 'portfolio') portfolioChanged = true;
        else if (tierLevels[tier] !== tierLevels[old]) {
          const event = tierLevels[tier] > tierLevels[old] ? 'UPGRADE' : 'DOWNGRADE';
          result.push(...(await this.#qualityUpdate(number, event, tier, old, `Messaging limit of ${displayPhoneNumber(number.phoneNumber)} ${event === 'UPGRADE' ? 'raised' : 'lowered'} from ${limitText(old)} to ${limitText(tier)}: ${cause}.`, at)));
        }
      }
      if (!rules.flagging && (number.status === 'FLAGGED' || number.status === 'RESTRICTED')) {
        const moved = this.#transition(number, 'flagging_ended', false, `policy ${to} has no Flagged state and no downgrade for quality`, at);
        patch.status = moved.status;
        result.push(...moved.records, cancelTimers(limitTimers.flagExpiry, number.id), cancelTimers(limitTimers.release, number.id));
        // `2025-10` has no Flagged state, and Meta no longer sends FLAGGED or UNFLAGGED: the feed and the e-mail tell it.
        const unflagged = await this.#qualityUpdate({ ...number, status: moved.status }, 'UNFLAGGED', tier, undefined, `${displayPhoneNumber(number.phoneNumber)} is Connected again: policy ${to} has no Flagged state and no downgrade for quality.`, at, {}, rules.scope === 'number');
        result.push(...unflagged);
      }
      if (Object.keys(patch).length > 0) result.unshift(record(phoneNumberChanged, { id: number.id, patch }));
      this.#forget(number);
    }
    if (joining && portfolioChanged) {
      const cause = `policy ${from} → ${to}: the limit now belongs to the business portfolio, which starts at the highest of its numbers' limits`;
      result.push(...(await this.#portfolioLimit(businessId, portfolio, null, cause, at)));
    }
    return result;
  }

  /** An upgrade the rules held back: told once as `account_alerts`, kept in the history. */
  async #denied(number: PhoneNumber, tier: MessagingLimitTier, why: string, at: number, timer: Timer): Promise<UnitRecord[]> {
    return [
      record(limitEventRecorded, this.#event(number, 'tier', tier, tier, `upgrade held back: ${why}`, { timer: timer.kind }, at)),
      ...(await this.#alert(number, 'INFORMATIONAL', 'INCREASED_CAPABILITIES_ELIGIBILITY_DEFERRED', `${displayPhoneNumber(number.phoneNumber)} qualified for a higher messaging limit than ${limitText(tier)}, but ${why}.`, at)),
    ];
  }

  /** Where the number stands: its tier, the window, when capacity frees up, its quality and why. */
  async report(number: PhoneNumber, now: number): Promise<LimitsReport> {
    const rules = await this.rulesFor(number.businessId);
    const tier = tierOn(rules, number.messagingLimitTier);
    const limit = tierLimits[tier];
    const window = this.#windowOf(rules, number);
    const inWindow = window.inWindow(now);
    const release = window.nextRelease(now);
    const threshold = upgradeThreshold(rules, tier);
    const { assessment } = await this.assess(number, now);
    const free = limit === null ? null : Math.max(0, limit - inWindow);
    const explanation =
      limit === null
        ? `Tier ${tier}: no limit on unique customers (policy ${rules.profile}).`
        : free === 0
          ? `Limit ${limitText(tier)} reached${release === undefined ? '' : `; ${release.slots} slot${release.slots === 1 ? '' : 's'} free${release.slots === 1 ? 's' : ''} up in ${waitFor(release.at - now)}`} (policy ${rules.profile}).`
          : `${inWindow.toLocaleString('en-US')} of ${limitText(tier)} unique customers in the rolling 24 h; ${(free ?? 0).toLocaleString('en-US')} free (policy ${rules.profile}).`;
    return {
      phoneNumberId: number.id,
      profile: rules.profile,
      scope: rules.scope,
      tier,
      limit,
      inWindow,
      inWeek: window.inWeek(now),
      freeSlots: free,
      upgradeAt: threshold,
      nextTier: nextTier(rules, tier) ?? null,
      nextRelease: release ?? null,
      releases: window.releases(now),
      status: number.status,
      qualityRating: number.qualityRating,
      quality: assessment,
      escalationPath: this.#escalation.get(number.id) ?? null,
      explanation,
    };
  }

  /** The inbound stage: a customer message starts the clock of the time to answer. */
  readonly inbound: InboundStage = {
    name: 'limits-answer-time',
    onInbound: ({ number, message, now }) => {
      this.answers.asked(number.id, message.waId, now);
      return Promise.resolve({ records: [record(customerAsked, { phoneNumberId: number.id, waId: message.waId, at: now })] });
    },
  };
}
