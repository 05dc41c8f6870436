/**
 * Billing in the running Kabar: the writers of conversations, charges and ad entry points; the
 * conversation book rebuilt from the store at start; the status stage that adds `conversation` and
 * `pricing` to status webhooks and charges the ledger; the inbound stage that notes click-to-WhatsApp
 * ad messages; and the operator routes of the ledger, its report and rate cards.
 */
import { ConversationBook, entryPointInboundStage, pricingStatusStage, rateCardOverrides } from '../../core/billing/index.js';
import { policyOf } from '../../core/policy/index.js';
import { whenKnown } from '../../core/shared/index.js';
import { KyselyBillingRepository, billingWriters } from '../../store/index.js';
import type { KabarFeature } from '../services.js';
import { billingAdminRoutes } from './billing.admin.js';

export const billingFeature: KabarFeature = {
  name: 'billing',
  writers: billingWriters,
  async setup(services) {
    const repository = new KyselyBillingRepository(services.database.db);
    const book = new ConversationBook({
      profileOf: (businessId) => whenKnown(policyOf(services.businessSettings, businessId), (policy) => policy.pricing),
      rateCardsOf: (businessId) => rateCardOverrides(services.businessSettings, businessId),
      lastInboundAt: (phoneNumberId, waId) => services.messages.lastInboundAt(phoneNumberId, waId),
    });
    // Before any status is applied: the simulator replans in-flight messages only after the features are set up.
    book.restore(await repository.snapshot(services.clock.now()));
    return { statusStages: [pricingStatusStage(book)], inboundStages: [entryPointInboundStage(book)], admin: billingAdminRoutes(services, repository) };
  },
};
