import { Type } from 'typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  acceptInvitation, addressThrottle, changePassword, changeUser, createApiKey, createUser, inviteUser, normaliseEmail, openInvitation, passwordProblem,
  revokeApiKey, revokeInvitation, roleOf, sessionEnded, sessionLifetimeMs, startSession, throttleVerdict, signIn, invitationState,
  type Actor, type ApiKey, type Invitation, type StartedSession, type User,
} from '../../core/access/index.js';
import { domainError, record, unitOf } from '../../core/shared/index.js';
import { safeEqual } from '../credentials.js';
import { sendDomainError } from '../errors.js';
import type { KabarServices } from '../services.js';
import { clearSessionCookie, setSessionCookie } from './cookies.js';
import { actorOf, requiredBusiness } from './scope.js';

const iso = (epochMilliseconds: number | null): string | null => (epochMilliseconds === null ? null : new Date(epochMilliseconds).toISOString());
const role = Type.Union([Type.Literal('owner'), Type.Literal('admin'), Type.Literal('agent')]);
const businessQuery = Type.Object({ business_id: Type.Optional(Type.String({ pattern: '^[0-9]{1,32}$' })) });
const keyParams = Type.Object({ id: Type.String({ pattern: '^[0-9A-Za-z]{1,32}$' }) });

export function userView(user: User): Record<string, unknown> {
  return { id: user.id, business_id: user.businessId, email: user.email, name: user.name, role: user.role, created_at: iso(user.createdAt) };
}

function invitationView(invitation: Invitation, now: number): Record<string, unknown> {
  return {
    id: invitation.id,
    business_id: invitation.businessId,
    email: invitation.email,
    role: invitation.role,
    invited_by: invitation.invitedBy,
    state: invitationState(invitation, now),
    created_at: iso(invitation.createdAt),
    expires_at: iso(invitation.expiresAt),
  };
}

function apiKeyView(key: ApiKey): Record<string, unknown> {
  return { id: key.id, business_id: key.businessId, name: key.name, role: key.role, hint: `…${key.hint}`, created_by: key.createdBy, created_at: iso(key.createdAt), revoked_at: iso(key.revokedAt) };
}

/** What the console needs to know about who is signed in. */
async function whoView(services: KabarServices, actor: Actor, csrfToken: string | null): Promise<Record<string, unknown>> {
  const businessId = actor.kind === 'operator' ? null : actor.businessId;
  const business = businessId === null ? undefined : await services.accounts.findBusiness(businessId);
  return {
    actor: { kind: actor.kind, id: actor.id, label: actor.label, role: actor.kind === 'operator' ? 'operator' : roleOf(actor) },
    business: business === undefined ? null : { id: business.id, name: business.name },
    csrf_token: csrfToken,
  };
}

/** The link an invited person opens; the token rides in the fragment, so it never reaches a server log. */
export function invitationLink(request: FastifyRequest, token: string): string {
  return `${request.protocol}://${request.headers.host ?? 'localhost'}/console/invitation#${token}`;
}

/** Sign-in, sessions, users, invitations, API keys and the audit log (`/admin/session`, `/admin/users`, …). */
export function accessRoutes(services: KabarServices, adminTokenHash: () => string | undefined) {
  const deps = services.access;
  const signedIn = async (request: FastifyRequest, reply: FastifyReply, started: StartedSession, actor: Actor): Promise<FastifyReply> => {
    request.actor = actor;
    setSessionCookie(request, reply, started.token, Math.floor(sessionLifetimeMs / 1000));
    return reply.code(201).send(await whoView(services, actor, started.session.csrfToken));
  };
  return async function register(instance: FastifyInstance): Promise<void> {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.post(
      '/admin/session',
      {
        config: { access: 'public', audit: 'session.start' },
        schema: {
          body: Type.Union([
            Type.Object({ email: Type.String({ minLength: 1, maxLength: 320 }), password: Type.String({ minLength: 1, maxLength: 256 }) }, { additionalProperties: false }),
            Type.Object({ operator_token: Type.String({ minLength: 1, maxLength: 256 }) }, { additionalProperties: false }),
          ]),
        },
      },
      async (request, reply) => {
        const body = request.body;
        if ('operator_token' in body) {
          const key = `address:${request.ip}`;
          const verdict = throttleVerdict(deps.attempts.failures(key), addressThrottle, services.clock.now());
          if (!verdict.allowed) return sendDomainError(reply, domainError('SIGN_IN_THROTTLED', 'Too many failed sign-in attempts from this address: try again later.'));
          const expected = adminTokenHash();
          if (expected === undefined || !safeEqual(services.credentials.hashToken(body.operator_token), expected)) {
            deps.attempts.recordFailure(key, services.clock.now());
            return sendDomainError(reply, domainError('AUTH_TOKEN_INVALID', 'That is not the operator token.'));
          }
          const started = await startSession(deps, null);
          return signedIn(request, reply, started, { kind: 'operator', id: 'operator', label: 'operator', sessionId: started.session.id });
        }
        request.auditDetails = { email: normaliseEmail(body.email) };
        const result = await signIn(deps, { email: body.email, password: body.password, address: request.ip });
        if (!result.ok) return sendDomainError(reply, result.error);
        const { user } = result.value;
        request.auditBusinessId = user.businessId;
        return signedIn(request, reply, result.value, { kind: 'user', id: user.id, label: user.email, businessId: user.businessId, role: user.role, sessionId: result.value.session.id });
      },
    );

    app.get('/admin/session', { config: { access: 'agent' } }, async (request, reply) => {
      const actor = actorOf(request);
      const csrf = actor.kind === 'api_key' || actor.sessionId === null ? null : ((await deps.access.findSessionById(actor.sessionId))?.csrfToken ?? null);
      return reply.send(await whoView(services, actor, csrf));
    });

    app.delete('/admin/session', { config: { access: 'agent', audit: 'session.end' } }, async (request, reply) => {
      const actor = actorOf(request);
      if (actor.kind !== 'api_key' && actor.sessionId !== null) await services.committer.commit(unitOf([record(sessionEnded, { id: actor.sessionId, at: deps.sessionClock.now() })]));
      clearSessionCookie(reply);
      return reply.send({ success: true });
    });

    app.post(
      '/admin/session/password',
      { config: { access: 'agent', audit: 'session.password' }, schema: { body: Type.Object({ current_password: Type.String({ minLength: 1, maxLength: 256 }), new_password: Type.String({ minLength: 1, maxLength: 1024 }) }) } },
      async (request, reply) => {
        const actor = actorOf(request);
        if (actor.kind !== 'user') return sendDomainError(reply, domainError('PERMISSION_DENIED', 'Only a signed-in user has a password to change; the operator uses the operator token.'));
        const result = await changePassword(deps, { userId: actor.id, current: request.body.current_password, next: request.body.new_password });
        if (!result.ok) return sendDomainError(reply, result.error);
        return reply.send({ success: true });
      },
    );

    app.post(
      '/admin/invitations/preview',
      { config: { access: 'public', audit: false }, schema: { body: Type.Object({ token: Type.String({ minLength: 1, maxLength: 256 }) }) } },
      async (request, reply) => {
        const invitation = await openInvitation(deps, request.body.token);
        if (!invitation.ok) return sendDomainError(reply, invitation.error);
        const business = await services.accounts.findBusiness(invitation.value.businessId);
        return reply.send({ email: invitation.value.email, role: invitation.value.role, business: { id: invitation.value.businessId, name: business?.name ?? '' }, expires_at: iso(invitation.value.expiresAt) });
      },
    );

    app.post(
      '/admin/invitations/accept',
      {
        config: { access: 'public', audit: 'invitation.accept' },
        schema: { body: Type.Object({ token: Type.String({ minLength: 1, maxLength: 256 }), name: Type.String({ minLength: 1, maxLength: 128 }), password: Type.String({ minLength: 1, maxLength: 1024 }) }) },
      },
      async (request, reply) => {
        const result = await acceptInvitation(deps, request.body);
        if (!result.ok) return sendDomainError(reply, result.error);
        const { user } = result.value;
        request.auditBusinessId = user.businessId;
        request.auditDetails = { email: user.email, role: user.role };
        return signedIn(request, reply, result.value, { kind: 'user', id: user.id, label: user.email, businessId: user.businessId, role: user.role, sessionId: result.value.session.id });
      },
    );

    app.get('/admin/users', { config: { access: 'admin' }, schema: { querystring: businessQuery } }, async (request, reply) => {
      const businessId = requiredBusiness(request, request.query.business_id);
      if (!businessId.ok) return sendDomainError(reply, businessId.error);
      return reply.send({ data: (await deps.access.listUsers(businessId.value)).map(userView) });
    });

    app.post(
      '/admin/users',
      {
        config: { access: 'operator', audit: 'users.create' },
        schema: { body: Type.Object({ business_id: Type.String({ pattern: '^[0-9]{1,32}$' }), email: Type.String({ minLength: 3, maxLength: 320 }), name: Type.String({ minLength: 1, maxLength: 128 }), role, password: Type.String({ minLength: 1, maxLength: 256 }) }) },
      },
      async (request, reply) => {
        const { body } = request;
        if ((await services.accounts.findBusiness(body.business_id)) === undefined) return sendDomainError(reply, domainError('NODE_NOT_FOUND', `No business with id '${body.business_id}'.`));
        const problem = passwordProblem(body.password);
        if (problem !== undefined) return sendDomainError(reply, domainError('PARAMETER_INVALID', problem));
        if ((await deps.access.findUserByEmail(normaliseEmail(body.email))) !== undefined) return sendDomainError(reply, domainError('PARAMETER_INVALID', `${body.email} already has an account.`));
        request.auditBusinessId = body.business_id;
        request.auditDetails = { email: normaliseEmail(body.email), role: body.role };
        const user = await createUser(deps, { businessId: body.business_id, email: body.email, name: body.name, role: body.role, password: body.password });
        return reply.code(201).send(userView(user));
      },
    );

    const userChange = (kind: 'role' | 'remove') => async (request: FastifyRequest<{ Params: { id: string }; Querystring: { business_id?: string }; Body: { role?: 'owner' | 'admin' | 'agent' } | undefined }>, reply: FastifyReply) => {
      const businessId = requiredBusiness(request, request.query.business_id);
      if (!businessId.ok) return sendDomainError(reply, businessId.error);
      const newRole = request.body?.role;
      const change = kind === 'remove' || newRole === undefined ? ({ kind: 'remove' } as const) : ({ kind: 'role', role: newRole } as const);
      request.auditDetails = change.kind === 'role' ? { role: change.role } : {};
      const result = await changeUser(deps, { actor: actorOf(request), businessId: businessId.value, userId: request.params.id, change });
      if (!result.ok) return sendDomainError(reply, result.error);
      return reply.send(userView(result.value));
    };
    app.post('/admin/users/:id', { config: { access: 'admin', audit: 'users.role' }, schema: { params: keyParams, querystring: businessQuery, body: Type.Object({ role }) } }, userChange('role'));
    app.delete('/admin/users/:id', { config: { access: 'admin', audit: 'users.remove' }, schema: { params: keyParams, querystring: businessQuery } }, userChange('remove'));

    app.get('/admin/invitations', { config: { access: 'admin' }, schema: { querystring: businessQuery } }, async (request, reply) => {
      const businessId = requiredBusiness(request, request.query.business_id);
      if (!businessId.ok) return sendDomainError(reply, businessId.error);
      const now = services.clock.now();
      return reply.send({ data: (await deps.access.listInvitations(businessId.value)).map((invitation) => invitationView(invitation, now)) });
    });

    app.post(
      '/admin/invitations',
      { config: { access: 'admin', audit: 'invitations.create' }, schema: { body: Type.Object({ business_id: Type.Optional(Type.String({ pattern: '^[0-9]{1,32}$' })), email: Type.String({ minLength: 3, maxLength: 320 }), role }) } },
      async (request, reply) => {
        const businessId = requiredBusiness(request, request.body.business_id);
        if (!businessId.ok) return sendDomainError(reply, businessId.error);
        request.auditDetails = { email: normaliseEmail(request.body.email), role: request.body.role };
        const result = await inviteUser(deps, { actor: actorOf(request), businessId: businessId.value, email: request.body.email, role: request.body.role });
        if (!result.ok) return sendDomainError(reply, result.error);
        return reply.code(201).send({ ...invitationView(result.value.invitation, services.clock.now()), token: result.value.token, link: invitationLink(request, result.value.token) });
      },
    );

    app.delete('/admin/invitations/:id', { config: { access: 'admin', audit: 'invitations.revoke' }, schema: { params: keyParams, querystring: businessQuery } }, async (request, reply) => {
      const businessId = requiredBusiness(request, request.query.business_id);
      if (!businessId.ok) return sendDomainError(reply, businessId.error);
      const result = await revokeInvitation(deps, { actor: actorOf(request), businessId: businessId.value, invitationId: request.params.id });
      if (!result.ok) return sendDomainError(reply, result.error);
      return reply.send({ success: true });
    });

    app.get('/admin/api-keys', { config: { access: 'admin' }, schema: { querystring: businessQuery } }, async (request, reply) => {
      const businessId = requiredBusiness(request, request.query.business_id);
      if (!businessId.ok) return sendDomainError(reply, businessId.error);
      return reply.send({ data: (await deps.access.listApiKeys(businessId.value)).map(apiKeyView) });
    });

    app.post(
      '/admin/api-keys',
      { config: { access: 'admin', audit: 'api-keys.create' }, schema: { body: Type.Object({ business_id: Type.Optional(Type.String({ pattern: '^[0-9]{1,32}$' })), name: Type.String({ minLength: 1, maxLength: 128 }), role }) } },
      async (request, reply) => {
        const businessId = requiredBusiness(request, request.body.business_id);
        if (!businessId.ok) return sendDomainError(reply, businessId.error);
        request.auditDetails = { name: request.body.name, role: request.body.role };
        const result = await createApiKey(deps, { actor: actorOf(request), businessId: businessId.value, name: request.body.name, role: request.body.role });
        if (!result.ok) return sendDomainError(reply, result.error);
        return reply.code(201).send({ ...apiKeyView(result.value.apiKey), key: result.value.key });
      },
    );

    app.delete('/admin/api-keys/:id', { config: { access: 'admin', audit: 'api-keys.revoke' }, schema: { params: keyParams, querystring: businessQuery } }, async (request, reply) => {
      const businessId = requiredBusiness(request, request.query.business_id);
      if (!businessId.ok) return sendDomainError(reply, businessId.error);
      const result = await revokeApiKey(deps, { actor: actorOf(request), businessId: businessId.value, id: request.params.id });
      if (!result.ok) return sendDomainError(reply, result.error);
      return reply.send({ success: true });
    });

    app.get(
      '/admin/audit',
      { config: { access: 'admin' }, schema: { querystring: Type.Object({ business_id: Type.Optional(Type.String({ pattern: '^[0-9]{1,32}$' })), before: Type.Optional(Type.String({ maxLength: 32 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) }) } },
      async (request, reply) => {
        const actor = actorOf(request);
        // The operator sees every entry unless it names a business; a business sees only its own.
        const businessId = actor.kind === 'operator' ? request.query.business_id : requiredBusiness(request, request.query.business_id);
        if (typeof businessId === 'object' && !businessId.ok) return sendDomainError(reply, businessId.error);
        const limit = request.query.limit ?? 100;
        await services.committer.drain();
        const entries = await deps.access.listAudit({
          ...(typeof businessId === 'object' ? { businessId: businessId.value } : businessId === undefined ? {} : { businessId }),
          ...(request.query.before === undefined ? {} : { before: request.query.before }),
          limit,
        });
        const last = entries[entries.length - 1];
        return reply.send({
          data: entries.map((entry) => ({
            id: entry.key,
            business_id: entry.businessId,
            actor: { kind: entry.actorKind, id: entry.actorId, label: entry.actorLabel },
            action: entry.action,
            target: entry.target,
            status: entry.status,
            details: entry.details,
            created_at: iso(entry.createdAt),
          })),
          paging: { next_before: entries.length === limit && last !== undefined ? last.key : null },
        });
      },
    );
  };
}
