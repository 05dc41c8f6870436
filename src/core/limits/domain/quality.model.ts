import type { QualityRating } from '../../accounts/index.js';
import type { LimitsRules, QualityThresholds } from './limits.rules.js';

/**
 * Kabar's number quality model, in the open: a score out of 100 over the last 7 days, from which
 * each signal takes points. Signals of the last 24 h count fully, older ones of the week half
 * (Meta weighs recent feedback more). The thresholds turn the score into GREEN / YELLOW / RED.
 */
export interface RecentAndEarlier {
  /** In the last 24 h. */
  readonly recent: number;
  /** Earlier in the week. */
  readonly earlier: number;
}

export interface QualitySignals {
  /** Unique recipients of business-initiated messages in the week. */
  readonly recipients: number;
  /** Business-initiated messages sent in the week. */
  readonly sends: number;
  readonly blocks: RecentAndEarlier;
  readonly reports: RecentAndEarlier;
  readonly optOuts: RecentAndEarlier;
  /** Templates of the number's WABA now rated Low and Medium. */
  readonly templates: { readonly low: number; readonly medium: number };
  /** Customer messages of the week, and how many waited longer than the allowance (or still wait). */
  readonly customerMessages: number;
  readonly answeredLate: number;
  readonly escalationPathMissing: boolean;
}

export interface QualityPart {
  readonly signal: 'blocks' | 'reports' | 'opt_outs' | 'templates' | 'frequency' | 'answer_time' | 'escalation_path';
  readonly points: number;
  readonly detail: string;
}

export interface QualityAssessment {
  readonly score: number;
  readonly rating: Exclude<QualityRating, 'UNKNOWN'>;
  /** Only the signals that cost points, largest first. */
  readonly parts: readonly QualityPart[];
  readonly explanation: string;
}

const weighted = (counts: RecentAndEarlier): number => counts.recent + counts.earlier / 2;
const round1 = (value: number): number => Math.round(value * 10) / 10;

export function ratingFor(score: number, thresholds: QualityThresholds): Exclude<QualityRating, 'UNKNOWN'> {
  return score >= thresholds.green ? 'GREEN' : score >= thresholds.yellow ? 'YELLOW' : 'RED';
}

export function assessQuality(signals: QualitySignals, quality: LimitsRules['quality']): QualityAssessment {
  const { weights } = quality;
  const audience = Math.max(signals.recipients, weights.minimumAudience);
  const parts: QualityPart[] = [];
  const rate = (name: QualityPart['signal'], counts: RecentAndEarlier, perCent: number, noun: string): void => {
    const share = (weighted(counts) / audience) * 100;
    const points = share * perCent;
    if (points > 0) parts.push({ signal: name, points, detail: `${counts.recent + counts.earlier} ${noun} (${counts.recent} in the last 24 h) out of ${audience} recipients: ${round1(share)} % weighted` });
  };
  rate('blocks', signals.blocks, weights.blockPerCent, 'blocks');
  rate('reports', signals.reports, weights.reportPerCent, 'reports');
  rate('opt_outs', signals.optOuts, weights.optOutPerCent, 'marketing opt-outs');
  const templatePoints = signals.templates.low * weights.lowTemplate + signals.templates.medium * weights.mediumTemplate;
  if (templatePoints > 0) parts.push({ signal: 'templates', points: templatePoints, detail: `${signals.templates.low} templates rated Low, ${signals.templates.medium} Medium` });
  const perRecipient = signals.recipients === 0 ? 0 : signals.sends / signals.recipients;
  if (perRecipient > weights.frequencyAllowance) {
    parts.push({ signal: 'frequency', points: (perRecipient - weights.frequencyAllowance) * weights.frequencyPerExtra, detail: `${round1(perRecipient)} notifications per recipient this week (allowance ${weights.frequencyAllowance})` });
  }
  if (signals.customerMessages > 0 && signals.answeredLate > 0) {
    const share = signals.answeredLate / signals.customerMessages;
    parts.push({ signal: 'answer_time', points: share * weights.unanswered, detail: `${signals.answeredLate} of ${signals.customerMessages} customer messages waited more than ${Math.round(weights.answerWithinMs / 3_600_000)} h for an answer` });
  }
  if (signals.escalationPathMissing) parts.push({ signal: 'escalation_path', points: weights.noEscalationPath, detail: 'no human escalation path declared' });
  parts.sort((left, right) => right.points - left.points);
  const lost = parts.reduce((sum, part) => sum + part.points, 0);
  const score = Math.max(0, Math.round((100 - lost) * 10) / 10);
  const rating = ratingFor(score, quality.thresholds);
  const reasons = parts.length === 0 ? 'no negative signals this week' : parts.map((part) => `${part.detail} (−${round1(part.points)})`).join('; ');
  const explanation = `score ${score}/100 (High ≥ ${quality.thresholds.green}, Medium ≥ ${quality.thresholds.yellow}): ${reasons}`;
  return { score, rating, parts: parts.map((part) => ({ ...part, points: round1(part.points) })), explanation };
}
