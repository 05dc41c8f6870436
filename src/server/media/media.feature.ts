/**
 * Media: uploads, retrieval URLs, downloads and deletion on the Graph API; the checks of a media
 * message's id (send stage 450) and the fetch of its link (450, after it); expiry by a durable
 * timer; the files simulated users send; `GET /admin/media/{id}` for the console. Bytes live on
 * disk under the data directory.
 */
import { expireMedia, mediaDeleted, mediaExpiryTimer, mediaIdStage } from '../../core/media/index.js';
import { payloadsOf } from '../../core/shared/index.js';
import { DiskMediaStorage, KyselyMediaRepository, mediaWriters } from '../../store/index.js';
import type { KabarFeature } from '../services.js';
import { linkFetchStage } from './link-fetch.stage.js';
import { mediaDeleteHandler, mediaGetHandler, mediaGraphRoutes, type MediaContext } from './media.graph.js';
import { mediaAdminRoutes } from './media.admin.js';
import { mediaSimRoutes } from './media.sim.js';
import { MediaUrls } from './media-urls.js';

const secretKey = 'media.url-secret';

export const mediaFeature: KabarFeature = {
  name: 'media',
  writers: mediaWriters,
  async setup(services) {
    const repository = new KyselyMediaRepository(services.database.db);
    const storage = new DiskMediaStorage(services.dataDir);
    await storage.clearStaging();
    let secret = (await services.settings.get<{ secret: string }>(secretKey))?.secret;
    if (secret === undefined) {
      secret = services.credentials.newSecret();
      await services.settings.put(secretKey, { secret }, services.clock.now());
    }
    const context: MediaContext = { services, repository, storage, urls: new MediaUrls(secret) };
    return {
      sendStages: [
        { position: 450, stage: mediaIdStage(repository) },
        { position: 450, stage: linkFetchStage({ policy: services.callbackPolicy }) },
      ],
      timers: { [mediaExpiryTimer]: expireMedia(repository) },
      graph: mediaGraphRoutes(context),
      nodes: { get: [mediaGetHandler(context)], delete: [mediaDeleteHandler(context)] },
      sim: mediaSimRoutes(context),
      admin: mediaAdminRoutes(context),
      onCommitted(units) {
        // The bytes go once their deletion has committed; a crash in between leaves a file no record names.
        for (const unit of units) {
          for (const deleted of payloadsOf(unit, mediaDeleted)) {
            storage.remove(deleted.storageKey).catch(() => undefined);
          }
        }
      },
    };
  },
};
