/**
 * Flows in the running Kabar: the Flows API on Graph with its asset downloads and preview pages,
 * the send rule for Flow messages (position 120, after the number's own state, before the
 * recipient's), the Flows writer, and the simulator's Flow completion and health changes.
 */
import { flowSendStage, type FlowsDeps } from '../../core/flows/index.js';
import { KyselyFlowRepository, flowWriters } from '../../store/index.js';
import type { KabarFeature } from '../services.js';
import { FlowUrls } from './flow-urls.js';
import { flowPreviewRoutes, flowsGraphRoutes } from './flows.graph.js';
import { flowsSimRoutes } from './flows.sim.js';

const secretKey = 'flows.url-secret';

export const flowsFeature: KabarFeature = {
  name: 'flows',
  writers: flowWriters,
  async setup(services) {
    let secret = (await services.settings.get<{ secret: string }>(secretKey))?.secret;
    if (secret === undefined) {
      secret = services.credentials.newSecret();
      await services.settings.put(secretKey, { secret }, services.clock.now());
    }
    const flows = new KyselyFlowRepository(services.database.db);
    const deps: FlowsDeps = { flows, accounts: services.accounts, writer: services.committer, clock: services.clock, ids: services.ids, targets: services.targets };
    const context = { services, deps, urls: new FlowUrls(secret) };
    const graph = flowsGraphRoutes(context);
    return {
      sendStages: [{ position: 120, stage: flowSendStage(flows) }],
      graph: graph.routes,
      nodes: { get: [graph.nodes.get], post: [graph.nodes.post], delete: [graph.nodes.delete] },
      open: flowPreviewRoutes(context),
      sim: flowsSimRoutes(services, deps),
    };
  },
};
