/**
 * `GET /admin/media/{id}`: a media file for the console (the phone simulator's photos and
 * documents), with the session or an API key instead of a Graph token. A business's people see
 * only their own business's media; another business's answers like one that does not exist.
 */
import { Readable } from 'node:stream';
import { Type } from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { mediaAlive } from '../../core/media/index.js';
import { domainError } from '../../core/shared/index.js';
import { nodeInScope } from '../access/scope.js';
import { sendDomainError } from '../errors.js';
import type { MediaContext } from './media.graph.js';

/** Types a browser may show in the page; anything else is offered as a download. */
const shownInline = new Set(['image/jpeg', 'image/png', 'image/webp']);

export function mediaAdminRoutes(context: MediaContext) {
  const { services, repository, storage } = context;
  return (instance: FastifyInstance): void => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.get('/admin/media/:id', { config: { access: 'agent' }, schema: { params: Type.Object({ id: Type.String({ pattern: '^[0-9]{1,32}$' }) }) } }, async (request, reply) => {
      const media = await repository.findMedia(request.params.id);
      const scope = nodeInScope(request, media, 'media', request.params.id);
      if (!scope.ok) return sendDomainError(reply, scope.error);
      if (media === undefined || !mediaAlive(media, services.clock.now())) return sendDomainError(reply, domainError('NODE_NOT_FOUND', `No media with id '${request.params.id}': it expired or was deleted.`));
      const stream = storage.read(media.storageKey);
      const name = media.filename ?? media.id;
      // An ASCII name for every browser, and the real one (RFC 6266 filename*) for those that read it.
      const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
      return reply
        .header('content-type', media.mimeType)
        .header('content-length', media.fileSize)
        .header('content-disposition', `${shownInline.has(media.mimeType) ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, max-age=300')
        .send(stream instanceof Readable ? stream : Readable.from(stream));
    });
  };
}
