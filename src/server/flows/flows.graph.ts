/**
 * The Flows API on Graph (developers.facebook.com/docs/whatsapp/flows/reference/flowsapi):
 * `POST|GET /{waba-id}/flows`, `GET|POST|DELETE /{flow-id}`, `POST|GET /{flow-id}/assets`,
 * `POST /{flow-id}/publish`, `POST /{flow-id}/deprecate`, the asset download and the preview page.
 */
import multipart from '@fastify/multipart';
import { Type } from 'typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { resolveWaba, type Principal } from '../../core/accounts/index.js';
import {
  createFlow, deleteFlow, deprecateFlow, flowJsonMaxBytes, flowOf, publishFlow, updateFlowMetadata, uploadFlowJson, type Flow, type FlowsDeps,
} from '../../core/flows/index.js';
import { domainError, type DomainError } from '../../core/shared/index.js';
import { sendDomainError } from '../errors.js';
import { principalOf } from '../graph/graph.routes.js';
import { notMine, type NodeHandler } from '../graph/node-handlers.js';
import { pageUrl } from '../graph/paging.js';
import type { KabarServices } from '../services.js';
import { assetPath, previewLifetimeMs, previewPath, type FlowUrls } from './flow-urls.js';
import { flowView, graphTime, previewPage, requestedFlowFields, type FlowFieldRequest } from './flow.view.js';

export interface FlowsContext {
  readonly services: KabarServices;
  readonly deps: FlowsDeps;
  readonly urls: FlowUrls;
}

const nodeParams = Type.Object({ nodeId: Type.String({ pattern: '^[0-9]{1,32}$' }) });
const anyQuery = Type.Object({ fields: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: true });
const pageQuery = Type.Object(
  {
    fields: Type.Optional(Type.String({ maxLength: 2000 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
    after: Type.Optional(Type.String({ maxLength: 200 })),
    before: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: true },
);
const defaultPageSize = 25;

type Parameters = Readonly<Record<string, unknown>>;

/** The parameters of a request: its JSON or form body (or multipart fields) over its query string. */
function parametersOf(request: FastifyRequest, fields: Parameters = {}): Parameters {
  const query = (request.query ?? {}) as Parameters;
  const body = request.body !== null && typeof request.body === 'object' ? (request.body as Parameters) : {};
  return { ...query, ...body, ...fields };
}

/** The text fields of a multipart body and the content of its `file` part (up to 10 MB). */
async function multipartOf(request: FastifyRequest): Promise<{ fields: Record<string, string>; file?: string; tooLarge: boolean }> {
  const fields: Record<string, string> = {};
  let file: string | undefined;
  let tooLarge = false;
  for await (const part of request.parts()) {
    if (part.type === 'file') {
      const bytes = await part.toBuffer().catch(() => undefined);
      if (bytes === undefined || part.file.truncated) tooLarge = true;
      else if (file === undefined) file = bytes.toString('utf8');
    } else {
      fields[part.fieldname] = String(part.value);
    }
  }
  return file === undefined ? { fields, tooLarge } : { fields, file, tooLarge };
}

const cursorOf = (id: string): string => Buffer.from(id).toString('base64url');
const idOfCursor = (cursor: string): string => Buffer.from(cursor, 'base64url').toString('utf8');

export function flowsGraphRoutes(context: FlowsContext) {
  const { services, deps, urls } = context;

  const previewGeneration = async (flowId: string): Promise<number> => (await services.settings.get<{ generation: number }>(`flows.preview.${flowId}`))?.generation ?? 0;

  /** The answer of `GET /{flow-id}` for these fields. */
  const view = async (request: FastifyRequest, principal: Principal, flow: Flow, fields: FlowFieldRequest): Promise<Record<string, unknown>> => {
    const names = new Set(fields.fields.map((field) => field.name));
    let generation = names.has('preview') ? await previewGeneration(flow.id) : 0;
    if (names.has('preview') && fields.invalidatePreview) {
      generation += 1;
      await services.settings.put(`flows.preview.${flow.id}`, { generation }, services.clock.now());
    }
    const expiresAt = services.clock.now() + previewLifetimeMs;
    return flowView(flow, fields, {
      principal,
      waba: names.has('whatsapp_business_account') ? await services.accounts.findWaba(flow.wabaId) : undefined,
      appName: names.has('application') ? (await services.accounts.findApp(principal.appId))?.name : undefined,
      preview: () => ({ preview_url: urls.previewUrl(request, flow.id, generation, expiresAt), expires_at: graphTime(expiresAt) }),
    });
  };

  /** A Flow of the request's `nodeId`, or the error to send. */
  const flowOfRequest = async (request: FastifyRequest, method: 'get' | 'post' | 'delete'): Promise<{ flow: Flow } | { error: DomainError }> => {
    const { nodeId } = request.params as { nodeId: string };
    const found = await flowOf(deps, principalOf(request), nodeId, method);
    return found.ok ? { flow: found.value } : { error: found.error };
  };

  const nodes = {
    get: (async ({ request, reply, principal, nodeId }) => {
      const flow = await deps.flows.find(nodeId);
      if (flow === undefined) return notMine;
      const found = await flowOf(deps, principal, nodeId, 'get');
      if (!found.ok) return sendDomainError(reply, found.error);
      const fields = requestedFlowFields((request.query as { fields?: string }).fields);
      if (!fields.ok) return sendDomainError(reply, fields.error);
      return reply.send(await view(request, principal, found.value, fields.value));
    }) satisfies NodeHandler,
    post: (async ({ request, reply, principal, nodeId }) => {
      if ((await deps.flows.find(nodeId)) === undefined) return notMine;
      const found = await flowOf(deps, principal, nodeId, 'post');
      if (!found.ok) return sendDomainError(reply, found.error);
      const parameters = parametersOf(request);
      if (parameters['flow_json'] !== undefined) {
        // Meta's newer form of an asset upload: the Flow JSON as a string parameter.
        const uploaded = await uploadFlowJson(deps, found.value, { name: 'flow.json', assetType: 'FLOW_JSON', text: typeof parameters['flow_json'] === 'string' ? parameters['flow_json'] : JSON.stringify(parameters['flow_json']) });
        return uploaded.ok ? reply.send({ success: true, validation_errors: uploaded.value.validationErrors }) : sendDomainError(reply, uploaded.error);
      }
      const updated = await updateFlowMetadata(deps, found.value, { name: parameters['name'], categories: parameters['categories'], endpointUri: parameters['endpoint_uri'] });
      return updated.ok ? reply.send({ success: true }) : sendDomainError(reply, updated.error);
    }) satisfies NodeHandler,
    delete: (async ({ reply, principal, nodeId }) => {
      if ((await deps.flows.find(nodeId)) === undefined) return notMine;
      const found = await flowOf(deps, principal, nodeId, 'delete');
      if (!found.ok) return sendDomainError(reply, found.error);
      const deleted = await deleteFlow(deps, found.value);
      return deleted.ok ? reply.send({ success: true }) : sendDomainError(reply, deleted.error);
    }) satisfies NodeHandler,
  };

  const routes = async (instance: FastifyInstance): Promise<void> => {
    await instance.register(async (scope) => {
      await scope.register(multipart, { limits: { fileSize: flowJsonMaxBytes, files: 1, fields: 20, fieldSize: 64 * 1024, parts: 22 }, throwFileSizeLimit: false });
      const app = scope.withTypeProvider<TypeBoxTypeProvider>();

      app.post('/:nodeId/flows', { schema: { params: nodeParams, querystring: anyQuery } }, async (request, reply) => {
        const principal = principalOf(request);
        const waba = await resolveWaba(services.accounts, { principal, id: request.params.nodeId, method: 'post', permission: 'whatsapp_business_management' });
        if (!waba.ok) return sendDomainError(reply, waba.error);
        const form = request.isMultipart() ? await multipartOf(request) : undefined;
        const parameters = parametersOf(request, form?.fields);
        const created = await createFlow(deps, principal, waba.value, {
          name: parameters['name'],
          categories: parameters['categories'],
          ...(parameters['clone_flow_id'] === undefined ? {} : { cloneFlowId: parameters['clone_flow_id'] }),
          ...(parameters['clone_template'] === undefined ? {} : { cloneTemplate: parameters['clone_template'] }),
          ...(parameters['endpoint_uri'] === undefined ? {} : { endpointUri: parameters['endpoint_uri'] }),
          ...(parameters['flow_json'] === undefined ? {} : { flowJson: parameters['flow_json'] }),
          ...(parameters['publish'] === undefined ? {} : { publish: parameters['publish'] }),
        });
        if (!created.ok) return sendDomainError(reply, created.error);
        const { flow, validationErrors } = created.value;
        return reply.send(validationErrors === undefined ? { id: flow.id } : { id: flow.id, success: true, validation_errors: validationErrors });
      });

      app.get('/:nodeId/flows', { schema: { params: nodeParams, querystring: pageQuery } }, async (request, reply) => {
        const principal = principalOf(request);
        const waba = await resolveWaba(services.accounts, { principal, id: request.params.nodeId, method: 'get', permission: 'whatsapp_business_management' });
        if (!waba.ok) return sendDomainError(reply, waba.error);
        const fields = requestedFlowFields(request.query.fields);
        if (!fields.ok) return sendDomainError(reply, fields.error);
        const all = await deps.flows.listByWaba(waba.value.id);
        const limit = request.query.limit ?? defaultPageSize;
        const { after, before } = request.query;
        const anchor = (cursor: string): number => all.findIndex((flow) => flow.id === idOfCursor(cursor));
        if ((after !== undefined && anchor(after) < 0) || (before !== undefined && anchor(before) < 0)) {
          return sendDomainError(reply, domainError('PARAMETER_MALFORMED', '(#100) Param after or before is not a cursor this API returned.'));
        }
        const start = before !== undefined ? Math.max(0, anchor(before) - limit) : after !== undefined ? anchor(after) + 1 : 0;
        const end = before !== undefined ? anchor(before) : start + limit;
        const page = all.slice(start, end);
        const data: Record<string, unknown>[] = [];
        for (const flow of page) data.push(await view(request, principal, flow, fields.value));
        const first = page[0];
        const last = page[page.length - 1];
        const cursors = { before: first === undefined ? '' : cursorOf(first.id), after: last === undefined ? '' : cursorOf(last.id) };
        return reply.send({
          data,
          paging: {
            cursors,
            ...(last !== undefined && end < all.length ? { next: pageUrl(request, { after: cursors.after }) } : {}),
            ...(first !== undefined && start > 0 ? { previous: pageUrl(request, { before: cursors.before }) } : {}),
          },
        });
      });

      app.post('/:nodeId/assets', { schema: { params: nodeParams, querystring: anyQuery } }, async (request, reply) => {
        const found = await flowOfRequest(request, 'post');
        if ('error' in found) return sendDomainError(reply, found.error);
        if (!request.isMultipart()) {
          return sendDomainError(reply, domainError('PARAMETER_MALFORMED', '(#100) Send the Flow JSON as multipart/form-data: file=@flow.json, name=flow.json, asset_type=FLOW_JSON.'));
        }
        const form = await multipartOf(request);
        if (form.tooLarge) return sendDomainError(reply, domainError('PARAMETER_MALFORMED', '(#100) The Flow JSON file is larger than 10 MB.'));
        const parameters = parametersOf(request, form.fields);
        const uploaded = await uploadFlowJson(deps, found.flow, { name: parameters['name'], assetType: parameters['asset_type'], text: form.file });
        return uploaded.ok ? reply.send({ success: true, validation_errors: uploaded.value.validationErrors }) : sendDomainError(reply, uploaded.error);
      });
    });

    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.get('/:nodeId/assets', { schema: { params: nodeParams, querystring: anyQuery } }, async (request, reply) => {
      const found = await flowOfRequest(request, 'get');
      if ('error' in found) return sendDomainError(reply, found.error);
      const { flow } = found;
      const data = flow.flowJson === null ? [] : [{ name: 'flow.json', asset_type: 'FLOW_JSON', download_url: urls.assetUrl(request, flow) }];
      const cursor = cursorOf(`${flow.id}:flow.json`);
      return reply.send({ data, paging: { cursors: { before: data.length === 0 ? '' : cursor, after: data.length === 0 ? '' : cursor } } });
    });

    app.post('/:nodeId/publish', { schema: { params: nodeParams, querystring: anyQuery } }, async (request, reply) => {
      const found = await flowOfRequest(request, 'post');
      if ('error' in found) return sendDomainError(reply, found.error);
      const published = await publishFlow(deps, found.flow);
      return published.ok ? reply.send({ success: true }) : sendDomainError(reply, published.error);
    });

    app.post('/:nodeId/deprecate', { schema: { params: nodeParams, querystring: anyQuery } }, async (request, reply) => {
      const found = await flowOfRequest(request, 'post');
      if ('error' in found) return sendDomainError(reply, found.error);
      const deprecated = await deprecateFlow(deps, found.flow);
      return deprecated.ok ? reply.send({ success: true }) : sendDomainError(reply, deprecated.error);
    });

    app.get(
      `${assetPath}:flowId/flow.json`,
      { schema: { params: Type.Object({ flowId: Type.String({ pattern: '^[0-9]{1,32}$' }) }), querystring: Type.Object({ v: Type.String({ maxLength: 32 }), hash: Type.String({ maxLength: 128 }) }, { additionalProperties: true }) } },
      async (request, reply) => {
        const found = await flowOf(deps, principalOf(request), request.params.flowId, 'get');
        const flow = found.ok ? found.value : undefined;
        if (flow === undefined || flow.flowJson === null || !urls.validAsset(flow, request.query.v, request.query.hash)) {
          return sendDomainError(reply, domainError('MEDIA_DOWNLOAD_NOT_FOUND', 'This asset URL is unknown, belongs to another business, or names an older upload: list the assets again (GET /{flow-id}/assets) for the current one.'));
        }
        return reply.header('content-type', 'application/json; charset=utf-8').header('content-disposition', 'attachment; filename="flow.json"').send(flow.flowJson);
      },
    );
  };

  return { routes, nodes };
}

/** The preview page: opened in a browser from the link `preview` hands out, so it carries its own signature instead of a token. */
export function flowPreviewRoutes(context: FlowsContext) {
  const { services, deps, urls } = context;
  return (instance: FastifyInstance): void => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      `${previewPath}:flowId`,
      {
        schema: {
          params: Type.Object({ flowId: Type.String({ maxLength: 32 }) }),
          querystring: Type.Object({ expires: Type.Optional(Type.String({ maxLength: 32 })), token: Type.Optional(Type.String({ maxLength: 128 })) }, { additionalProperties: true }),
        },
      },
      async (request, reply): Promise<FastifyReply> => {
        const { flowId } = request.params;
        const generation = (await services.settings.get<{ generation: number }>(`flows.preview.${flowId}`))?.generation ?? 0;
        const valid = /^[0-9]{1,32}$/.test(flowId) && urls.validPreview(flowId, generation, request.query.expires ?? '', request.query.token ?? '', services.clock.now());
        const flow = valid ? await deps.flows.find(flowId) : undefined;
        if (flow === undefined) return reply.code(404).header('content-type', 'text/plain; charset=utf-8').send('This preview link is unknown, expired or invalidated: ask for a new one (GET /{flow-id}?fields=preview).');
        return reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', 'private, no-store').send(previewPage(flow));
      },
    );
  };
}
