import type { FastifyReply, FastifyRequest } from 'fastify';
import { authenticate, type Principal } from '../core/accounts/index.js';
import { domainError, type DomainError } from '../core/shared/index.js';
import { sendDomainError } from './errors.js';
import type { KabarServices } from './services.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
    /** Set once the caller has been authenticated (Graph principal or operator). */
    authenticated: boolean;
  }
}

/**
 * The largest body read from a caller who has not shown a token in the header or the query string:
 * enough for form fields carrying `access_token`, too small to make the server parse much for nobody.
 */
export const anonymousBodyLimit = 64 * 1024;

/** A token in the `Authorization: Bearer` (or `OAuth`) header or the `access_token` query parameter. */
function tokenBeforeBody(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header !== undefined) {
    // Graph takes `OAuth <token>` as well as `Bearer <token>`; Meta's upload examples use the former.
    const match = /^(?:Bearer|OAuth)\s+(.+)$/i.exec(header.trim());
    return match?.[1]?.trim() ?? '';
  }
  const query = request.query as Record<string, unknown> | undefined;
  const fromQuery = query?.['access_token'];
  return typeof fromQuery === 'string' ? fromQuery : undefined;
}

function tokenInBody(request: FastifyRequest): string | undefined {
  const body = request.body as Record<string, unknown> | null | undefined;
  const fromBody = body !== null && typeof body === 'object' ? body['access_token'] : undefined;
  return typeof fromBody === 'string' ? fromBody : undefined;
}

/** Whether the request announces a body small enough to read before knowing who sent it. */
function smallBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length'];
  if (length === undefined) return request.headers['transfer-encoding'] === undefined;
  const bytes = Number(length);
  return Number.isFinite(bytes) && bytes <= anonymousBodyLimit;
}

/** Checks a presented token; on success it records who is calling on the request. */
type Check = (request: FastifyRequest, token: string | undefined) => Promise<DomainError | undefined>;

export interface AuthHooks {
  onRequest(request: FastifyRequest, reply: FastifyReply): Promise<void>;
  preValidation(request: FastifyRequest, reply: FastifyReply): Promise<void>;
}

/**
 * Authentication comes before the body is read or validated: a token in the header or query string
 * is checked at `onRequest`; only a caller without one may send its token as a form field, and then
 * only in a small body, checked at `preValidation`, before any schema error could name a field.
 */
function authenticateFirst(check: Check, missing: DomainError): AuthHooks {
  return {
    async onRequest(request, reply) {
      const token = tokenBeforeBody(request);
      if (token === undefined) {
        if (!smallBody(request)) await sendDomainError(reply, missing);
        return;
      }
      const error = await check(request, token);
      if (error !== undefined) await sendDomainError(reply, error);
      else request.authenticated = true;
    },
    async preValidation(request, reply) {
      if (request.authenticated) return;
      const token = tokenInBody(request);
      const error = token === undefined ? missing : await check(request, token);
      if (error !== undefined) await sendDomainError(reply, error);
      else request.authenticated = true;
    },
  };
}

/**
 * Authenticates Graph requests. A token that authenticated is trusted again for `ttlMs` without
 * hashing and looking it up, which matters on the send path; a revocation is seen within that time.
 */
export function graphAuth(services: KabarServices, ttlMs = 2_000): AuthHooks {
  const recent = new Map<string, { principal: Principal; until: number }>();
  return authenticateFirst(async (request, token) => {
    const known = token === undefined ? undefined : recent.get(token);
    const expiresAt = known?.principal.expiresAt ?? null;
    if (known !== undefined && known.until > performance.now() && (expiresAt === null || expiresAt > services.clock.now())) {
      request.principal = known.principal;
      return undefined;
    }
    const result = await authenticate(services, token);
    if (!result.ok) return result.error;
    if (token !== undefined) {
      if (recent.size >= 10_000) recent.clear();
      recent.set(token, { principal: result.value, until: performance.now() + ttlMs });
    }
    request.principal = result.value;
    return undefined;
  }, domainError('AUTH_TOKEN_MISSING', 'An access token is required: send "Authorization: Bearer <token>".'));
}
