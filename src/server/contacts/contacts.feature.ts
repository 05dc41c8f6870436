import {
  answerPendingChecks, blockLifted, blockLiftTimer, identitySendStage, identityStatusStage, importSaved, inboundContactStage, interrupted, messagedCheckStage, numberMessaged, pendingCheckTimer,
} from '../../core/contacts/index.js';
import { consentInboundStage, ledgerAppended, templateConsentStage } from '../../core/consent/index.js';
import { payloadsOf, record, unitOf, type UnitOfWork } from '../../core/shared/index.js';
import { consentWriters, contactsWriters } from '../../store/index.js';
import type { KabarFeature } from '../services.js';
import { requiredBusiness } from '../access/scope.js';
import { sendDomainError } from '../errors.js';
import { contactsImportRoutes } from './contacts-import.routes.js';
import { contactsContext } from './contacts.context.js';
import { contactsAdminRoutes } from './contacts.routes.js';
import { consentAdminRoutes } from './consent.routes.js';
import { identityAdminRoutes, identityGraphRoutes, identitySimRoutes } from './identity.routes.js';
import { onPremContactsRoutes } from './onprem-contacts.routes.js';

/**
 * Contacts, consent and identity: the CRM's contacts and imports (`/admin/businesses/{id}/contacts`),
 * the opt-in ledger and links (`…/consent`), the On-Premises contact check (`POST /v1/contacts`), the
 * identity check of a phone number (`/{phone-number-id}/settings`), and the simulator's reinstalls
 * and number changes. Send stages: identity hash at 600, opt-in on templates at 650, and at 950 the
 * note that a checked number was messaged.
 */
export const contactsFeature: KabarFeature = {
  name: 'contacts',
  writers: [...contactsWriters, ...consentWriters],
  setup(services) {
    const context = contactsContext(services);
    const stageDeps = { settings: services.businessSettings, identities: context.identities };
    const consentStageDeps = { consent: context.consent, settings: services.businessSettings, ids: services.ids };
    return {
      sendStages: [
        { position: 600, stage: identitySendStage(stageDeps) },
        { position: 650, stage: templateConsentStage(consentStageDeps) },
        { position: 950, stage: messagedCheckStage(context.unmessaged) },
      ],
      statusStages: [identityStatusStage({ ...stageDeps, sends: context.repository })],
      inboundStages: [inboundContactStage({ ...stageDeps, ids: services.ids }), consentInboundStage(consentStageDeps)],
      timers: {
        [pendingCheckTimer]: (timer, at) => Promise.resolve(unitOf(answerPendingChecks(context.deps, timer.payload as { businessId: string; waIds: string[] }, at))),
        [blockLiftTimer]: async (timer, at) => unitOf(await blockLifted(context.deps, (timer.payload as { businessId: string }).businessId, at)),
      },
      admin: async (operator) => {
        await operator.register(async (scope) => {
          // Every route is under /admin/businesses/{business_id}/: a business user or API key may
          // name only its own business; another one answers like a business that does not exist.
          scope.addHook('preHandler', async (request, reply) => {
            const businessId = (request.params as { businessId?: string }).businessId;
            if (businessId === undefined) return;
            const scoped = requiredBusiness(request, businessId);
            if (!scoped.ok) return sendDomainError(reply, scoped.error);
          });
          contactsAdminRoutes(context)(scope);
          consentAdminRoutes(context)(scope);
          identityAdminRoutes(context)(scope);
          await contactsImportRoutes(context)(scope);
        });
      },
      graph: (graph) => {
        identityGraphRoutes(context)(graph);
        onPremContactsRoutes(context)(graph);
      },
      sim: identitySimRoutes(context),
      onCommitted(units: readonly UnitOfWork[]) {
        for (const unit of units) {
          for (const entry of payloadsOf(unit, ledgerAppended)) context.consent.forget(entry.businessId, entry.waId);
          for (const mark of payloadsOf(unit, numberMessaged)) context.unmessaged.messaged(mark.businessId, mark.waId);
        }
      },
      start() {
        // An import that was running when Kabar stopped lost its upload: it is marked failed.
        context.repository
          .runningImports()
          .then(async (jobs) => {
            const stale = jobs.filter((job) => job.status === 'running');
            if (stale.length > 0) await services.committer.commit(unitOf(stale.map((job) => record(importSaved, interrupted(job, services.clock.now())))));
          })
          .catch((error: unknown) => services.deadLetter('contacts.imports', 'start', error instanceof Error ? error.message : String(error), null));
      },
    };
  },
};
