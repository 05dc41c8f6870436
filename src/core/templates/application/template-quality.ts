/**
 * Quality and lifecycle in simulated time. Reactions to a template's messages are rated hourly while
 * there are any in the last 24 hours. Under templates profile `2021-09` a Low rating flags the
 * template, a Medium or High one within 7 days makes it APPROVED again, and one still FLAGGED after
 * 7 days is DISABLED. Under `2023-01` a Low rating pauses it for 3 hours, then 6, and disables it the
 * third time.
 */
import { policyOf, type TemplatesProfile } from '../../policy/index.js';
import { cancelTimers, record, scheduleTimer, unitOf, type IdSource, type UnitOfWork, type UnitRecord } from '../../shared/index.js';
import { qualityWindowMs, rateQuality } from '../domain/quality.policy.js';
import { applyTemplateEvent } from '../domain/template-status.machine.js';
import type { MessageTemplate, QualityScore } from '../domain/template.model.js';
import { qualityRating } from '../domain/template-history.js';
import { templateSaved } from '../ports.js';
import { historyRecord } from './template-history.js';
import { qualityNotice, statusNotice } from './template-notifications.js';
import { templateTimers, type TemplatesDeps } from './templates.deps.js';

const hour = 60 * 60 * 1000;
export const flaggedGraceMs = 7 * 24 * hour;
export const pauseDurationsMs: readonly number[] = [3 * hour, 6 * hour];

/** The next whole hour after `at`: every reaction within an hour is rated together. */
export function nextQualityCheck(at: number): number {
  return (Math.floor(at / hour) + 1) * hour;
}

/** Schedules the rating of a template after a reaction (the same hour's reactions share one timer). */
export function qualityCheckRecord(ids: IdSource, templateId: string, at: number): UnitRecord {
  return scheduleTimer(ids, { kind: templateTimers.quality, subject: templateId, dueAt: nextQualityCheck(at), payload: null });
}

function describe(score: QualityScore, rate: number): string {
  const percent = `${(rate * 100).toFixed(1)} %`;
  if (score === 'RED') return `Negative reactions (blocks, reports, opt-outs) reached ${percent} of reads and replies in the last 24 hours: quality is Low.`;
  if (score === 'YELLOW') return `Negative reactions are ${percent} of reads and replies in the last 24 hours: quality is Medium.`;
  return `Negative reactions are ${percent} of reads and replies in the last 24 hours: quality is High.`;
}

async function onLow(deps: TemplatesDeps, template: MessageTemplate, profile: TemplatesProfile, at: number): Promise<{ template: MessageTemplate; records: UnitRecord[] }> {
  if (template.status !== 'APPROVED') return { template, records: [] };
  if (profile === '2021-09') {
    const flagged: MessageTemplate = { ...template, status: 'FLAGGED', flaggedAt: at, updatedAt: at };
    const notes = await statusNotice(deps, flagged, { event: 'FLAGGED', explanation: `Its quality is Low. If quality does not improve by ${new Date(at + flaggedGraceMs).toISOString()}, it will be DISABLED.` }, at);
    return { template: flagged, records: [historyRecord(deps, flagged, { event: 'FLAGGED', author: qualityRating, at, note: 'Its quality is Low.' }), scheduleTimer(deps.ids, { kind: templateTimers.disable, subject: template.id, dueAt: at + flaggedGraceMs, payload: null }), ...notes] };
  }
  const pauseCount = template.pauseCount + 1;
  const duration = pauseDurationsMs[pauseCount - 1];
  if (duration === undefined) return disable(deps, { ...template, pauseCount }, 'Its quality was Low for the third time: it is DISABLED.', at);
  const paused: MessageTemplate = { ...template, status: 'PAUSED', pauseCount, pausedUntil: at + duration, updatedAt: at };
  const title = pauseCount === 1 ? 'FIRST_PAUSE' : 'SECOND_PAUSE';
  const explanation = `Its quality is Low: it is paused for ${duration / hour} hours, until ${new Date(at + duration).toISOString()}; sends fail with 132015 meanwhile.`;
  const notes = await statusNotice(deps, paused, { event: 'PAUSED', otherInfo: { title, description: explanation }, explanation }, at);
  return { template: paused, records: [historyRecord(deps, paused, { event: 'PAUSED', author: qualityRating, at, note: explanation }), scheduleTimer(deps.ids, { kind: templateTimers.unpause, subject: template.id, dueAt: at + duration, payload: null }), ...notes] };
}

async function disable(deps: TemplatesDeps, template: MessageTemplate, explanation: string, at: number): Promise<{ template: MessageTemplate; records: UnitRecord[] }> {
  const moved = applyTemplateEvent(template.status, 'disable');
  if (!moved.ok) return { template, records: [] };
  const disabled: MessageTemplate = { ...template, status: moved.value, pausedUntil: null, updatedAt: at };
  const notes = await statusNotice(deps, disabled, { event: 'DISABLED', ...(template.status === 'PAUSED' || template.pauseCount > 0 ? { otherInfo: { title: 'DISABLED', description: explanation } } : {}), explanation }, at);
  return { template: disabled, records: [cancelTimers(templateTimers.unpause, template.id), historyRecord(deps, disabled, { event: 'DISABLED', author: qualityRating, at, note: explanation }), ...notes] };
}

/** Timer handler: rates the template's last 24 hours and applies what the profile says. */
export async function evaluateQuality(deps: TemplatesDeps, templateId: string, at: number): Promise<UnitOfWork> {
  const template = await deps.templates.findById(templateId);
  if (template === undefined || template.status === 'DELETED' || template.status === 'DISABLED') return unitOf();
  const from = Math.max(at - qualityWindowMs, template.qualitySince);
  const counts = await deps.reactions.reactions(template.id, from, at);
  const verdict = rateQuality(counts);
  const records: UnitRecord[] = [];
  // While reactions are in the window, the rating can still move as they age out: look again in an hour.
  if (verdict.signals > 0) records.push(scheduleTimer(deps.ids, { kind: templateTimers.quality, subject: template.id, dueAt: at + hour, payload: null }));
  if (verdict.score === undefined || verdict.score === template.quality) return unitOf(records);
  let next: MessageTemplate = { ...template, quality: verdict.score, qualityUpdatedAt: at, updatedAt: at };
  records.push(...(await qualityNotice(deps, template, template.quality, verdict.score, describe(verdict.score, verdict.negativeRate), at)));
  const { templates: profile } = await policyOf(deps.businessSettings, template.businessId);
  if (verdict.score === 'RED') {
    const low = await onLow(deps, next, profile, at);
    next = low.template;
    records.push(...low.records);
  } else if (template.status === 'FLAGGED') {
    next = { ...next, status: 'APPROVED', flaggedAt: null };
    const explanation = `Its quality improved to ${verdict.score === 'GREEN' ? 'High' : 'Medium'} within 7 days of being flagged: it is no longer flagged.`;
    records.push(cancelTimers(templateTimers.disable, template.id), historyRecord(deps, next, { event: 'REINSTATED', author: qualityRating, at, note: explanation }));
    records.push(...(await statusNotice(deps, next, { event: 'APPROVED', explanation }, at)));
  }
  return unitOf([record(templateSaved, next)], records);
}

/** Timer handler: a template still FLAGGED 7 days after it was flagged is disabled. */
export async function disableIfStillFlagged(deps: TemplatesDeps, templateId: string, at: number): Promise<UnitOfWork> {
  const template = await deps.templates.findById(templateId);
  if (template?.status !== 'FLAGGED') return unitOf();
  const disabled = await disable(deps, template, 'It stayed FLAGGED (quality Low) for 7 days: it is DISABLED and can be neither sent nor edited.', at);
  return unitOf([record(templateSaved, disabled.template)], disabled.records);
}

/** Timer handler: a paused template is active again; its quality starts afresh. */
export async function unpause(deps: TemplatesDeps, templateId: string, at: number): Promise<UnitOfWork> {
  const template = await deps.templates.findById(templateId);
  if (template?.status !== 'PAUSED') return unitOf();
  const active: MessageTemplate = { ...template, status: 'APPROVED', pausedUntil: null, quality: 'UNKNOWN', qualitySince: at, updatedAt: at };
  const explanation = 'Its pause ended: it can be sent again.';
  const notes = await statusNotice(deps, active, { event: 'APPROVED', otherInfo: { title: 'UNPAUSE', description: explanation }, explanation }, at);
  return unitOf([record(templateSaved, active), historyRecord(deps, active, { event: 'REINSTATED', author: qualityRating, at, note: explanation })], notes);
}
