import { domainError, fail, ok, record, unitOf, type DomainError, type Result } from '../../shared/index.js';
import type { Session, User } from '../domain/access.model.js';
import { accountThrottle, addressThrottle, throttleVerdict } from '../domain/sign-in-throttle.policy.js';
import { sessionStarted } from '../ports.js';
import { normaliseEmail, sessionLifetimeMs, type AccessDeps } from './access-deps.js';

export interface StartedSession {
  readonly session: Session;
  /** The cookie's value, shown once; only its hash is stored. */
  readonly token: string;
}

/** Opens a console session for a user, or for the operator (`userId` null). */
export async function startSession(deps: AccessDeps, userId: string | null): Promise<StartedSession> {
  const token = deps.credentials.newToken();
  const now = deps.sessionClock.now();
  const session: Session = { id: deps.ids.key(), userId, csrfToken: deps.credentials.newSecret(), createdAt: now, expiresAt: now + sessionLifetimeMs, endedAt: null };
  await deps.writer.commit(unitOf([record(sessionStarted, { ...session, tokenHash: deps.credentials.hashToken(token) })]));
  return { session, token };
}

const wrongCredentials = domainError('AUTH_TOKEN_INVALID', 'The e-mail address or the password is wrong.');

function throttled(retryAt: number, now: number): DomainError {
  const minutes = Math.max(1, Math.ceil((retryAt - now) / 60_000));
  return domainError('SIGN_IN_THROTTLED', `Too many failed sign-in attempts: try again in ${minutes} min.`);
}

/**
 * Signs a user in with e-mail and password. Failures are counted per account and per client address
 * (see `sign-in-throttle.policy.ts`); a throttled attempt is refused before the password is checked,
 * and says when to try again. The answer never tells whether the address belongs to a user.
 */
export async function signIn(
  deps: AccessDeps,
  input: { readonly email: string; readonly password: string; readonly address: string },
): Promise<Result<StartedSession & { readonly user: User }, DomainError>> {
  const email = normaliseEmail(input.email);
  const now = deps.clock.now();
  const accountKey = `account:${email}`;
  const addressKey = `address:${input.address}`;
  for (const [key, rule] of [[accountKey, accountThrottle], [addressKey, addressThrottle]] as const) {
    const verdict = throttleVerdict(deps.attempts.failures(key), rule, now);
    if (!verdict.allowed) return fail(throttled(verdict.retryAt, now));
  }
  const user = await deps.access.findUserByEmail(email);
  const valid = user !== undefined && user.removedAt === null && user.passwordHash !== null && (await deps.passwords.verify(user.passwordHash, input.password));
  if (!valid || user === undefined) {
    deps.attempts.recordFailure(accountKey, now);
    deps.attempts.recordFailure(addressKey, now);
    return fail(wrongCredentials);
  }
  deps.attempts.clear(accountKey);
  return ok({ ...(await startSession(deps, user.id)), user });
}
