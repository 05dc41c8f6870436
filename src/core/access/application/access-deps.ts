import type { Clock, Credentials, IdSource, WriteBatcher } from '../../shared/index.js';
import type { AccessRepository, PasswordHasher, SignInAttempts } from '../ports.js';

export interface AccessDeps {
  readonly access: AccessRepository;
  readonly writer: WriteBatcher;
  /** The platform's clock (simulated): invitations, audit entries, sign-in throttling. */
  readonly clock: Clock;
  /**
   * Wall time for session lifetimes: moving the simulated clock a week ahead must not sign
   * everybody out of the console that moved it.
   */
  readonly sessionClock: Clock;
  readonly ids: IdSource;
  readonly credentials: Credentials;
  readonly passwords: PasswordHasher;
  readonly attempts: SignInAttempts;
}

/** How long a console session lasts, and an invitation stays open. */
export const sessionLifetimeMs = 24 * 60 * 60 * 1000;
export const invitationLifetimeMs = 7 * 24 * 60 * 60 * 1000;
/** Passwords: at least this long (and at most 256 characters, so hashing stays bounded). */
export const minimumPasswordLength = 10;

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}
