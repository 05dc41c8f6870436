/**
 * Templates in the running Kabar: the store writers, the `template` message type, Graph management
 * routes and template nodes, the operator routes, and the timers of review, quality and lifecycle.
 */
import {
  applyAnnouncedCategory, detectLanguage, disableIfStillFlagged, ensureSampleTemplates, evaluateQuality, runReview, templateComposer, templateTimers, unpause,
  type TemplatesDeps,
} from '../../core/templates/index.js';
import type { Timer, TimerHandler, UnitOfWork } from '../../core/shared/index.js';
import { KyselyFeedbackRepository, KyselyTemplatesRepository, KyselyUploadsRepository, samplesWriter, templatesWriter, templateVersionsWriter } from '../../store/index.js';
import { uploadedHeaderSamples } from '../uploads/uploads.feature.js';
import type { KabarFeature, KabarServices } from '../services.js';
import { defaultReviewDelayMs, reviewSettingsKey, templatesAdminRoutes } from './templates.admin.js';
import { templateNodeHandlers, templatesGraphRoutes } from './templates.graph.js';

export function templatesDeps(services: KabarServices, templates: KyselyTemplatesRepository): TemplatesDeps {
  const feedback = new KyselyFeedbackRepository(services.database.db);
  return {
    accounts: services.accounts,
    templates,
    writer: services.committer,
    clock: services.clock,
    ids: services.ids,
    targets: services.targets,
    businessSettings: services.businessSettings,
    review: { delayMs: async () => (await services.settings.get<{ delayMs: number }>(reviewSettingsKey))?.delayMs ?? defaultReviewDelayMs },
    detect: detectLanguage,
    reactions: {
      async reactions(templateId, from, to) {
        const counts = await feedback.countByKind({ templateId, from, to });
        return { blocks: counts.block, reports: counts.report, optOuts: counts.stop_marketing, reads: counts.read, replies: counts.reply };
      },
    },
    samples: uploadedHeaderSamples(new KyselyUploadsRepository(services.database.db)),
  };
}

export const templatesFeature: KabarFeature = {
  name: 'templates',
  writers: [templatesWriter, samplesWriter, templateVersionsWriter],
  setup(services) {
    const repository = new KyselyTemplatesRepository(services.database.db);
    const deps = templatesDeps(services, repository);
    const forget = (): void => repository.forget();
    // A timer's change commits after its handler returns; lookups cached meanwhile live at most a second.
    const timer = (run: (deps: TemplatesDeps, templateId: string, at: number) => Promise<UnitOfWork>): TimerHandler => async (entry: Timer, at: number) => {
      const unit = await run(deps, entry.subject, at);
      forget();
      return unit;
    };
    const nodes = templateNodeHandlers(deps, forget);
    return {
      composers: [
        templateComposer({
          async find(wabaId, name, language) {
            if (!(await repository.isSeeded(wabaId))) {
              const waba = await services.accounts.findWaba(wabaId);
              if (waba !== undefined) await ensureSampleTemplates(deps, waba);
            }
            return repository.findByName(wabaId, name, language);
          },
        }),
      ],
      graph: templatesGraphRoutes(deps, forget),
      nodes: { get: [nodes.get], post: [nodes.post] },
      admin: templatesAdminRoutes(services, deps, forget),
      timers: {
        [templateTimers.review]: timer(runReview),
        [templateTimers.quality]: timer(evaluateQuality),
        [templateTimers.disable]: timer(disableIfStillFlagged),
        [templateTimers.unpause]: timer(unpause),
        [templateTimers.category]: timer(applyAnnouncedCategory),
      },
    };
  },
};
