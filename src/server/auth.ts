import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction, onRequestHookHandler, preValidationHookHandler } from 'fastify';
import { authenticate, type Principal } from '../core/accounts/index.js';
import { domainError, type Awaitable, type DomainError } from '../core/shared/index.js';
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

/** Checks a presented token; on success it records who is calling on the request. At once when it needs to read nothing. */
type Check = (request: FastifyRequest, token: string) => Awaitable<DomainError | undefined>;

export interface AuthHooks {
  readonly onRequest: onRequestHookHandler;
  readonly preValidation: preValidationHookHandler;
}

/**
 * Authentication comes before the body is read or validated: a token in the header or query string
 * is checked at `onRequest`; only a caller without one may send its token as a form field, and then
 * only in a small body, checked at `preValidation`, before any schema error could name a field. The
 * hooks take Fastify's callback so that a token trusted from memory costs a request no promise; a
 * hook that answers the request does not call `done`, as Fastify asks.
 */
function authenticateFirst(check: Check, missing: DomainError): AuthHooks {
  const settle = (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction, error: DomainError | undefined): void => {
    if (error !== undefined) {
      sendDomainError(reply, error);
      return;
    }
    request.authenticated = true;
    done();
  };
  const checked = (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction, token: string | undefined): void => {
    const outcome = token === undefined ? missing : check(request, token);
    if (outcome instanceof Promise) outcome.then((error) => settle(request, reply, done, error), done);
    else settle(request, reply, done, outcome);
  };
  return {
    onRequest(request, reply, done) {
      const token = tokenBeforeBody(request);
      if (token !== undefined) checked(request, reply, done, token);
      else if (smallBody(request)) done();
      else sendDomainError(reply, missing);
    },
    preValidation(request, reply, done) {
      if (request.authenticated) done();
      else checked(request, reply, done, tokenInBody(request));
    },
  };
}

/**
 * Authenticates Graph requests. A token that authenticated is trusted again for `ttlMs` without
 * hashing and looking it up, which matters on the send path; a revocation is seen within that time.
 */
export function graphAuth(services: KabarServices, ttlMs = 2_000): AuthHooks {
  const recent = new Map<string, { principal: Principal; until: number }>();
  const lookUp = async (request: FastifyRequest, token: string): Promise<DomainError | undefined> => {
    const result = await authenticate(services, token);
    if (!result.ok) return result.error;
    if (recent.size >= 10_000) recent.clear();
    recent.set(token, { principal: result.value, until: performance.now() + ttlMs });
    request.principal = result.value;
    return undefined;
  };
  return authenticateFirst((request, token) => {
    const known = recent.get(token);
    const expiresAt = known?.principal.expiresAt ?? null;
    if (known !== undefined && known.until > performance.now() && (expiresAt === null || expiresAt > services.clock.now())) {
      request.principal = known.principal;
      return undefined;
    }
    return lookUp(request, token);
  }, domainError('AUTH_TOKEN_MISSING', 'An access token is required: send "Authorization: Bearer <token>".'));
}
