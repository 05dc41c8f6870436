import type { AccountsRepository } from '../../accounts/index.js';
import type { BusinessSettings } from '../../policy/index.js';
import type { Clock, IdSource, WriteBatcher } from '../../shared/index.js';
import type { WebhookTargets } from '../../webhooks/index.js';
import type { LanguageDetector } from '../domain/language-detection.js';
import type { HeaderSamples, ReactionSource, ReviewSettings, TemplatesRepository } from '../ports.js';

/** What the templates use cases need; the composition root passes the running services. */
export interface TemplatesDeps {
  readonly accounts: AccountsRepository;
  readonly templates: TemplatesRepository;
  readonly writer: WriteBatcher;
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly targets: WebhookTargets;
  /** Per-business settings: the templates policy profile in force. */
  readonly businessSettings: BusinessSettings;
  readonly review: ReviewSettings;
  readonly detect: LanguageDetector;
  readonly reactions: ReactionSource;
  readonly samples: HeaderSamples;
}

/** The durable timers of this module, by kind. */
export const templateTimers = {
  review: 'templates.review',
  quality: 'templates.quality',
  disable: 'templates.disable',
  unpause: 'templates.unpause',
  category: 'templates.category',
} as const;
