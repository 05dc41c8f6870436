import { domainError, fail, ok, whenKnown, type Awaitable, type DomainError, type Result } from '../../shared/index.js';
import { canSeeNode, hasPermission } from '../domain/access.policy.js';
import type { Business, Permission, PhoneNumber, Principal, Waba } from '../domain/accounts.model.js';
import type { AccountsRepository } from '../ports.js';

function unknownNode(id: string, method: 'get' | 'post' | 'delete'): DomainError {
  return domainError(
    'NODE_NOT_FOUND',
    `Unsupported ${method} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
  );
}

function missingPermission(permission: Permission): DomainError {
  return domainError('PERMISSION_DENIED', `The access token lacks the ${permission} permission.`);
}

export interface NodeRequest {
  readonly principal: Principal;
  readonly id: string;
  readonly method: 'get' | 'post' | 'delete';
  readonly permission: Permission;
}

/**
 * Another business's node and a missing one look the same from outside: 100 with subcode 33. Answers
 * at once while the number is cached (every send resolves its number).
 */
export function resolvePhoneNumber(accounts: AccountsRepository, request: NodeRequest): Awaitable<Result<PhoneNumber, DomainError>> {
  return whenKnown(accounts.findPhoneNumber(request.id), (phoneNumber) => {
    if (phoneNumber === undefined || !canSeeNode(request.principal, phoneNumber)) return fail(unknownNode(request.id, request.method));
    if (!hasPermission(request.principal, request.permission)) return fail(missingPermission(request.permission));
    return ok(phoneNumber);
  });
}

export async function resolveWaba(accounts: AccountsRepository, request: NodeRequest): Promise<Result<Waba, DomainError>> {
  const waba = await accounts.findWaba(request.id);
  if (waba === undefined || !canSeeNode(request.principal, waba)) return fail(unknownNode(request.id, request.method));
  if (!hasPermission(request.principal, request.permission)) return fail(missingPermission(request.permission));
  return ok(waba);
}

/** The business portfolio itself: a token sees only its own business. */
export async function resolveBusiness(accounts: AccountsRepository, request: NodeRequest): Promise<Result<Business, DomainError>> {
  const business = await accounts.findBusiness(request.id);
  if (business === undefined || !canSeeNode(request.principal, { businessId: business.id })) return fail(unknownNode(request.id, request.method));
  if (!hasPermission(request.principal, request.permission)) return fail(missingPermission(request.permission));
  return ok(business);
}
