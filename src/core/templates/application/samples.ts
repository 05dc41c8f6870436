import type { Waba } from '../../accounts/index.js';
import { record, unitOf } from '../../shared/index.js';
import { sampleTemplates } from '../domain/sample-templates.js';
import type { MessageTemplate, TemplateDraft } from '../domain/template.model.js';
import { samplesSeeded } from '../ports.js';
import type { TemplatesDeps } from './templates.deps.js';

/** A template as it starts life: pending review, quality not yet known. */
export function newTemplate(deps: Pick<TemplatesDeps, 'ids'>, waba: Waba, draft: TemplateDraft, now: number): MessageTemplate {
  return {
    ...draft,
    id: deps.ids.nodeId(),
    businessId: waba.businessId,
    wabaId: waba.id,
    status: 'PENDING',
    rejectedReason: null,
    previousCategory: null,
    correctCategory: null,
    categoryUpdateAt: null,
    quality: 'UNKNOWN',
    qualityUpdatedAt: null,
    qualitySince: now,
    flaggedAt: null,
    pausedUntil: null,
    pauseCount: 0,
    edits: [],
    createdAt: now,
    updatedAt: now,
    deletedAt: null,
  };
}

/**
 * Every WABA holds Meta's sample templates (`hello_world`), approved. They are added the first time
 * the WABA's templates are read, created or sent, rather than when the WABA is created, so that no
 * way of creating a WABA can forget them; the store adds them once per WABA, even under a race.
 */
export async function ensureSampleTemplates(deps: Pick<TemplatesDeps, 'templates' | 'writer' | 'ids' | 'clock'>, waba: Waba): Promise<void> {
  if (await deps.templates.isSeeded(waba.id)) return;
  const now = deps.clock.now();
  const templates = sampleTemplates.map((draft) => ({ ...newTemplate(deps, waba, draft, now), status: 'APPROVED' as const, rejectedReason: 'NONE' as const }));
  await deps.writer.commit(unitOf([record(samplesSeeded, { wabaId: waba.id, templates, at: now })]));
}
