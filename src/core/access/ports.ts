import { recordKind } from '../shared/index.js';
import type { ApiKey, AuditEntry, Invitation, Session, User } from './domain/access.model.js';

/** What a unit of work holds for access: each kind has one store-side writer. */
export const userSaved = recordKind<User>('access.user');
export const sessionStarted = recordKind<Session & { readonly tokenHash: string }>('access.session');
export const sessionEnded = recordKind<{ readonly id: string; readonly at: number }>('access.session-ended');
export const invitationSaved = recordKind<Invitation & { readonly tokenHash: string }>('access.invitation');
export const invitationClosed = recordKind<{ readonly id: string; readonly acceptedAt: number | null; readonly revokedAt: number | null }>('access.invitation-closed');
export const apiKeySaved = recordKind<ApiKey & { readonly keyHash: string }>('access.api-key');
export const apiKeyRevoked = recordKind<{ readonly id: string; readonly at: number }>('access.api-key-revoked');
export const auditRecorded = recordKind<AuditEntry>('access.audit');

export interface AccessRepository {
  findUser(id: string): Promise<User | undefined>;
  findUserByEmail(email: string): Promise<User | undefined>;
  listUsers(businessId: string): Promise<User[]>;
  findSession(tokenHash: string): Promise<Session | undefined>;
  findSessionById(id: string): Promise<Session | undefined>;
  findInvitation(tokenHash: string): Promise<Invitation | undefined>;
  findInvitationById(id: string): Promise<Invitation | undefined>;
  listInvitations(businessId: string): Promise<Invitation[]>;
  findApiKey(keyHash: string): Promise<ApiKey | undefined>;
  findApiKeyById(id: string): Promise<ApiKey | undefined>;
  listApiKeys(businessId: string): Promise<ApiKey[]>;
  /** Newest first; `before` continues a listing. */
  listAudit(filter: { readonly businessId?: string; readonly before?: string; readonly limit: number }): Promise<AuditEntry[]>;
}

/** Password hashing with a slow, salted hash (argon2id behind this port). */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
}

/** Recent failed sign-in attempts by throttling key (an account or a client address). */
export interface SignInAttempts {
  failures(key: string): readonly number[];
  recordFailure(key: string, at: number): void;
  clear(key: string): void;
}
