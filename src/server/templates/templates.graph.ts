/**
 * Graph template management: `GET|POST|DELETE /{waba-id}/message_templates`, and the template node
 * `GET|POST /{template-id}` (through the node handlers, since Graph ids are one namespace).
 */
import { Type } from 'typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { createTemplate, deleteTemplates, editTemplate, listTemplates, parseCategory, visibleTemplate, type TemplateAuthor, type TemplateStatus, type TemplatesDeps } from '../../core/templates/index.js';
import type { Principal } from '../../core/accounts/index.js';
import { domainError } from '../../core/shared/index.js';
import { sendDomainError } from '../errors.js';
import { principalOf } from '../graph/graph.routes.js';
import { notMine, type NodeHandler } from '../graph/node-handlers.js';
import { pageUrl } from '../graph/paging.js';
import { selectFields } from '../graph/phone-number.view.js';
import { defaultTemplateFields, templateFields } from './template.view.js';

const nodeParams = Type.Object({ nodeId: Type.String({ pattern: '^[0-9]{1,32}$' }) });
const statuses: readonly TemplateStatus[] = ['PENDING', 'APPROVED', 'REJECTED', 'FLAGGED', 'PAUSED', 'DISABLED'];

interface Cursor {
  readonly createdAt: number;
  readonly id: string;
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(`${cursor.createdAt}:${cursor.id}`).toString('base64url');
}

function decodeCursor(text: string | undefined): Cursor | undefined | 'invalid' {
  if (text === undefined) return undefined;
  const match = /^(\d{1,16}):(\d{1,32})$/.exec(Buffer.from(text, 'base64url').toString('utf8'));
  return match === null ? 'invalid' : { createdAt: Number(match[1]), id: match[2] ?? '' };
}

/** Who made a change over Graph: the app, and which of its tokens. */
export async function graphAuthor(deps: Pick<TemplatesDeps, 'accounts'>, principal: Principal): Promise<TemplateAuthor> {
  const app = await deps.accounts.findApp(principal.appId);
  return { kind: 'app', id: principal.appId, label: `${app?.name ?? `App ${principal.appId}`} (token ${principal.tokenId})` };
}

function fieldError(reply: FastifyReply, field: string): FastifyReply {
  return sendDomainError(reply, domainError('FIELD_UNKNOWN', `(#100) Tried accessing nonexisting field (${field}) on node type (WhatsAppBusinessHSM)`));
}

export function templatesGraphRoutes(deps: TemplatesDeps, forget: () => void) {
  return (instance: FastifyInstance): void => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/:nodeId/message_templates',
      {
        schema: {
          params: nodeParams,
          querystring: Type.Object(
            {
              fields: Type.Optional(Type.String({ maxLength: 2000 })),
              name: Type.Optional(Type.String({ maxLength: 512 })),
              status: Type.Optional(Type.String({ maxLength: 32 })),
              category: Type.Optional(Type.String({ maxLength: 32 })),
              language: Type.Optional(Type.String({ maxLength: 16 })),
              limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
              after: Type.Optional(Type.String({ maxLength: 128 })),
              before: Type.Optional(Type.String({ maxLength: 128 })),
            },
            { additionalProperties: true },
          ),
        },
      },
      async (request, reply) => {
        const { query } = request;
        const status = query.status === undefined ? undefined : statuses.find((entry) => entry === query.status?.toUpperCase());
        if (query.status !== undefined && status === undefined) return sendDomainError(reply, domainError('TEMPLATE_INVALID', `Param status must be one of ${statuses.join(', ')}.`));
        const category = query.category === undefined ? undefined : parseCategory(query.category);
        if (query.category !== undefined && category === undefined) return sendDomainError(reply, domainError('TEMPLATE_INVALID', 'Param category must be one of MARKETING, UTILITY, AUTHENTICATION.'));
        const after = decodeCursor(query.after);
        const before = decodeCursor(query.before);
        if (after === 'invalid' || before === 'invalid') return sendDomainError(reply, domainError('TEMPLATE_INVALID', 'Param after or before is not a cursor this API returned.'));
        const limit = query.limit ?? 25;
        const result = await listTemplates(deps, {
          principal: principalOf(request),
          wabaId: request.params.nodeId,
          filter: {
            limit,
            ...(query.name === undefined ? {} : { name: query.name }),
            ...(status === undefined ? {} : { status }),
            ...(category === undefined ? {} : { category }),
            ...(query.language === undefined ? {} : { language: query.language }),
            ...(after === undefined ? {} : { after }),
            ...(before === undefined ? {} : { before }),
          },
        });
        if (!result.ok) return sendDomainError(reply, result.error);
        const data: Record<string, unknown>[] = [];
        for (const template of result.value.templates) {
          const selection = selectFields(templateFields(template), query.fields, defaultTemplateFields);
          if (!selection.ok) return fieldError(reply, selection.field);
          data.push(selection.value);
        }
        const first = result.value.templates[0];
        const last = result.value.templates[result.value.templates.length - 1];
        const cursors = { before: first === undefined ? '' : encodeCursor(first), after: last === undefined ? '' : encodeCursor(last) };
        // Newest first: `next` continues to older templates, `previous` back to newer ones.
        const hasNext = before !== undefined || result.value.more;
        const hasPrevious = after !== undefined || (before !== undefined && result.value.more);
        return reply.send({
          data,
          paging: {
            cursors,
            ...(hasNext && last !== undefined ? { next: pageUrl(request, { after: cursors.after }) } : {}),
            ...(hasPrevious && first !== undefined ? { previous: pageUrl(request, { before: cursors.before }) } : {}),
          },
        });
      },
    );

    app.post('/:nodeId/message_templates', { schema: { params: nodeParams } }, async (request, reply) => {
      const principal = principalOf(request);
      const result = await createTemplate(deps, { principal, wabaId: request.params.nodeId, body: request.body, author: await graphAuthor(deps, principal) });
      forget();
      return result.ok ? reply.send(result.value) : sendDomainError(reply, result.error);
    });

    app.delete(
      '/:nodeId/message_templates',
      { schema: { params: nodeParams, querystring: Type.Object({ name: Type.Optional(Type.String({ maxLength: 512 })), hsm_id: Type.Optional(Type.String({ pattern: '^[0-9]{1,32}$' })) }, { additionalProperties: true }) } },
      async (request, reply) => {
        const fromBody = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<string, unknown>;
        const name = request.query.name ?? (typeof fromBody['name'] === 'string' ? fromBody['name'] : undefined);
        const hsmId = request.query.hsm_id ?? (typeof fromBody['hsm_id'] === 'string' ? fromBody['hsm_id'] : undefined);
        const result = await deleteTemplates(deps, { principal: principalOf(request), wabaId: request.params.nodeId, name, hsmId });
        forget();
        return result.ok ? reply.send(result.value) : sendDomainError(reply, result.error);
      },
    );
  };
}

/** `GET /{template-id}` and `POST /{template-id}` (edit); other ids are another feature's. */
export function templateNodeHandlers(deps: TemplatesDeps, forget: () => void): { readonly get: NodeHandler; readonly post: NodeHandler } {
  return {
    async get({ request, reply, principal, nodeId }) {
      const found = await visibleTemplate(deps, principal, nodeId, 'get');
      if (found === undefined) return notMine;
      if (!found.ok) return sendDomainError(reply, found.error);
      const query = request.query as { fields?: string };
      const selection = selectFields(templateFields(found.value), query.fields, [...defaultTemplateFields, 'quality_score', 'rejected_reason']);
      return selection.ok ? reply.send(selection.value) : fieldError(reply, selection.field);
    },
    async post({ request, reply, principal, nodeId }) {
      const found = await visibleTemplate(deps, principal, nodeId, 'post');
      if (found === undefined) return notMine;
      if (!found.ok) return sendDomainError(reply, found.error);
      const body = typeof request.body === 'object' && request.body !== null && !Array.isArray(request.body) ? (request.body as Record<string, unknown>) : {};
      const result = await editTemplate(deps, found.value, body, await graphAuthor(deps, principal));
      forget();
      return result.ok ? reply.send(result.value) : sendDomainError(reply, result.error);
    },
  };
}
