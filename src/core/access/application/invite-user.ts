import { domainError, fail, ok, record, unitOf, type DomainError, type Result } from '../../shared/index.js';
import type { Actor, Invitation, Role } from '../domain/access.model.js';
import { mayGrant } from '../domain/roles.policy.js';
import { invitationSaved } from '../ports.js';
import { invitationLifetimeMs, normaliseEmail, type AccessDeps } from './access-deps.js';

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Invites someone by e-mail address to a business with a role: the answer holds a one-time token
 * (only its hash is stored) for the link that lets them set a password within 7 days.
 */
export async function inviteUser(
  deps: AccessDeps,
  input: { readonly actor: Actor; readonly businessId: string; readonly email: string; readonly role: Role },
): Promise<Result<{ readonly invitation: Invitation; readonly token: string }, DomainError>> {
  const email = normaliseEmail(input.email);
  if (!emailPattern.test(email)) return fail(domainError('PARAMETER_INVALID', `'${input.email}' is not an e-mail address.`));
  if (!mayGrant(input.actor, input.role)) return fail(domainError('PERMISSION_DENIED', `Your role cannot invite someone as ${input.role}.`));
  const existing = await deps.access.findUserByEmail(email);
  if (existing !== undefined && existing.removedAt === null) return fail(domainError('PARAMETER_INVALID', `${email} already has an account.`));
  const token = deps.credentials.newToken();
  const now = deps.clock.now();
  const invitation: Invitation = {
    id: deps.ids.key(),
    businessId: input.businessId,
    email,
    role: input.role,
    invitedBy: input.actor.label,
    createdAt: now,
    expiresAt: now + invitationLifetimeMs,
    acceptedAt: null,
    revokedAt: null,
  };
  await deps.writer.commit(unitOf([record(invitationSaved, { ...invitation, tokenHash: deps.credentials.hashToken(token) })]));
  return ok({ invitation, token });
}
