/**
 * Graph's Resumable Upload API, as Meta documents it for profile pictures and template samples:
 * `POST /{app-id}/uploads` (or `/app/uploads`) opens a session for a file announced by name, length
 * and type; `POST upload:<id>` with a `file_offset` header sends its bytes (all at once, or in parts
 * resumed from the offset `GET upload:<id>` reports); the last part answers the handle (`h`). Bytes
 * stream to disk under the data directory; a business's profile picture, set from a handle, is
 * served from Kabar's origin as Meta serves it from its CDN. The console uploads a template's media
 * sample through the same sessions, over the admin API with its session cookie (`POST /admin/uploads`,
 * `POST /admin/uploads/<id>`): the browser never holds a Graph token.
 */
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { Type } from 'typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { allPermissions, type AccountsRepository, type Principal } from '../../core/accounts/index.js';
import type { HeaderSamples, MediaFormat } from '../../core/templates/index.js';
import type { ProfilePictures } from '../../core/profiles/index.js';
import { domainError, fail, ok } from '../../core/shared/index.js';
import { acceptBytes, recordPart, sessionIdOfHandle, startUpload, uploadHandle, uploadOfHandle, uploadSessionOf, type UploadSession, type UploadsDeps } from '../../core/uploads/index.js';
import { DiskMediaStorage, KyselyUploadsRepository, uploadWriters } from '../../store/index.js';
import { nodeInScope, requiredBusiness } from '../access/scope.js';
import { sendDomainError } from '../errors.js';
import { principalOf } from '../graph/graph.routes.js';
import type { KabarFeature, KabarServices } from '../services.js';

export const profilePicturePath = '/whatsapp_business/profile_pictures/';
/** Meta's limit for a profile picture (JPEG or PNG). */
const profilePictureMaxBytes = 5 * 1024 * 1024;

interface UploadsContext {
  readonly services: KabarServices;
  readonly deps: UploadsDeps & { readonly uploads: KyselyUploadsRepository };
  readonly storage: DiskMediaStorage;
}

/** The bytes of a whole upload, its parts one after the other. */
async function* bytesOf(storage: DiskMediaStorage, session: UploadSession): AsyncGenerator<Uint8Array> {
  for (const part of session.parts) yield* storage.read(part) as AsyncIterable<Uint8Array>;
}

function graphRoutes(context: UploadsContext) {
  const { deps } = context;
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    const announcement = Type.Object(
      { file_name: Type.Optional(Type.String({ maxLength: 1000 })), file_length: Type.Optional(Type.Union([Type.String({ maxLength: 32 }), Type.Number()])), file_type: Type.Optional(Type.String({ maxLength: 128 })) },
      { additionalProperties: true },
    );
    app.post('/:appId/uploads', { schema: { params: Type.Object({ appId: Type.String({ pattern: '^(app|[0-9]{1,32})$' }) }), querystring: announcement } }, async (request, reply) => {
      const principal = principalOf(request);
      if (request.params.appId !== 'app' && request.params.appId !== principal.appId) {
        return sendDomainError(reply, domainError('NODE_NOT_FOUND', `Unsupported post request. Object with ID '${request.params.appId}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`));
      }
      const body = request.body !== null && typeof request.body === 'object' ? (request.body as Record<string, unknown>) : {};
      const given = { ...(request.query as Record<string, unknown>), ...body };
      const started = await startUpload(deps, { principal, id: randomBytes(18).toString('base64url'), fileName: given['file_name'], fileLength: given['file_length'], fileType: given['file_type'] });
      return started.ok ? reply.send({ id: `upload:${started.value.id}` }) : sendDomainError(reply, started.error);
    });

    app.get('/upload:::session', { schema: { params: sessionParams } }, async (request, reply) => {
      const session = await uploadSessionOf(deps, principalOf(request), request.params.session, 'get');
      return session.ok ? reply.send({ id: `upload:${session.value.id}`, file_offset: session.value.fileOffset }) : sendDomainError(reply, session.error);
    });

    // The bytes come raw, under whatever Content-Type the client sends (curl --data-binary sends a form type): read as a stream.
    await instance.register(async (scope) => {
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', (_request, _payload, done) => {
        done(null, undefined);
      });
      scope.withTypeProvider<TypeBoxTypeProvider>().post('/upload:::session', { schema: { params: sessionParams } }, async (request, reply) => {
        const found = await uploadSessionOf(deps, principalOf(request), request.params.session, 'post');
        if (!found.ok) return refuse(request, reply, found.error);
        return receiveBytes(context, request, reply, found.value);
      });
    });
  };
}

const sessionParams = Type.Object({ session: Type.String({ pattern: '^[A-Za-z0-9_-]{16,64}$' }) });

/** Appends a request's raw body to a session at the offset it names; answers the handle once the file is whole. */
async function receiveBytes(context: UploadsContext, request: FastifyRequest, reply: FastifyReply, found: UploadSession): Promise<FastifyReply> {
  const { deps, storage } = context;
  const accepted = acceptBytes(found, request.headers['file_offset'] ?? request.headers['file-offset']);
  if (!accepted.ok) return refuse(request, reply, accepted.error);
  const staged = await storage.receive(request.raw, accepted.value.remaining + 1);
  if (staged.size > accepted.value.remaining) {
    await storage.discard(staged);
    return refuse(request, reply, domainError('PARAMETER_MALFORMED', `(#100) The body holds more than the ${accepted.value.remaining.toLocaleString('en-US')} bytes left of file_length ${found.fileLength.toLocaleString('en-US')}.`));
  }
  if (staged.size === 0) {
    await storage.discard(staged);
    return refuse(request, reply, domainError('PARAMETER_MALFORMED', '(#100) The body is empty: send the file\'s bytes from file_offset.'));
  }
  const storageKey = `up_${found.id}_${found.parts.length}`;
  await storage.keep(staged, storageKey);
  const session = await recordPart(deps, found, { storageKey, size: staged.size });
  return reply.send(session.completedAt === null ? { id: `upload:${session.id}`, file_offset: session.fileOffset } : { h: uploadHandle(session) });
}

/**
 * The Resumable Upload API for the console, as the business (an admin or owner of it): the same
 * sessions and handles as Graph's, with the session cookie instead of a Graph token.
 */
function adminRoutes(context: UploadsContext) {
  const { deps } = context;
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.post(
      '/admin/uploads',
      {
        config: { access: 'admin', audit: 'uploads.start' },
        schema: {
          body: Type.Object(
            { business_id: Type.Optional(Type.String({ pattern: '^[0-9]{1,32}$' })), file_name: Type.Optional(Type.String({ maxLength: 1000 })), file_length: Type.Optional(Type.Number()), file_type: Type.Optional(Type.String({ maxLength: 128 })) },
            { additionalProperties: false },
          ),
        },
      },
      async (request, reply) => {
        const businessId = requiredBusiness(request, request.body.business_id);
        if (!businessId.ok) return sendDomainError(reply, businessId.error);
        const principal: Principal = { tokenId: 'console', businessId: businessId.value, appId: 'console', permissions: allPermissions, expiresAt: null };
        request.auditDetails = { file_name: request.body.file_name ?? null, file_type: request.body.file_type ?? null, file_length: request.body.file_length ?? null };
        const started = await startUpload(deps, { principal, id: randomBytes(18).toString('base64url'), fileName: request.body.file_name, fileLength: request.body.file_length, fileType: request.body.file_type });
        return started.ok ? reply.code(201).send({ id: `upload:${started.value.id}` }) : sendDomainError(reply, started.error);
      },
    );

    const inScope = async (request: FastifyRequest, id: string): Promise<UploadSession | undefined> => {
      const session = await deps.uploads.find(id);
      return session !== undefined && nodeInScope(request, session, 'upload session', id).ok ? session : undefined;
    };
    const missing = (id: string) => domainError('NODE_NOT_FOUND', `No upload session with id 'upload:${id}'.`);

    app.get('/admin/uploads/:session', { config: { access: 'admin' }, schema: { params: sessionParams } }, async (request, reply) => {
      const session = await inScope(request, request.params.session);
      return session === undefined ? sendDomainError(reply, missing(request.params.session)) : reply.send({ id: `upload:${session.id}`, file_offset: session.fileOffset });
    });

    // The bytes come raw, as on Graph.
    await instance.register(async (scope) => {
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', (_request, _payload, done) => {
        done(null, undefined);
      });
      scope.withTypeProvider<TypeBoxTypeProvider>().post('/admin/uploads/:session', { config: { access: 'admin', audit: 'uploads.send' }, schema: { params: sessionParams } }, async (request, reply) => {
        const session = await inScope(request, request.params.session);
        if (session === undefined) return refuse(request, reply, missing(request.params.session));
        return receiveBytes(context, request, reply, session);
      });
    });
  };
}

/** Answers an error without reading the rest of a body nobody will use. */
function refuse(request: FastifyRequest, reply: FastifyReply, error: Parameters<typeof sendDomainError>[1]): FastifyReply {
  request.raw.resume();
  return sendDomainError(reply.header('connection', 'close'), error);
}

/** Profile pictures, public as Meta's CDN URLs are: the path names an unguessable session id. */
function pictureRoutes(context: UploadsContext) {
  const { deps, storage } = context;
  return (instance: FastifyInstance): void => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.get(`${profilePicturePath}:file`, { schema: { params: Type.Object({ file: Type.String({ maxLength: 80 }) }) } }, async (request, reply) => {
      const match = /^([A-Za-z0-9_-]{16,64})\.(jpg|png)$/.exec(request.params.file);
      const session = match?.[1] === undefined ? undefined : await deps.uploads.find(match[1]);
      if (session === undefined || session.completedAt === null || !isPicture(session)) return reply.code(404).header('content-type', 'text/plain; charset=utf-8').send('Not found');
      return reply
        .header('content-type', session.fileType === 'image/png' ? 'image/png' : 'image/jpeg')
        .header('content-length', String(session.fileLength))
        .header('cache-control', 'public, max-age=86400')
        .send(Readable.from(bytesOf(storage, session)));
    });
  };
}

function isPicture(session: UploadSession): boolean {
  return session.fileType === 'image/jpeg' || session.fileType === 'image/jpg' || session.fileType === 'image/png';
}

/**
 * Turns a handle into the path of the business's new profile picture: a whole upload of the
 * number's business, a JPEG or PNG of at most 5 MB.
 */
export function uploadedProfilePictures(uploads: KyselyUploadsRepository, accounts: AccountsRepository): ProfilePictures {
  return {
    async resolve(handle, phoneNumberId) {
      const number = await accounts.findPhoneNumber(phoneNumberId);
      if (number === undefined) return fail('the phone number is unknown.');
      const session = await uploadOfHandle({ uploads }, handle, number.businessId);
      if (!session.ok) return session;
      if (!isPicture(session.value)) return fail(`a profile picture is a JPEG or PNG image; this upload is ${session.value.fileType}.`);
      if (session.value.fileLength > profilePictureMaxBytes) return fail(`a profile picture has at most 5 MB; this one has ${session.value.fileLength.toLocaleString('en-US')} bytes.`);
      return ok(`${profilePicturePath}${session.value.id}.${session.value.fileType === 'image/png' ? 'png' : 'jpg'}`);
    },
  };
}

/** The file types each media header format takes as its sample. */
const sampleTypes: Readonly<Record<MediaFormat, readonly string[]>> = { IMAGE: ['image/jpeg', 'image/jpg', 'image/png'], VIDEO: ['video/mp4'], DOCUMENT: ['application/pdf'] };

/**
 * Checks a template's media sample: a handle in the shape of Kabar's must name a finished upload of
 * the business, of a type the header takes. A URL, or a handle Kabar did not issue (Meta's, kept by
 * a client that talks to both), is not Kabar's to judge and passes.
 */
export function uploadedHeaderSamples(uploads: KyselyUploadsRepository): HeaderSamples {
  return {
    async refusal(handle, format, businessId) {
      if (sessionIdOfHandle(handle) === undefined) return undefined;
      const session = await uploadOfHandle({ uploads }, handle, businessId);
      if (!session.ok) return session.error;
      const accepted = sampleTypes[format];
      if (!accepted.includes(session.value.fileType)) return `a ${format} header's sample is ${accepted.join(' or ')}; this upload is ${session.value.fileType}.`;
      return undefined;
    },
  };
}

export const uploadsFeature: KabarFeature = {
  name: 'uploads',
  writers: uploadWriters,
  setup(services) {
    const context: UploadsContext = {
      services,
      deps: { uploads: new KyselyUploadsRepository(services.database.db), writer: services.committer, clock: services.clock },
      storage: new DiskMediaStorage(services.dataDir),
    };
    return { graph: graphRoutes(context), open: pictureRoutes(context), admin: adminRoutes(context) };
  },
};
