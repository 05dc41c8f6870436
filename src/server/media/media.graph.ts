/**
 * The Cloud API's media routes: `POST /{phone-number-id}/media` (multipart in every shape clients
 * send), `GET /{media-id}` (a download URL on Kabar's origin, good for 5 minutes), the download
 * itself (Bearer token of the same business), and `DELETE /{media-id}`.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import multipart from '@fastify/multipart';
import { Type } from 'typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { phoneNumberIdParams } from '../../wire/index.js';
import { hasPermission, resolvePhoneNumber } from '../../core/accounts/index.js';
import {
  deleteMedia, kindOfMimeType, mediaAlive, mediaFileProblem, normalMimeType, planMedia, visibleMedia, type MediaRepository, type MediaStorage,
} from '../../core/media/index.js';
import { domainError, idempotentAnswerRecorded, record, unitOf, type DomainError } from '../../core/shared/index.js';
import type { DiskMediaStorage } from '../../store/index.js';
import { sendDomainError } from '../errors.js';
import { principalOf } from '../graph/graph.routes.js';
import { notMine, type NodeHandler } from '../graph/node-handlers.js';
import type { KabarServices } from '../services.js';
import { downloadPath, type MediaUrls } from './media-urls.js';
import { mediaMultipartLimits, receiveForm } from './multipart-media.js';

export interface MediaContext {
  readonly services: KabarServices;
  readonly repository: MediaRepository;
  readonly storage: MediaStorage & Pick<DiskMediaStorage, 'read'>;
  readonly urls: MediaUrls;
}

const invalid = (details: string): DomainError => domainError('MEDIA_PARAMETER_INVALID', details);


export function mediaGraphRoutes(context: MediaContext) {
  const { services, repository, storage, urls } = context;
  return async (instance: FastifyInstance): Promise<void> => {
    await instance.register(async (scope) => {
      await scope.register(multipart, { limits: mediaMultipartLimits, throwFileSizeLimit: false });
      const app = scope.withTypeProvider<TypeBoxTypeProvider>();

      app.post(
        '/:phoneNumberId/media',
        {
          schema: {
            params: phoneNumberIdParams,
            querystring: Type.Object({ messaging_product: Type.Optional(Type.String({ maxLength: 64 })) }, { additionalProperties: true }),
            headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 255 })) }),
          },
        },
        async (request, reply) => {
          const principal = principalOf(request);
          const number = await resolvePhoneNumber(services.accounts, { principal, id: request.params.phoneNumberId, method: 'post', permission: 'whatsapp_business_messaging' });
          if (!number.ok) return sendDomainError(reply, number.error);
          if (!request.isMultipart()) return sendDomainError(reply, invalid('The parameter file is required: send the file as multipart/form-data, in the field "file".'));
          const { fields, file } = await receiveForm(request, storage);
          const refuse = async (error: DomainError): Promise<FastifyReply> => {
            if (file !== undefined) await storage.discard(file.staged);
            return sendDomainError(reply, error);
          };
          const product = fields['messaging_product'] ?? request.query.messaging_product;
          if (product === undefined) return refuse(invalid('The parameter messaging_product is required.'));
          if (product.toLowerCase() !== 'whatsapp') return refuse(invalid(`Param messaging_product must be one of {WHATSAPP} - got "${product}".`));
          if (file === undefined) return refuse(invalid('The parameter file is required.'));
          const mimeType = normalMimeType(fields['type'] ?? file.mimetype);
          const problem = mediaFileProblem(mimeType, file.staged.size, file.staged.head, file.exceeded);
          if (problem !== undefined) return refuse(problem.problem === 'type' ? invalid(problem.details) : domainError('MEDIA_TOO_LARGE', problem.details));
          const kind = kindOfMimeType(mimeType);
          if (kind === undefined) return refuse(invalid(`Param type '${mimeType}' is not a media type.`));

          // A retry with the same Idempotency-Key and the same file gets the first id back.
          const key = request.headers['idempotency-key'];
          const scopeName = `POST /${number.value.id}/media`;
          const fingerprint = createHash('sha256').update(`${file.staged.sha256}:${mimeType}:${file.filename}`).digest('hex');
          const replay = async (): Promise<FastifyReply | undefined> => {
            if (key === undefined) return undefined;
            const first = await services.idempotentAnswers.find(scopeName, key);
            if (first === undefined) return undefined;
            await storage.discard(file.staged);
            if (first.fingerprint !== fingerprint) {
              return sendDomainError(reply, domainError('PARAMETER_INVALID', `Idempotency-Key '${key}' was already used for a different upload; a retry must send the same file.`));
            }
            return reply.code(first.statusCode).send(first.response);
          };
          const replayed = await replay();
          if (replayed !== undefined) return replayed;

          const now = services.clock.now();
          const planned = planMedia(
            services.ids,
            { businessId: number.value.businessId, wabaId: number.value.wabaId, phoneNumberId: number.value.id, origin: 'upload', kind, mimeType, filename: file.filename === '' ? null : file.filename, staged: file.staged },
            now,
          );
          const answer = { id: planned.media.id };
          await storage.keep(file.staged, planned.media.storageKey);
          const outcome = await services.committer.commit(
            unitOf(planned.records, key === undefined ? [] : [record(idempotentAnswerRecorded, { scope: scopeName, key, fingerprint, statusCode: 200, response: answer, createdAt: now })]),
          );
          if (!outcome.committed) {
            await storage.remove(planned.media.storageKey);
            const winner = key === undefined ? undefined : await services.idempotentAnswers.find(scopeName, key);
            if (winner === undefined) throw new Error('an upload lost its idempotency race but the winner cannot be found');
            return reply.code(winner.statusCode).send(winner.response);
          }
          return reply.send(answer);
        },
      );
    });

    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      downloadPath,
      { schema: { querystring: Type.Object({ mid: Type.String({ maxLength: 64 }), ext: Type.String({ maxLength: 32 }), hash: Type.String({ maxLength: 128 }) }, { additionalProperties: true }) } },
      async (request, reply) => {
        const { mid, ext, hash } = request.query;
        const now = services.clock.now();
        const media = urls.valid(mid, ext, hash, now) ? await visibleMedia(repository, principalOf(request), mid, now) : undefined;
        if (media === undefined) {
          return sendDomainError(reply, domainError('MEDIA_DOWNLOAD_NOT_FOUND', 'This media URL is unknown, has expired (a URL works for 5 minutes: retrieve the media again for a new one), or belongs to another business.'));
        }
        const stream = storage.read(media.storageKey);
        return reply
          .header('content-type', media.mimeType)
          .header('content-length', media.fileSize)
          .header('content-disposition', `attachment; filename="${(media.filename ?? media.id).replace(/["\\\r\n]/g, '_')}"`)
          .header('cache-control', 'private, max-age=300')
          .send(stream instanceof Readable ? stream : Readable.from(stream));
      },
    );
  };
}

/** `GET /{media-id}`: the media's URL and what it is, for the business that owns it. */
export function mediaGetHandler(context: MediaContext): NodeHandler {
  const { services, repository, urls } = context;
  return async ({ request, reply, principal, nodeId }) => {
    const now = services.clock.now();
    const media = await visibleMedia(repository, principal, nodeId, now);
    if (media === undefined) return notMine;
    const phoneNumberId = (request.query as { phone_number_id?: unknown }).phone_number_id;
    if (phoneNumberId !== undefined && phoneNumberId !== media.phoneNumberId) {
      return sendDomainError(reply, invalid(`Param phone_number_id is not the phone number this media was uploaded on or received by.`));
    }
    return reply.send({ messaging_product: 'whatsapp', url: urls.url(request, media.id, now), mime_type: media.mimeType, sha256: media.sha256, file_size: String(media.fileSize), id: media.id });
  };
}

/** `DELETE /{media-id}`: deletes the media; deleting it again (a retry) answers success again. */
export function mediaDeleteHandler(context: MediaContext): NodeHandler {
  const { services, repository } = context;
  return async ({ request, reply, principal, nodeId }) => {
    const media = await repository.findMedia(nodeId);
    if (media === undefined || media.businessId !== principal.businessId) return notMine;
    if (!hasPermission(principal, 'whatsapp_business_messaging')) return sendDomainError(reply, domainError('PERMISSION_DENIED', 'The token lacks whatsapp_business_messaging.'));
    const phoneNumberId = (request.query as { phone_number_id?: unknown }).phone_number_id;
    if (phoneNumberId !== undefined && phoneNumberId !== media.phoneNumberId) {
      return sendDomainError(reply, invalid(`Param phone_number_id is not the phone number this media was uploaded on or received by.`));
    }
    const now = services.clock.now();
    if (mediaAlive(media, now)) await services.committer.commit(unitOf(deleteMedia(media, now)));
    return reply.send({ success: true });
  };
}
