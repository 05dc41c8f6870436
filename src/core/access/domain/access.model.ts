/** People and access: users of a business with a role, sessions, invitations, API keys, the audit log. */

/** A business user's role, least to most: agents answer customers, admins run the setup, owners own it. */
export type Role = 'agent' | 'admin' | 'owner';
export const roles: readonly Role[] = ['agent', 'admin', 'owner'];

/**
 * The least access a route declares: `public` (no sign-in), a business role (that role or a higher
 * one, or the operator), or `operator` (only the operator, who manages every business).
 */
export type Access = 'public' | Role | 'operator';

/** Who set a user's password: the demo seed (reset when lost) or the user (never reset). */
export type PasswordSetBy = 'seed' | 'user';

export interface User {
  readonly id: string;
  readonly businessId: string;
  /** Lower-cased; unique across the whole Kabar. */
  readonly email: string;
  readonly name: string;
  readonly role: Role;
  readonly passwordHash: string | null;
  readonly passwordSetBy: PasswordSetBy;
  readonly createdAt: number;
  readonly removedAt: number | null;
}

export interface Session {
  readonly id: string;
  /** Null for the operator, signed in with the operator token. */
  readonly userId: string | null;
  readonly csrfToken: string;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly endedAt: number | null;
}

export interface Invitation {
  readonly id: string;
  readonly businessId: string;
  readonly email: string;
  readonly role: Role;
  readonly invitedBy: string;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly acceptedAt: number | null;
  readonly revokedAt: number | null;
}

export interface ApiKey {
  readonly id: string;
  readonly businessId: string;
  readonly role: Role;
  readonly name: string;
  /** The last characters of the key, to tell keys apart in a list; the key itself is never stored. */
  readonly hint: string;
  readonly createdBy: string;
  readonly createdAt: number;
  readonly revokedAt: number | null;
}

/** Who is calling the admin and simulator APIs. */
export type Actor =
  | { readonly kind: 'operator'; readonly id: string; readonly label: string; readonly sessionId: string | null }
  | { readonly kind: 'user'; readonly id: string; readonly label: string; readonly businessId: string; readonly role: Role; readonly sessionId: string }
  | { readonly kind: 'api_key'; readonly id: string; readonly label: string; readonly businessId: string; readonly role: Role };

export interface AuditEntry {
  readonly key: string;
  readonly businessId: string | null;
  readonly actorKind: Actor['kind'] | 'anonymous';
  readonly actorId: string;
  readonly actorLabel: string;
  /** A stable name (`users.invite`) or the route (`POST /admin/businesses/:id/apps`). */
  readonly action: string;
  /** What was acted on: the route's parameters, e.g. `id=1234`. */
  readonly target: string;
  /** The HTTP status the write answered. */
  readonly status: number;
  readonly details: Readonly<Record<string, unknown>>;
  readonly createdAt: number;
}
