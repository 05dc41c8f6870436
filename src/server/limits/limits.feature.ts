/**
 * Messaging limits and quality in the running Kabar: the limits engine (`core/limits`) with its
 * windows rebuilt from the stored contacts at start, the admission send stage (900), the answer-time
 * inbound stage, the timers that upgrade, flag, restrict and lower, quality checks asked for by
 * users' feedback as it commits, and the admin routes (`/admin/phone_numbers/{id}/limits`,
 * `/admin/phone_numbers/{id}/escalation_path`, `/admin/phone_numbers/{id}/timeline`).
 */
import { feedbackRecorded } from '../../core/feedback/index.js';
import { escalationPathDeclared, LimitsEngine, rollingWindowMs, upgradeWindowMs, type QualityThresholds } from '../../core/limits/index.js';
import { policyOf } from '../../core/policy/index.js';
import { templateSaved } from '../../core/templates/index.js';
import { payloadsOf, record, unitOf, type UnitOfWork, type UnitRecord } from '../../core/shared/index.js';
import { KyselyFeedbackRepository, KyselyLimitsRepository, KyselyNumbersRepository, KyselyTemplatesRepository, limitsWriters } from '../../store/index.js';
import type { KabarFeature, KabarServices } from '../services.js';
import { limitsAdminRoutes, qualityThresholdsSetting } from './limits.routes.js';

const negative = new Set(['block', 'report', 'stop_marketing']);

function templateQuality(templates: KyselyTemplatesRepository) {
  return async (wabaId: string): Promise<{ low: number; medium: number }> => {
    const all = await templates.listAll(wabaId);
    let low = 0;
    let medium = 0;
    for (const template of all) {
      if (template.status === 'DELETED') continue;
      if (template.quality === 'RED') low += 1;
      else if (template.quality === 'YELLOW') medium += 1;
    }
    return { low, medium };
  };
}

/**
 * Asks for a quality check, in the hour after, of each number whose users reacted badly, and of the
 * numbers of a WABA one of whose templates was rated anew (a Low or Medium template costs points).
 */
function onFeedback(services: KabarServices, engine: LimitsEngine) {
  return (units: readonly UnitOfWork[]): void => {
    const asked: UnitRecord[] = [];
    for (const unit of units) {
      for (const feedback of payloadsOf(unit, feedbackRecorded)) {
        if (!negative.has(feedback.kind)) continue;
        const timer = engine.qualityCheckSoon(feedback.phoneNumberId, feedback.at);
        if (timer !== undefined) asked.push(timer);
      }
      for (const template of payloadsOf(unit, templateSaved)) {
        // Saved by its rating: the quality changed in this very save.
        if (template.qualityUpdatedAt === null || template.qualityUpdatedAt !== template.updatedAt) continue;
        const timer = engine.wabaQualityCheckSoon(template.wabaId, template.qualityUpdatedAt);
        if (timer !== undefined) asked.push(timer);
      }
      for (const path of payloadsOf(unit, escalationPathDeclared)) engine.escalationCommitted(path);
    }
    if (asked.length === 0) return;
    services.committer.commit(unitOf(asked)).catch((error: unknown) => {
      services.deadLetter('limits.quality-check', 'feedback', error instanceof Error ? error.message : String(error), {});
    });
  };
}

export const limitsFeature: KabarFeature = {
  name: 'limits',
  writers: limitsWriters,
  async setup(services) {
    const repository = new KyselyLimitsRepository(services.database.db);
    const engine = new LimitsEngine({
      accounts: services.accounts,
      ids: services.ids,
      targets: services.targets,
      policyOf: (businessId) => policyOf(services.businessSettings, businessId),
      feedback: new KyselyFeedbackRepository(services.database.db),
      templateQuality: templateQuality(new KyselyTemplatesRepository(services.database.db)),
      thresholdsOf: (businessId) => services.businessSettings.get<QualityThresholds>(businessId, qualityThresholdsSetting),
    });
    const now = services.clock.now();
    await repository.pruneContacts(now - upgradeWindowMs - rollingWindowMs);
    engine.load(await repository.contactsSince(now - upgradeWindowMs), await repository.escalationPaths(), now, await repository.answerTimesSince(now - upgradeWindowMs));
    return {
      sendStages: [{ position: 900, stage: engine.admission }],
      inboundStages: [engine.inbound],
      timers: engine.handlers(),
      onCommitted: onFeedback(services, engine),
      policyChosen: (businessId, before, after, now) => engine.limitsProfileChanged(businessId, before.limits, after.limits, now),
      admin: limitsAdminRoutes(services, engine, repository, new KyselyNumbersRepository(services.database.db)),
      async demoReady(demo) {
        // The demo number offers its customers a person in the chat: a declared human escalation path.
        if (engine.escalationPath(demo.phoneNumberId)?.kind === 'agent_handover') return;
        const path = { phoneNumberId: demo.phoneNumberId, businessId: demo.businessId, kind: 'agent_handover' as const, value: 'Kabar Demo support team', declaredAt: services.clock.now() };
        await services.committer.commit(unitOf([record(escalationPathDeclared, path)]));
        engine.escalationCommitted(path);
      },
    };
  },
};
