import { ensureDemo, reviewAppliers, type DemoIds } from '../../core/onboarding/index.js';
import { numberMaySendStage } from '../../core/numbers/index.js';
import { reviewTimerHandler, reviewTimerKind } from '../../core/reviews/index.js';
import { numbersWriters, profilesWriters, reviewsWriters } from '../../store/index.js';
import type { KabarFeature } from '../services.js';
import { numbersAdminRoutes } from './numbers.admin.js';
import { numbersGraphRoutes, phoneNumberSettingsHandler } from './numbers.graph.js';
import { onboardingAdminRoutes } from './onboarding.admin.js';
import { onboardingContext } from './onboarding.deps.js';
import { onboardingSimRoutes } from './onboarding.sim.js';
import { profileAdminRoutes } from './profile.admin.js';
import { profileGraphRoutes } from './profile.graph.js';

const demoKey = 'demo';

/**
 * Onboarding: signup, business verification, adding and registering numbers, display names, the
 * green tick and business profiles, over Graph, the admin API and the simulator; the reviews'
 * durable timers; the send stage that refuses numbers that may not send; and the demo seed.
 */
export const onboardingFeature: KabarFeature = {
  name: 'onboarding',
  writers: [...numbersWriters, ...reviewsWriters, ...profilesWriters],
  setup(services) {
    const context = onboardingContext(services);
    const registry = {
      load: () => services.settings.get<Partial<DemoIds>>(demoKey),
      save: (ids: Partial<DemoIds>) => services.settings.put(demoKey, ids, services.clock.now()),
    };
    return {
      sendStages: [{ position: 100, stage: numberMaySendStage }],
      timers: { [reviewTimerKind]: reviewTimerHandler({ reviews: context.reviews, appliers: reviewAppliers(context.deps) }) },
      nodes: { post: [phoneNumberSettingsHandler(context)] },
      graph: (app) => {
        numbersGraphRoutes(context)(app);
        profileGraphRoutes(context)(app);
      },
      admin: (app) => {
        onboardingAdminRoutes(services, context)(app);
        numbersAdminRoutes(services, context)(app);
        profileAdminRoutes(context)(app);
      },
      sim: onboardingSimRoutes(services, context),
      seedDemo: (knownAccessToken) => ensureDemo({ ...context.deps, registry }, knownAccessToken),
    };
  },
};
