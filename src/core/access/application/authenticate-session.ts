import type { Actor } from '../domain/access.model.js';
import type { AccessDeps } from './access-deps.js';

export interface SessionActor {
  readonly actor: Actor;
  readonly csrfToken: string;
}

/** The actor behind a session cookie, or undefined when the session is unknown, ended, expired or its user removed. */
export async function authenticateSession(deps: Pick<AccessDeps, 'access' | 'sessionClock' | 'credentials'>, token: string): Promise<SessionActor | undefined> {
  const session = await deps.access.findSession(deps.credentials.hashToken(token));
  if (session === undefined || session.endedAt !== null || session.expiresAt <= deps.sessionClock.now()) return undefined;
  if (session.userId === null) return { actor: { kind: 'operator', id: 'operator', label: 'operator', sessionId: session.id }, csrfToken: session.csrfToken };
  const user = await deps.access.findUser(session.userId);
  if (user === undefined || user.removedAt !== null) return undefined;
  return { actor: { kind: 'user', id: user.id, label: user.email, businessId: user.businessId, role: user.role, sessionId: session.id }, csrfToken: session.csrfToken };
}

/** The actor behind an API key (`Authorization: Bearer kbk_…`), or undefined when unknown or revoked. */
export async function authenticateApiKey(deps: Pick<AccessDeps, 'access' | 'credentials'>, key: string): Promise<Actor | undefined> {
  const found = await deps.access.findApiKey(deps.credentials.hashToken(key));
  if (found === undefined || found.revokedAt !== null) return undefined;
  return { kind: 'api_key', id: found.id, label: `API key ${found.name}`, businessId: found.businessId, role: found.role };
}
