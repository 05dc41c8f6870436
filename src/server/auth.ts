import type { FastifyReply, FastifyRequest } from 'fastify';
import { authenticate, type Principal } from '../core/accounts/index.js';
import { domainError } from '../core/shared/index.js';
import { sendDomainError } from './errors.js';
import type { KabarServices } from './kabar.js';
import { safeEqual } from './credentials.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

/** Graph accepts the token as a Bearer header or as the `access_token` query or form parameter. */
export function presentedToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(.+)$/i.exec(header.trim());
    return match?.[1]?.trim();
  }
  const query = request.query as Record<string, unknown> | undefined;
  const fromQuery = query?.['access_token'];
  if (typeof fromQuery === 'string') return fromQuery;
  const body = request.body as Record<string, unknown> | undefined;
  const fromBody = body !== null && typeof body === 'object' ? body['access_token'] : undefined;
  return typeof fromBody === 'string' ? fromBody : undefined;
}

/**
 * Authenticates Graph requests. A token that authenticated is trusted again for `ttlMs` without
 * hashing and looking it up, which matters on the send path; a revocation is seen within that time.
 */
export function graphAuth(services: KabarServices, ttlMs = 2_000) {
  const recent = new Map<string, { principal: Principal; until: number }>();
  return async function requirePrincipal(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const token = presentedToken(request);
    const known = token === undefined ? undefined : recent.get(token);
    const expiresAt = known?.principal.expiresAt ?? null;
    if (known !== undefined && known.until > performance.now() && (expiresAt === null || expiresAt > services.clock.now())) {
      request.principal = known.principal;
      return;
    }
    const result = await authenticate(services, token);
    if (!result.ok) {
      await sendDomainError(reply, result.error);
      return;
    }
    if (token !== undefined) {
      if (recent.size >= 10_000) recent.clear();
      recent.set(token, { principal: result.value, until: performance.now() + ttlMs });
    }
    request.principal = result.value;
  };
}

/** The operator's token guards /admin and /sim; only its hash is kept. */
export function adminAuth(services: KabarServices, adminTokenHash: () => string | undefined) {
  return async function requireAdmin(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const token = presentedToken(request);
    const expected = adminTokenHash();
    if (token === undefined) {
      await sendDomainError(reply, domainError('AUTH_TOKEN_MISSING', 'The admin API needs "Authorization: Bearer <admin token>".'));
      return;
    }
    if (expected === undefined || !safeEqual(services.credentials.hashToken(token), expected)) {
      await sendDomainError(reply, domainError('AUTH_TOKEN_INVALID', 'Invalid admin token.'));
    }
  };
}
