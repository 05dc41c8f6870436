import { domainError, fail, ok, record, unitOf, type DomainError, type Result } from '../../shared/index.js';
import type { Actor, Role, User } from '../domain/access.model.js';
import { mayGrant } from '../domain/roles.policy.js';
import { invitationClosed, userSaved } from '../ports.js';
import type { AccessDeps } from './access-deps.js';
import { passwordProblem } from './accept-invitation.js';

type Change = { readonly kind: 'role'; readonly role: Role } | { readonly kind: 'remove' };

function notFound(id: string): DomainError {
  return domainError('NODE_NOT_FOUND', `No user with id '${id}'.`);
}

/**
 * Changes a user's role or removes the user. Nobody changes themselves (so nobody locks themselves
 * out), nobody touches a user above their own role or grants more than they hold, and a business
 * always keeps at least one owner.
 */
export async function changeUser(deps: AccessDeps, input: { readonly actor: Actor; readonly businessId: string; readonly userId: string; readonly change: Change }): Promise<Result<User, DomainError>> {
  const user = await deps.access.findUser(input.userId);
  if (user === undefined || user.removedAt !== null || user.businessId !== input.businessId) return fail(notFound(input.userId));
  if (input.actor.kind === 'user' && input.actor.id === user.id) return fail(domainError('PERMISSION_DENIED', 'You cannot change your own role or remove yourself; ask another owner.'));
  if (!mayGrant(input.actor, user.role)) return fail(domainError('PERMISSION_DENIED', `Your role cannot change a user who is ${user.role}.`));
  if (input.change.kind === 'role' && !mayGrant(input.actor, input.change.role)) return fail(domainError('PERMISSION_DENIED', `Your role cannot make someone ${input.change.role}.`));
  const losesOwner = user.role === 'owner' && (input.change.kind === 'remove' || input.change.role !== 'owner');
  if (losesOwner) {
    const owners = (await deps.access.listUsers(user.businessId)).filter((other) => other.role === 'owner' && other.removedAt === null);
    if (owners.length <= 1) return fail(domainError('PARAMETER_INVALID', 'A business keeps at least one owner: make someone else owner first.'));
  }
  const changed: User = input.change.kind === 'role' ? { ...user, role: input.change.role } : { ...user, removedAt: deps.clock.now() };
  await deps.writer.commit(unitOf([record(userSaved, changed)]));
  return ok(changed);
}

/** Withdraws an invitation that was not accepted yet: its link stops working. */
export async function revokeInvitation(deps: AccessDeps, input: { readonly actor: Actor; readonly businessId: string; readonly invitationId: string }): Promise<Result<void, DomainError>> {
  const invitation = await deps.access.findInvitationById(input.invitationId);
  if (invitation === undefined || invitation.businessId !== input.businessId || invitation.acceptedAt !== null || invitation.revokedAt !== null) {
    return fail(domainError('NODE_NOT_FOUND', `No open invitation with id '${input.invitationId}'.`));
  }
  if (!mayGrant(input.actor, invitation.role)) return fail(domainError('PERMISSION_DENIED', `Your role cannot withdraw an invitation as ${invitation.role}.`));
  await deps.writer.commit(unitOf([record(invitationClosed, { id: invitation.id, acceptedAt: null, revokedAt: deps.clock.now() })]));
  return ok(undefined);
}

/** A user changes their own password, proving the current one; the new one is theirs, never reset by a seed. */
export async function changePassword(deps: AccessDeps, input: { readonly userId: string; readonly current: string; readonly next: string }): Promise<Result<void, DomainError>> {
  const user = await deps.access.findUser(input.userId);
  if (user === undefined || user.removedAt !== null) return fail(notFound(input.userId));
  if (user.passwordHash === null || !(await deps.passwords.verify(user.passwordHash, input.current))) return fail(domainError('AUTH_TOKEN_INVALID', 'The current password is wrong.'));
  const problem = passwordProblem(input.next);
  if (problem !== undefined) return fail(domainError('PARAMETER_INVALID', problem));
  await deps.writer.commit(unitOf([record(userSaved, { ...user, passwordHash: await deps.passwords.hash(input.next), passwordSetBy: 'user' })]));
  return ok(undefined);
}
