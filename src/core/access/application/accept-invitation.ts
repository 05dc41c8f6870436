import { domainError, fail, ok, record, unitOf, type DomainError, type Result } from '../../shared/index.js';
import type { Invitation, User } from '../domain/access.model.js';
import { invitationClosed, userSaved } from '../ports.js';
import { minimumPasswordLength, type AccessDeps } from './access-deps.js';
import { startSession, type StartedSession } from './sign-in.js';

export type InvitationState = 'open' | 'accepted' | 'revoked' | 'expired';

export function invitationState(invitation: Invitation, now: number): InvitationState {
  if (invitation.acceptedAt !== null) return 'accepted';
  if (invitation.revokedAt !== null) return 'revoked';
  return invitation.expiresAt <= now ? 'expired' : 'open';
}

export function passwordProblem(password: string): string | undefined {
  if (password.length < minimumPasswordLength) return `The password must have at least ${minimumPasswordLength} characters.`;
  if (password.length > 256) return 'The password must have at most 256 characters.';
  return undefined;
}

/** An open invitation by its one-time token, or why it cannot be used. */
export async function openInvitation(deps: Pick<AccessDeps, 'access' | 'clock' | 'credentials'>, token: string): Promise<Result<Invitation, DomainError>> {
  const invitation = await deps.access.findInvitation(deps.credentials.hashToken(token));
  const state = invitation === undefined ? undefined : invitationState(invitation, deps.clock.now());
  if (invitation === undefined || state !== 'open') {
    const why = state === undefined ? 'is not known' : `was ${state}`;
    return fail(domainError('AUTH_TOKEN_INVALID', `This invitation ${why}; ask for a new one.`));
  }
  return ok(invitation);
}

/** Accepts an invitation: the new user sets a name and password, and is signed in. The token works once. */
export async function acceptInvitation(
  deps: AccessDeps,
  input: { readonly token: string; readonly name: string; readonly password: string },
): Promise<Result<StartedSession & { readonly user: User }, DomainError>> {
  const invitation = await openInvitation(deps, input.token);
  if (!invitation.ok) return invitation;
  const problem = passwordProblem(input.password);
  if (problem !== undefined) return fail(domainError('PARAMETER_INVALID', problem));
  const existing = await deps.access.findUserByEmail(invitation.value.email);
  if (existing !== undefined && existing.removedAt === null) return fail(domainError('PARAMETER_INVALID', `${invitation.value.email} already has an account.`));
  const now = deps.clock.now();
  const user: User = {
    id: existing?.id ?? deps.ids.nodeId(),
    businessId: invitation.value.businessId,
    email: invitation.value.email,
    name: input.name.trim(),
    role: invitation.value.role,
    passwordHash: await deps.passwords.hash(input.password),
    passwordSetBy: 'user',
    createdAt: existing?.createdAt ?? now,
    removedAt: null,
  };
  await deps.writer.commit(unitOf([record(userSaved, user), record(invitationClosed, { id: invitation.value.id, acceptedAt: now, revokedAt: null })]));
  return ok({ ...(await startSession(deps, user.id)), user });
}
