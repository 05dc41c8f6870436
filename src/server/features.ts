/**
 * Every feature of this release, in the order their parts are assembled (see `services.ts`). A new
 * module adds its feature here: one import and one entry.
 */
import type { KabarFeature } from './services.js';
import { contactsFeature } from './contacts/contacts.feature.js';
import { notificationsFeature } from './notifications/notifications.feature.js';
import { policyFeature } from './policy/policy.feature.js';
import { templatesFeature } from './templates/templates.feature.js';
import { feedbackFeature } from './feedback/feedback.feature.js';
import { onboardingFeature } from './onboarding/onboarding.feature.js';
import { billingFeature } from './billing/billing.feature.js';
import { catalogFeature } from './catalog/catalog.feature.js';
import { messagesFeature } from './messages/messages.feature.js';
import { mediaFeature } from './media/media.feature.js';
import { webhookRealismFeature } from './webhooks/webhook-realism.feature.js';
import { limitsFeature } from './limits/limits.feature.js';
import { throughputFeature } from './throughput/throughput.feature.js';
import { qrCodesFeature } from './qr-codes/qr-codes.feature.js';
import { businessGraphFeature } from './graph/business.graph.js';
import { uploadsFeature } from './uploads/uploads.feature.js';
import { blockingFeature } from './blocking/blocking.feature.js';
import { flowsFeature } from './flows/flows.feature.js';
import { complianceFeature } from './compliance/compliance.feature.js';

export const defaultFeatures: readonly KabarFeature[] = [
  notificationsFeature,
  policyFeature,
  onboardingFeature,
  templatesFeature,
  feedbackFeature,
  billingFeature,
  catalogFeature,
  messagesFeature,
  mediaFeature,
  contactsFeature,
  webhookRealismFeature,
  limitsFeature,
  throughputFeature,
  qrCodesFeature,
  businessGraphFeature,
  uploadsFeature,
  blockingFeature,
  flowsFeature,
  complianceFeature,
];
