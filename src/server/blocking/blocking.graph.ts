/**
 * The Block Users API (developers.facebook.com/docs/whatsapp/cloud-api/block-users):
 * `POST|DELETE|GET /{phone-number-id}/block_users`. Results are per user; when any user fails the
 * answer is HTTP 400 with both lists and the 139100 error beside them, as Meta answers.
 */
import { Type } from 'typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { graphErrorEnvelope, phoneNumberIdParams } from '../../wire/index.js';
import { blockUsers, listBlockedUsers, unblockUsers, type BlockingDeps, type BlocklistOutcome, type UserResult } from '../../core/blocking/index.js';
import { domainError } from '../../core/shared/index.js';
import { sendDomainError, traceId } from '../errors.js';
import { principalOf } from '../graph/graph.routes.js';
import { pageUrl } from '../graph/paging.js';

const blockUsersBody = Type.Object(
  {
    messaging_product: Type.Literal('whatsapp'),
    block_users: Type.Array(Type.Object({ user: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: true }), { minItems: 1 }),
  },
  { additionalProperties: true },
);

const pageQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1 })),
    after: Type.Optional(Type.String({ maxLength: 128 })),
    before: Type.Optional(Type.String({ maxLength: 128 })),
  },
  { additionalProperties: true },
);

const defaultPageSize = 25;
const maxPageSize = 1_000;

const encodeCursor = (waId: string): string => Buffer.from(waId).toString('base64url');

function decodeCursor(text: string | undefined): string | undefined | 'invalid' {
  if (text === undefined) return undefined;
  const waId = Buffer.from(text, 'base64url').toString('utf8');
  return /^[0-9]{1,32}$/.test(waId) ? waId : 'invalid';
}

const userView = (user: UserResult): Record<string, unknown> => ({ input: user.input, ...(user.waId === undefined ? {} : { wa_id: user.waId }) });

/** 200 when every user went through; otherwise 400 with the lists and the 139100 error. */
function sendOutcome(reply: FastifyReply, outcome: BlocklistOutcome, list: 'added_users' | 'removed_users'): FastifyReply {
  const lists = {
    [list]: outcome.done.map(userView),
    ...(outcome.failed.length === 0
      ? {}
      : { failed_users: outcome.failed.map((user) => ({ ...userView(user), errors: user.errors.map((error) => ({ message: error.message, code: error.code, error_data: { details: error.details } })) })) }),
  };
  const answer = { messaging_product: 'whatsapp', block_users: lists };
  if (outcome.failed.length === 0) return reply.send(answer);
  const verb = list === 'added_users' ? 'block' : 'unblock';
  const { status, body } = graphErrorEnvelope({
    code: 139100,
    message: '(#139100) Failed to block/unblock users',
    details: `Failed to ${verb} some users, see the block_users response list for details`,
    traceId: traceId(),
  });
  return reply.code(status).send({ ...answer, ...body });
}

export function blockingGraphRoutes(deps: BlockingDeps) {
  return (instance: FastifyInstance): void => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.post('/:phoneNumberId/block_users', { schema: { params: phoneNumberIdParams, body: blockUsersBody } }, async (request, reply) => {
      const users = request.body.block_users.map((entry) => entry.user);
      const result = await blockUsers(deps, { principal: principalOf(request), phoneNumberId: request.params.phoneNumberId, users });
      return result.ok ? sendOutcome(reply, result.value, 'added_users') : sendDomainError(reply, result.error);
    });

    app.delete('/:phoneNumberId/block_users', { schema: { params: phoneNumberIdParams, body: blockUsersBody } }, async (request, reply) => {
      const users = request.body.block_users.map((entry) => entry.user);
      const result = await unblockUsers(deps, { principal: principalOf(request), phoneNumberId: request.params.phoneNumberId, users });
      return result.ok ? sendOutcome(reply, result.value, 'removed_users') : sendDomainError(reply, result.error);
    });

    app.get('/:phoneNumberId/block_users', { schema: { params: phoneNumberIdParams, querystring: pageQuery } }, async (request, reply) => {
      const { query } = request;
      const after = decodeCursor(query.after);
      const before = decodeCursor(query.before);
      if (after === 'invalid' || before === 'invalid') return sendDomainError(reply, domainError('PARAMETER_MALFORMED', '(#100) Param after or before is not a cursor this API returned.'));
      const result = await listBlockedUsers(deps, {
        principal: principalOf(request),
        phoneNumberId: request.params.phoneNumberId,
        limit: Math.min(query.limit ?? defaultPageSize, maxPageSize),
        ...(before === undefined ? (after === undefined ? {} : { after }) : { before }),
      });
      if (!result.ok) return sendDomainError(reply, result.error);
      const { waIds, hasBefore, hasAfter } = result.value;
      const first = waIds[0];
      const last = waIds[waIds.length - 1];
      const cursors = { before: first === undefined ? '' : encodeCursor(first), after: last === undefined ? '' : encodeCursor(last) };
      return reply.send({
        data: waIds.map((waId) => ({ messaging_product: 'whatsapp', wa_id: waId })),
        paging: {
          cursors,
          ...(hasAfter && last !== undefined ? { next: pageUrl(request, { after: cursors.after }) } : {}),
          ...(hasBefore && first !== undefined ? { previous: pageUrl(request, { before: cursors.before }) } : {}),
        },
      });
    });
  };
}
