/**
 * Blocking in the running Kabar: the Block Users API on Graph, the blocklist writer, the send rule
 * that refuses a blocked recipient (position 150, after the number's own state), the inbound rule
 * that withholds a blocked user's messages, and the admin view of a number's blocklist.
 */
import { blockedRecipientStage, blockedSenderStage, blocklistChanged, type BlockingDeps } from '../../core/blocking/index.js';
import { payloadsOf } from '../../core/shared/index.js';
import { KyselyBlocklistRepository, blocklistWriter } from '../../store/index.js';
import type { KabarFeature } from '../services.js';
import { blockingAdminRoutes } from './blocking.admin.js';
import { blockingGraphRoutes } from './blocking.graph.js';

export const blockingFeature: KabarFeature = {
  name: 'blocking',
  writers: [blocklistWriter],
  setup(services) {
    const blocklist = new KyselyBlocklistRepository(services.database.db);
    const deps: BlockingDeps = { accounts: services.accounts, messages: services.messages, blocklist, writer: services.committer, clock: services.clock };
    return {
      sendStages: [{ position: 150, stage: blockedRecipientStage(blocklist) }],
      inboundStages: [blockedSenderStage(blocklist)],
      graph: blockingGraphRoutes(deps),
      admin: blockingAdminRoutes(services, blocklist),
      onCommitted(units) {
        for (const unit of units) blocklist.forget(payloadsOf(unit, blocklistChanged));
      },
    };
  },
};
