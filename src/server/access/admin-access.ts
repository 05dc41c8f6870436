/**
 * Authentication and authorisation of the admin and simulator APIs, designed once:
 *
 * - `onRequest` finds the actor: the operator token or an API key (`Authorization: Bearer`, or
 *   `access_token` in the query string or a small form body), or the console's session cookie. A
 *   cookie-authenticated write must carry the session's CSRF token in `X-CSRF-Token`.
 * - Each route declares the least access it needs in its `config` (`{ access: 'agent' }`); a route
 *   that declares nothing is the operator's alone. A signed-in actor below it gets 403 (code 10).
 * - Which business a request acts on comes from `scope.ts` (a business user's is forced).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { apiKeyPrefix, authenticateApiKey, authenticateSession, mayAccess, type Access, type Actor } from '../../core/access/index.js';
import { domainError, type DomainError } from '../../core/shared/index.js';
import { anonymousBodyLimit } from '../auth.js';
import { safeEqual } from '../credentials.js';
import { sendDomainError } from '../errors.js';
import type { KabarServices } from '../services.js';
import { readCookie, sessionCookie } from './cookies.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling the admin or simulator API; null before authentication and on public routes. */
    actor: Actor | null;
  }
  interface FastifyContextConfig {
    /** The least access the route needs (default: the operator only). See docs/architecture.md. */
    access?: Access;
    /** The audit log's name for this write (default: method and route). False: not audited (sign-in attempts are). */
    audit?: string | false;
  }
}

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const missing = domainError('AUTH_TOKEN_MISSING', 'The admin API needs "Authorization: Bearer <admin token or API key>", or a console session.');

export function routeAccess(request: FastifyRequest): Access {
  return request.routeOptions.config.access ?? 'operator';
}

function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header !== undefined) return /^Bearer\s+(.+)$/i.exec(header.trim())?.[1]?.trim() ?? '';
  const fromQuery = (request.query as Record<string, unknown> | undefined)?.['access_token'];
  return typeof fromQuery === 'string' ? fromQuery : undefined;
}

function smallBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length'];
  if (length === undefined) return request.headers['transfer-encoding'] === undefined;
  const bytes = Number(length);
  return Number.isFinite(bytes) && bytes <= anonymousBodyLimit;
}

function denied(actor: Actor, access: Access): DomainError {
  const held = actor.kind === 'operator' ? 'operator' : actor.role;
  const needed = access === 'operator' ? 'the operator' : `the role ${access} or higher`;
  return domainError('PERMISSION_DENIED', `This needs ${needed}; you are ${held}.`);
}

/** A browser's Origin, when it sends one, must be this server's own: a second line behind SameSite and the CSRF token. */
function foreignOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (origin === undefined || origin === 'null') return origin === 'null';
  try {
    return new URL(origin).host !== request.headers.host;
  } catch {
    return true;
  }
}

export interface AdminAccessHooks {
  onRequest(request: FastifyRequest, reply: FastifyReply): Promise<void>;
  preValidation(request: FastifyRequest, reply: FastifyReply): Promise<void>;
}

export function adminAccess(services: KabarServices, adminTokenHash: () => string | undefined): AdminAccessHooks {
  const byToken = async (token: string): Promise<Actor | DomainError> => {
    if (token.length === 0) return missing;
    if (token.startsWith(apiKeyPrefix)) return (await authenticateApiKey(services.access, token)) ?? domainError('AUTH_TOKEN_INVALID', 'Unknown or revoked API key.');
    const expected = adminTokenHash();
    if (expected !== undefined && safeEqual(services.credentials.hashToken(token), expected)) return { kind: 'operator', id: 'operator', label: 'operator', sessionId: null };
    return domainError('AUTH_TOKEN_INVALID', 'Invalid admin token or API key.');
  };
  const admit = async (request: FastifyRequest, reply: FastifyReply, actor: Actor): Promise<boolean> => {
    const access = routeAccess(request);
    if (!mayAccess(actor, access)) {
      await sendDomainError(reply, denied(actor, access));
      return false;
    }
    request.actor = actor;
    return true;
  };
  return {
    async onRequest(request, reply) {
      const access = routeAccess(request);
      const token = bearer(request);
      if (token !== undefined) {
        const found = await byToken(token);
        if ('code' in found) await sendDomainError(reply, found);
        else await admit(request, reply, found);
        return;
      }
      // Public routes (signing in, accepting an invitation) act for nobody yet: a session cookie is ignored.
      const cookie = access === 'public' ? undefined : readCookie(request, sessionCookie);
      const session = cookie === undefined ? undefined : await authenticateSession(services.access, cookie);
      if (session !== undefined) {
        if (unsafeMethods.has(request.method)) {
          const presented = request.headers['x-csrf-token'];
          if (typeof presented !== 'string' || !safeEqual(presented, session.csrfToken) || foreignOrigin(request)) {
            await sendDomainError(reply, domainError('CSRF_TOKEN_INVALID', 'A console write must carry the session\'s X-CSRF-Token header and come from this server\'s own pages; reload the page.'));
            return;
          }
        }
        await admit(request, reply, session.actor);
        return;
      }
      if (access === 'public') {
        // No signing in (or accepting an invitation) from another site's page: that would sign the
        // browser into an account the other site chose.
        if (unsafeMethods.has(request.method) && foreignOrigin(request)) await sendDomainError(reply, domainError('CSRF_TOKEN_INVALID', 'Sign in from Kabar\'s own pages.'));
        return;
      }
      if (cookie !== undefined) {
        await sendDomainError(reply, domainError('AUTH_TOKEN_INVALID', 'Your session has ended: sign in again.'));
        return;
      }
      // Only a caller without a token may send it as a form field, and only in a small body.
      if (!smallBody(request)) await sendDomainError(reply, missing);
    },
    async preValidation(request, reply) {
      if (request.actor !== null || routeAccess(request) === 'public') return;
      const body = request.body as Record<string, unknown> | null | undefined;
      const token = body !== null && typeof body === 'object' ? body['access_token'] : undefined;
      if (typeof token !== 'string') {
        await sendDomainError(reply, missing);
        return;
      }
      const found = await byToken(token);
      if ('code' in found) await sendDomainError(reply, found);
      else await admit(request, reply, found);
    },
  };
}
