/**
 * Template quality from users' reactions over the previous 24 hours (docs/policies.md, "Template
 * quality"): blocks, reports and marketing opt-outs of the template's messages against their reads
 * and replies. Too few signals leave the rating as it was.
 */
import type { QualityScore } from './template.model.js';

export interface ReactionCounts {
  readonly blocks: number;
  readonly reports: number;
  readonly optOuts: number;
  readonly reads: number;
  readonly replies: number;
}

export const qualityWindowMs = 24 * 60 * 60 * 1000;

export const qualityThresholds = {
  /** Reactions (negative and engaged) needed before a rating is given. */
  minimumSignals: 20,
  /** Negative rate from which quality is Medium (YELLOW), then Low (RED). */
  medium: 0.02,
  low: 0.05,
  /** An opt-out weighs half a block or a report. */
  optOutWeight: 0.5,
} as const;

export interface QualityVerdict {
  /** Undefined when there are too few signals to rate. */
  readonly score: QualityScore | undefined;
  readonly negativeRate: number;
  readonly signals: number;
}

export function rateQuality(counts: ReactionCounts): QualityVerdict {
  const negative = counts.blocks + counts.reports + qualityThresholds.optOutWeight * counts.optOuts;
  const engaged = counts.reads + counts.replies;
  const signals = counts.blocks + counts.reports + counts.optOuts + engaged;
  const negativeRate = negative / Math.max(engaged, 1);
  if (signals < qualityThresholds.minimumSignals) return { score: undefined, negativeRate, signals };
  const score: QualityScore = negativeRate >= qualityThresholds.low ? 'RED' : negativeRate >= qualityThresholds.medium ? 'YELLOW' : 'GREEN';
  return { score, negativeRate, signals };
}
