/**
 * Which business a request may act on, in one place. A business user or API key always acts on its
 * own business; naming another business (or a node of one) answers exactly like a node that does
 * not exist, so a tenant cannot even learn that the other business exists.
 */
import type { FastifyRequest } from 'fastify';
import { businessScope, canSeeBusiness, type Actor } from '../../core/access/index.js';
import { domainError, fail, ok, type DomainError, type Result } from '../../core/shared/index.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The business the request acted on, for the audit log. */
    auditBusinessId: string | null;
    /** What the handler adds to the audit entry of a write (never a secret). */
    auditDetails: Record<string, unknown> | null;
  }
}

export function actorOf(request: FastifyRequest): Actor {
  if (request.actor === null) throw new Error(`${request.method} ${request.url} declared public access but reads the actor`);
  return request.actor;
}

export function notFoundNode(kind: string, id: string): DomainError {
  return domainError('NODE_NOT_FOUND', `No ${kind} with id '${id}'.`);
}

/**
 * The business a listing or a write is about: the one named (`business_id`, a path id) when the
 * actor may act on it, the actor's own when none is named; for the operator, undefined means every
 * business.
 */
export function scopedBusiness(request: FastifyRequest, requested: string | undefined): Result<string | undefined, DomainError> {
  const scope = businessScope(actorOf(request), requested);
  if (!scope.ok) return fail(notFoundNode('business', requested ?? ''));
  request.auditBusinessId = scope.businessId ?? null;
  return ok(scope.businessId);
}

/** Like `scopedBusiness`, but one business is needed: the operator must name it. */
export function requiredBusiness(request: FastifyRequest, requested: string | undefined): Result<string, DomainError> {
  const scope = scopedBusiness(request, requested);
  if (!scope.ok) return scope;
  if (scope.value === undefined) return fail(domainError('PARAMETER_MISSING', 'Say which business: business_id.'));
  return ok(scope.value);
}

/** Whether the actor may see a node of `businessId` (`kind` and `id` name it in the refusal). */
export function nodeInScope(request: FastifyRequest, node: { readonly businessId: string } | undefined, kind: string, id: string): Result<string, DomainError> {
  if (node === undefined || !canSeeBusiness(actorOf(request), node.businessId)) return fail(notFoundNode(kind, id));
  request.auditBusinessId = node.businessId;
  return ok(node.businessId);
}
