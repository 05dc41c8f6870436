import type { MessagingLimitTier, QualityRating } from '../../accounts/index.js';
import type { LimitsProfile } from '../../policy/index.js';

const hour = 60 * 60 * 1000;
const day = 24 * hour;

/** How many unique business-initiated recipients a tier allows in a rolling 24 h (null: unlimited). */
export const tierLimits: Readonly<Record<MessagingLimitTier, number | null>> = {
  TIER_50: 50,
  TIER_250: 250,
  TIER_1K: 1_000,
  TIER_2K: 2_000,
  TIER_10K: 10_000,
  TIER_100K: 100_000,
  TIER_UNLIMITED: null,
};

/**
 * The level of a tier on any ladder: 0 the trial (50 or 250), 1 the first verified tier (1K or 2K),
 * then 10K, 100K and unlimited. A number keeps its level when its business changes profile.
 */
export const tierLevels: Readonly<Record<MessagingLimitTier, number>> = {
  TIER_50: 0,
  TIER_250: 0,
  TIER_1K: 1,
  TIER_2K: 1,
  TIER_10K: 2,
  TIER_100K: 3,
  TIER_UNLIMITED: 4,
};

/** What the quality score's thresholds are: at or above `green` is High, at or above `yellow` Medium, else Low. */
export interface QualityThresholds {
  readonly green: number;
  readonly yellow: number;
}

/** The weights of Kabar's quality model (see docs/policies.md, "Quality rating"). */
export interface QualityWeights {
  /** Points lost per 1 % of the week's recipients who blocked the number (recency-weighted). */
  readonly blockPerCent: number;
  readonly reportPerCent: number;
  readonly optOutPerCent: number;
  /** Points lost per template of the number's WABA rated Low, and Medium. */
  readonly lowTemplate: number;
  readonly mediumTemplate: number;
  /** Business-initiated messages per recipient per week above which each further one costs `frequencyPerExtra`. */
  readonly frequencyAllowance: number;
  readonly frequencyPerExtra: number;
  /** Points lost when every customer message in the week waited longer than `answerWithinMs` (pro rata). */
  readonly unanswered: number;
  readonly answerWithinMs: number;
  /** Points lost while the number declares no human escalation path. */
  readonly noEscalationPath: number;
  /** The fewest recipients a rate is taken over, so that 3 blocks out of 4 recipients are not 75 %. */
  readonly minimumAudience: number;
}

/** One dated ladder of messaging limits and how a number or a portfolio climbs and falls on it. */
export interface LimitsRules {
  readonly profile: LimitsProfile;
  /** From the trial tier up. */
  readonly ladder: readonly MessagingLimitTier[];
  /** Unique recipients within `upgradeWindowMs` that earn the next tier, as a multiple of the current limit. */
  readonly upgradeShare: number;
  readonly upgradeWindowMs: number;
  /** Whether the half-the-limit upgrade also needs High quality (`2025-10`: "high-quality messages"), not just quality above Low. */
  readonly upgradeNeedsHighQuality: boolean;
  /** A High-quality, non-flagged number (or portfolio) at its limit is upgraded this long after; null: never. */
  readonly autoUpgradeAfterMs: number | null;
  /** Whose limit it is: each number's, or the business portfolio's, shared by its numbers. */
  readonly scope: 'number' | 'portfolio';
  /** Whether Low quality flags the number (and 7 days of it lowers the tier). */
  readonly flagging: boolean;
  readonly flaggedForMs: number;
  /** A number with no human escalation path for this long has its limit lowered to `escalationCap`. */
  readonly escalationGraceMs: number;
  readonly escalationCap: number;
  readonly quality: { readonly windowMs: number; readonly thresholds: QualityThresholds; readonly weights: QualityWeights };
  /** Where Meta states the rule. */
  readonly sources: readonly string[];
}

const limitsDoc = 'https://developers.facebook.com/docs/whatsapp/messaging-limits';
const qualityDoc = 'https://developers.facebook.com/docs/whatsapp/cloud-api/phone-numbers#quality-rating';

export const defaultQuality: LimitsRules['quality'] = {
  windowMs: 7 * day,
  thresholds: { green: 80, yellow: 60 },
  weights: {
    blockPerCent: 5,
    reportPerCent: 8,
    optOutPerCent: 2,
    lowTemplate: 10,
    mediumTemplate: 3,
    frequencyAllowance: 4,
    frequencyPerExtra: 5,
    unanswered: 15,
    answerWithinMs: 24 * hour,
    noEscalationPath: 10,
    minimumAudience: 100,
  },
};

const common = {
  upgradeWindowMs: 7 * day,
  upgradeNeedsHighQuality: false,
  flaggedForMs: 7 * day,
  escalationGraceMs: 7 * day,
  escalationCap: 1,
  quality: defaultQuality,
} as const;

const classicLadder: readonly MessagingLimitTier[] = ['TIER_50', 'TIER_1K', 'TIER_10K', 'TIER_100K', 'TIER_UNLIMITED'];

export const limitsRulesByProfile: Readonly<Record<LimitsProfile, LimitsRules>> = {
  '2022-01': { ...common, profile: '2022-01', ladder: classicLadder, upgradeShare: 2, autoUpgradeAfterMs: day, scope: 'number', flagging: true, sources: [limitsDoc, qualityDoc] },
  '2022-09': { ...common, profile: '2022-09', ladder: classicLadder, upgradeShare: 0.5, autoUpgradeAfterMs: day, scope: 'number', flagging: true, sources: [limitsDoc, qualityDoc] },
  '2023-10': {
    ...common,
    profile: '2023-10',
    ladder: ['TIER_250', 'TIER_1K', 'TIER_10K', 'TIER_100K', 'TIER_UNLIMITED'],
    upgradeShare: 0.5,
    autoUpgradeAfterMs: day,
    scope: 'number',
    flagging: true,
    sources: [limitsDoc, qualityDoc],
  },
  '2025-10': {
    ...common,
    profile: '2025-10',
    ladder: ['TIER_250', 'TIER_2K', 'TIER_10K', 'TIER_100K', 'TIER_UNLIMITED'],
    upgradeShare: 0.5,
    upgradeNeedsHighQuality: true,
    autoUpgradeAfterMs: 6 * hour,
    scope: 'portfolio',
    flagging: false,
    sources: [limitsDoc, 'https://developers.facebook.com/docs/whatsapp/messaging-limits#business-portfolio-messaging-limits'],
  },
};

export function limitsRules(profile: LimitsProfile): LimitsRules {
  return limitsRulesByProfile[profile];
}

/** The tier of `stored`'s level on this profile's ladder (a trial number stays trial, tier 1 stays tier 1). */
export function tierOn(rules: LimitsRules, stored: MessagingLimitTier): MessagingLimitTier {
  const level = Math.min(tierLevels[stored], rules.ladder.length - 1);
  return rules.ladder[level] ?? stored;
}

export function tierAt(rules: LimitsRules, level: number): MessagingLimitTier {
  const clamped = Math.max(0, Math.min(level, rules.ladder.length - 1));
  return rules.ladder[clamped] ?? 'TIER_UNLIMITED';
}

/**
 * The tier of a portfolio (`2025-10`): the highest level among its numbers, on this ladder. Every
 * number holds the portfolio's tier; when a business moves to the profile, the portfolio starts at
 * the highest of its numbers' limits.
 */
export function portfolioTier(rules: LimitsRules, held: readonly MessagingLimitTier[]): MessagingLimitTier {
  return tierAt(rules, Math.max(0, ...held.map((tier) => tierLevels[tier])));
}

/**
 * Where a new number starts on its business's ladder: the level it is given (the trial tier or
 * tier 1), or, when the limit is the portfolio's and the portfolio already holds numbers, the
 * portfolio's tier, which the new number shares.
 */
export function newNumberTier(rules: LimitsRules, given: MessagingLimitTier, portfolio: readonly MessagingLimitTier[]): MessagingLimitTier {
  return rules.scope === 'portfolio' && portfolio.length > 0 ? portfolioTier(rules, portfolio) : tierOn(rules, given);
}

export function nextTier(rules: LimitsRules, tier: MessagingLimitTier): MessagingLimitTier | undefined {
  const level = tierLevels[tier];
  return level + 1 < rules.ladder.length ? tierAt(rules, level + 1) : undefined;
}

export function lowerTier(rules: LimitsRules, tier: MessagingLimitTier): MessagingLimitTier {
  // Flagging never takes a verified number back into the trial tier.
  return tierAt(rules, Math.max(1, tierLevels[tier] - 1));
}

/** The unique recipients that earn the next tier: half (2022-09 on) or twice (2022-01) the current limit. */
export function upgradeThreshold(rules: LimitsRules, tier: MessagingLimitTier): number | null {
  const limit = tierLimits[tier];
  return limit === null ? null : Math.ceil(limit * rules.upgradeShare);
}

/** "100,000": thousands separated by commas (cheaper than `toLocaleString` on the refusal path). */
export function countText(value: number): string {
  const digits = String(Math.trunc(value));
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A tier's limit in sentences: "1,000", "unlimited". */
export function limitText(tier: MessagingLimitTier): string {
  const limit = tierLimits[tier];
  return limit === null ? 'unlimited' : countText(limit);
}

/** The ratings Meta reports, from the model's three levels. */
export function ratingLabel(rating: QualityRating): string {
  return rating === 'GREEN' ? 'High' : rating === 'YELLOW' ? 'Medium' : rating === 'RED' ? 'Low' : 'not rated yet';
}
