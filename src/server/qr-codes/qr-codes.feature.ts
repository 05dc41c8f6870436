/**
 * QR codes and short links on the Graph API, as Meta serves them at `/{phone-number-id}/message_qrdls`:
 * create (body or query parameters), list, read, change the prefilled text, delete; each code's
 * image (SVG or PNG) at a signed URL on Kabar's origin, as Meta hands out a CDN URL; and a
 * simulated user who scans a code and sends its prefilled text.
 */
import QRCode from 'qrcode';
import { Type } from 'typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { resolvePhoneNumber, type PhoneNumber } from '../../core/accounts/index.js';
import { receiveMessage } from '../../core/messaging/index.js';
import {
  createQrCode, deepLinkUrl, deleteQrCode, isQrCode, qrCodeOf, qrImageFormat, updateQrCode, type QrCode, type QrCodeDeps, type QrImageFormat,
} from '../../core/qr-codes/index.js';
import { domainError, fail, ok, type Awaitable, type DomainError, type Result } from '../../core/shared/index.js';
import { KyselyQrCodeRepository, qrCodeWriters } from '../../store/index.js';
import { nodeInScope } from '../access/scope.js';
import { sendDomainError } from '../errors.js';
import { principalOf } from '../graph/graph.routes.js';
import { receivedAnswer } from '../sim/message.view.js';
import { receiveDeps, writingUser } from '../sim/sim-senders.js';
import type { KabarFeature, KabarServices } from '../services.js';
import { UrlSigner } from '../url-signer.js';

const secretKey = 'qr-codes.image-secret';
const imagePath = '/message_qrdls/images/';

const numberParams = Type.Object({ phoneNumberId: Type.String({ pattern: '^[0-9]{1,32}$' }) });
const codeParams = Type.Object({ phoneNumberId: Type.String({ pattern: '^[0-9]{1,32}$' }), code: Type.String({ minLength: 1, maxLength: 64 }) });
/** Graph takes these parameters in the query string as well as in a JSON or form body. */
const qrParameters = Type.Object(
  {
    prefilled_message: Type.Optional(Type.String({ maxLength: 4096 })),
    generate_qr_image: Type.Optional(Type.String({ maxLength: 16 })),
    code: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    fields: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: true },
);
type QrParameters = { prefilled_message?: string; generate_qr_image?: string; code?: string; fields?: string };

/** Signs the image URLs of codes, so that only URLs Kabar handed out draw a code's image. */
class QrImageUrls {
  readonly #signer: UrlSigner;

  constructor(secret: string) {
    this.#signer = new UrlSigner(secret);
  }

  url(request: FastifyRequest, code: string, format: QrImageFormat): string {
    return `${request.protocol}://${request.host}${imagePath}${code}.${format.toLowerCase()}?hash=${this.#signer.sign(`qr:${code}`)}`;
  }

  valid(code: string, hash: string): boolean {
    return this.#signer.verify(`qr:${code}`, hash);
  }
}

interface QrContext {
  readonly services: KabarServices;
  readonly deps: QrCodeDeps & { readonly qrCodes: KyselyQrCodeRepository };
  readonly images: QrImageUrls;
}

/** The parameters of a request, from its body where it has one, else from its query string. */
function parametersOf(request: FastifyRequest): QrParameters {
  const query = (request.query ?? {}) as QrParameters;
  const body = request.body !== null && typeof request.body === 'object' ? (request.body as QrParameters) : {};
  return { ...query, ...body };
}

const fieldNames = ['code', 'prefilled_message', 'deep_link_url', 'qr_image_url'] as const;
type FieldName = (typeof fieldNames)[number];
interface FieldChoice {
  readonly names: readonly FieldName[];
  readonly format: QrImageFormat;
}

/** `fields=code,prefilled_message,qr_image_url.format(SVG)`; without it, Meta's default three. */
function fieldsOf(fields: string | undefined): Result<FieldChoice, DomainError> {
  if (fields === undefined || fields.trim() === '') return ok({ names: ['code', 'prefilled_message', 'deep_link_url'], format: 'PNG' });
  const names: FieldName[] = [];
  let format: QrImageFormat = 'PNG';
  for (const raw of fields.split(',')) {
    const field = raw.trim();
    const image = /^qr_image_url(?:\.format\((\w+)\))?$/i.exec(field);
    if (image !== null) {
      if (image[1] !== undefined) {
        const chosen = qrImageFormat(image[1]);
        if (!chosen.ok) return chosen;
        format = chosen.value;
      }
      names.push('qr_image_url');
      continue;
    }
    const name = fieldNames.find((candidate) => candidate === field);
    if (name === undefined) return fail(domainError('FIELD_UNKNOWN', `(#100) Tried accessing nonexisting field (${field}) on node type (MessageQRDL)`));
    names.push(name);
  }
  return ok({ names: [...new Set(names)], format });
}

function view(request: FastifyRequest, images: QrImageUrls, qrCode: QrCode, choice: FieldChoice): Record<string, string> {
  const all: Record<FieldName, () => string> = {
    code: () => qrCode.code,
    prefilled_message: () => qrCode.prefilledMessage,
    deep_link_url: () => deepLinkUrl(qrCode.code),
    qr_image_url: () => images.url(request, qrCode.code, choice.format),
  };
  return Object.fromEntries(choice.names.map((name) => [name, all[name]()]));
}

function graphRoutes(context: QrContext) {
  const { services, deps, images } = context;
  return (instance: FastifyInstance): void => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    const numberOf = (request: FastifyRequest, phoneNumberId: string, method: 'get' | 'post' | 'delete'): Awaitable<Result<PhoneNumber, DomainError>> =>
      resolvePhoneNumber(services.accounts, { principal: principalOf(request), id: phoneNumberId, method, permission: 'whatsapp_business_management' });

    const created = (request: FastifyRequest, reply: FastifyReply, qrCode: QrCode, format: QrImageFormat | undefined): FastifyReply =>
      reply.send({
        code: qrCode.code,
        prefilled_message: qrCode.prefilledMessage,
        deep_link_url: deepLinkUrl(qrCode.code),
        ...(format === undefined ? {} : { qr_image_url: images.url(request, qrCode.code, format) }),
      });

    const update = async (request: FastifyRequest, reply: FastifyReply, number: PhoneNumber, code: string): Promise<FastifyReply> => {
      const parameters = parametersOf(request);
      const format = parameters.generate_qr_image === undefined ? undefined : qrImageFormat(parameters.generate_qr_image);
      if (format !== undefined && !format.ok) return sendDomainError(reply, format.error);
      const updated = await updateQrCode(deps, number, code, parameters.prefilled_message);
      return updated.ok ? created(request, reply, updated.value, format?.value) : sendDomainError(reply, updated.error);
    };

    app.post('/:phoneNumberId/message_qrdls', { schema: { params: numberParams, querystring: qrParameters } }, async (request, reply) => {
      const number = await numberOf(request, request.params.phoneNumberId, 'post');
      if (!number.ok) return sendDomainError(reply, number.error);
      const parameters = parametersOf(request);
      // The older form of an update: the code among the parameters.
      if (parameters.code !== undefined) return update(request, reply, number.value, parameters.code);
      const format = qrImageFormat(parameters.generate_qr_image);
      if (!format.ok) return sendDomainError(reply, format.error);
      const saved = await createQrCode(deps, number.value, parameters.prefilled_message);
      return saved.ok ? created(request, reply, saved.value, format.value) : sendDomainError(reply, saved.error);
    });

    app.post('/:phoneNumberId/message_qrdls/:code', { schema: { params: codeParams, querystring: qrParameters } }, async (request, reply) => {
      const number = await numberOf(request, request.params.phoneNumberId, 'post');
      if (!number.ok) return sendDomainError(reply, number.error);
      return update(request, reply, number.value, request.params.code);
    });

    const list = async (request: FastifyRequest, reply: FastifyReply, phoneNumberId: string, code: string | undefined): Promise<FastifyReply> => {
      const number = await numberOf(request, phoneNumberId, 'get');
      if (!number.ok) return sendDomainError(reply, number.error);
      const choice = fieldsOf(parametersOf(request).fields);
      if (!choice.ok) return sendDomainError(reply, choice.error);
      if (code !== undefined) {
        const found = await qrCodeOf(deps, number.value, code, 'get');
        return found.ok ? reply.send({ data: [view(request, images, found.value, choice.value)] }) : sendDomainError(reply, found.error);
      }
      const all = await deps.qrCodes.listByNumber(number.value.id);
      return reply.send({ data: all.map((qrCode) => view(request, images, qrCode, choice.value)) });
    };
    app.get('/:phoneNumberId/message_qrdls', { schema: { params: numberParams, querystring: qrParameters } }, (request, reply) =>
      list(request, reply, request.params.phoneNumberId, (request.query as QrParameters).code),
    );
    app.get('/:phoneNumberId/message_qrdls/:code', { schema: { params: codeParams, querystring: qrParameters } }, (request, reply) =>
      list(request, reply, request.params.phoneNumberId, request.params.code),
    );

    const remove = async (request: FastifyRequest, reply: FastifyReply, phoneNumberId: string, code: string | undefined): Promise<FastifyReply> => {
      const number = await numberOf(request, phoneNumberId, 'delete');
      if (!number.ok) return sendDomainError(reply, number.error);
      if (code === undefined) return sendDomainError(reply, domainError('PARAMETER_MALFORMED', '(#100) The parameter code is required.'));
      const deleted = await deleteQrCode(deps, number.value, code);
      return deleted.ok ? reply.send({ success: true }) : sendDomainError(reply, deleted.error);
    };
    app.delete('/:phoneNumberId/message_qrdls', { schema: { params: numberParams, querystring: qrParameters } }, (request, reply) =>
      remove(request, reply, request.params.phoneNumberId, parametersOf(request).code),
    );
    app.delete('/:phoneNumberId/message_qrdls/:code', { schema: { params: codeParams, querystring: qrParameters } }, (request, reply) =>
      remove(request, reply, request.params.phoneNumberId, request.params.code),
    );
  };
}

/** A code's image, drawn on request: the QR of its short link. Only signed URLs answer, with 404 otherwise. */
function imageRoutes(context: QrContext) {
  return (instance: FastifyInstance): void => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      `${imagePath}:file`,
      { schema: { params: Type.Object({ file: Type.String({ maxLength: 32 }) }), querystring: Type.Object({ hash: Type.Optional(Type.String({ maxLength: 128 })) }) } },
      async (request, reply) => {
        const match = /^([0-9A-Z]{14})\.(svg|png)$/.exec(request.params.file);
        const code = match?.[1];
        const qrCode = code === undefined || !context.images.valid(code, request.query.hash ?? '') ? undefined : await context.deps.qrCodes.find(code);
        if (qrCode === undefined) return reply.code(404).header('content-type', 'text/plain; charset=utf-8').send('Not found');
        const link = deepLinkUrl(qrCode.code);
        reply.header('cache-control', 'private, max-age=300');
        if (match?.[2] === 'svg') return reply.header('content-type', 'image/svg+xml').send(await QRCode.toString(link, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }));
        return reply.header('content-type', 'image/png').send(await QRCode.toBuffer(link, { type: 'png', errorCorrectionLevel: 'M', margin: 2, width: 512 }));
      },
    );
  };
}

/** A simulated user scans a code (or opens its short link) and sends the prefilled text, or an edited one. */
function simRoutes(context: QrContext) {
  const { services, deps } = context;
  return (instance: FastifyInstance): void => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.post(
      '/sim/users/:waId/scan',
      {
        config: { access: 'agent' },
        schema: {
          params: Type.Object({ waId: Type.String({ minLength: 1, maxLength: 32 }) }),
          body: Type.Object({ code: Type.String({ minLength: 1, maxLength: 64 }), text: Type.Optional(Type.String({ minLength: 1, maxLength: 4096 })), name: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })) }, { additionalProperties: false }),
        },
      },
      async (request, reply) => {
        const user = writingUser(services, request.params.waId);
        if (!user.ok) return sendDomainError(reply, user.error);
        const code = request.body.code.replace(/^https:\/\/wa\.me\/message\//, '').toUpperCase();
        const qrCode = isQrCode(code) ? await deps.qrCodes.find(code) : undefined;
        const inScope = nodeInScope(request, qrCode, 'QR code', request.body.code);
        if (!inScope.ok || qrCode === undefined) return sendDomainError(reply, inScope.ok ? domainError('NODE_NOT_FOUND', `No QR code '${request.body.code}'.`) : inScope.error);
        const result = await receiveMessage(receiveDeps(services), {
          phoneNumberId: qrCode.phoneNumberId,
          from: user.value.waId,
          profileName: request.body.name ?? user.value.profileName,
          payload: { type: 'text', content: { body: request.body.text ?? qrCode.prefilledMessage } },
        });
        return result.ok ? reply.send(receivedAnswer(result.value)) : sendDomainError(reply, result.error);
      },
    );
  };
}

export const qrCodesFeature: KabarFeature = {
  name: 'qr-codes',
  writers: qrCodeWriters,
  async setup(services) {
    let secret = (await services.settings.get<{ secret: string }>(secretKey))?.secret;
    if (secret === undefined) {
      secret = services.credentials.newSecret();
      await services.settings.put(secretKey, { secret }, services.clock.now());
    }
    const context: QrContext = {
      services,
      deps: { qrCodes: new KyselyQrCodeRepository(services.database.db), writer: services.committer, clock: services.clock, ids: services.ids },
      images: new QrImageUrls(secret),
    };
    return { graph: graphRoutes(context), open: imageRoutes(context), sim: simRoutes(context) };
  },
};
