import type { Kysely, Selectable } from 'kysely';
import {
  apiKeyRevoked, apiKeySaved, auditRecorded, invitationClosed, invitationSaved, sessionEnded, sessionStarted, userSaved,
  type AccessRepository, type ApiKey, type AuditEntry, type Invitation, type PasswordSetBy, type Role, type Session, type User,
} from '../../core/access/index.js';
import type { ApiKeysTable, AuditLogTable, Database, InvitationsTable, UsersTable } from '../schema.js';
import { chunks, unitWriter, type UnitWriter } from '../unit-writers.js';

function toUser(row: Selectable<UsersTable>): User {
  return {
    id: row.id,
    businessId: row.business_id,
    email: row.email,
    name: row.name,
    role: row.role as Role,
    passwordHash: row.password_hash,
    passwordSetBy: row.password_set_by as PasswordSetBy,
    createdAt: Number(row.created_at),
    removedAt: row.removed_at === null ? null : Number(row.removed_at),
  };
}

function toInvitation(row: Selectable<InvitationsTable>): Invitation {
  return {
    id: row.id,
    businessId: row.business_id,
    email: row.email,
    role: row.role as Role,
    invitedBy: row.invited_by,
    createdAt: Number(row.created_at),
    expiresAt: Number(row.expires_at),
    acceptedAt: row.accepted_at === null ? null : Number(row.accepted_at),
    revokedAt: row.revoked_at === null ? null : Number(row.revoked_at),
  };
}

function toApiKey(row: Selectable<ApiKeysTable>): ApiKey {
  return {
    id: row.id,
    businessId: row.business_id,
    role: row.role as Role,
    name: row.name,
    hint: row.hint,
    createdBy: row.created_by,
    createdAt: Number(row.created_at),
    revokedAt: row.revoked_at === null ? null : Number(row.revoked_at),
  };
}

function toAudit(row: Selectable<AuditLogTable>): AuditEntry {
  return {
    key: row.key,
    businessId: row.business_id,
    actorKind: row.actor_kind as AuditEntry['actorKind'],
    actorId: row.actor_id,
    actorLabel: row.actor_label,
    action: row.action,
    target: row.target,
    status: row.status,
    details: JSON.parse(row.details) as Record<string, unknown>,
    createdAt: Number(row.created_at),
  };
}

/** The writers of the access record kinds. The audit log is only ever inserted into. */
export const accessWriters: readonly UnitWriter[] = [
  unitWriter(userSaved, async (trx, users) => {
    for (const user of users) {
      const row = {
        id: user.id,
        business_id: user.businessId,
        email: user.email,
        name: user.name,
        role: user.role,
        password_hash: user.passwordHash,
        password_set_by: user.passwordSetBy,
        created_at: user.createdAt,
        removed_at: user.removedAt,
      };
      await trx
        .insertInto('users')
        .values(row)
        .onConflict((conflict) => conflict.column('id').doUpdateSet({ business_id: row.business_id, name: row.name, role: row.role, password_hash: row.password_hash, password_set_by: row.password_set_by, removed_at: row.removed_at }))
        .execute();
    }
  }),
  unitWriter(sessionStarted, async (trx, sessions) => {
    for (const part of chunks(sessions)) {
      await trx
        .insertInto('sessions')
        .values(part.map((session) => ({ token_hash: session.tokenHash, id: session.id, user_id: session.userId, csrf_token: session.csrfToken, created_at: session.createdAt, expires_at: session.expiresAt, ended_at: null })))
        .execute();
    }
  }),
  unitWriter(sessionEnded, async (trx, ended) => {
    for (const entry of ended) await trx.updateTable('sessions').set({ ended_at: entry.at }).where('id', '=', entry.id).where('ended_at', 'is', null).execute();
  }),
  unitWriter(invitationSaved, async (trx, invitations) => {
    for (const part of chunks(invitations)) {
      await trx
        .insertInto('invitations')
        .values(
          part.map((invitation) => ({
            token_hash: invitation.tokenHash,
            id: invitation.id,
            business_id: invitation.businessId,
            email: invitation.email,
            role: invitation.role,
            invited_by: invitation.invitedBy,
            created_at: invitation.createdAt,
            expires_at: invitation.expiresAt,
            accepted_at: null,
            revoked_at: null,
          })),
        )
        .execute();
    }
  }),
  unitWriter(invitationClosed, async (trx, closed) => {
    for (const entry of closed) {
      await trx.updateTable('invitations').set({ accepted_at: entry.acceptedAt, revoked_at: entry.revokedAt }).where('id', '=', entry.id).where('accepted_at', 'is', null).where('revoked_at', 'is', null).execute();
    }
  }),
  unitWriter(apiKeySaved, async (trx, keys) => {
    for (const part of chunks(keys)) {
      await trx
        .insertInto('api_keys')
        .values(part.map((key) => ({ key_hash: key.keyHash, id: key.id, business_id: key.businessId, role: key.role, name: key.name, hint: key.hint, created_by: key.createdBy, created_at: key.createdAt, revoked_at: null })))
        .execute();
    }
  }),
  unitWriter(apiKeyRevoked, async (trx, revoked) => {
    for (const entry of revoked) await trx.updateTable('api_keys').set({ revoked_at: entry.at }).where('id', '=', entry.id).where('revoked_at', 'is', null).execute();
  }),
  unitWriter(auditRecorded, async (trx, entries) => {
    for (const part of chunks(entries)) {
      await trx
        .insertInto('audit_log')
        .values(
          part.map((entry) => ({
            key: entry.key,
            business_id: entry.businessId,
            actor_kind: entry.actorKind,
            actor_id: entry.actorId,
            actor_label: entry.actorLabel,
            action: entry.action,
            target: entry.target,
            status: entry.status,
            details: JSON.stringify(entry.details),
            created_at: entry.createdAt,
          })),
        )
        .execute();
    }
  }),
];

export class KyselyAccessRepository implements AccessRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async findUser(id: string): Promise<User | undefined> {
    const row = await this.#db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : toUser(row);
  }

  async findUserByEmail(email: string): Promise<User | undefined> {
    const row = await this.#db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
    return row === undefined ? undefined : toUser(row);
  }

  async listUsers(businessId: string): Promise<User[]> {
    const rows = await this.#db.selectFrom('users').selectAll().where('business_id', '=', businessId).where('removed_at', 'is', null).orderBy('created_at').orderBy('id').execute();
    return rows.map(toUser);
  }

  async findSession(tokenHash: string): Promise<Session | undefined> {
    return this.#session('token_hash', tokenHash);
  }

  async findSessionById(id: string): Promise<Session | undefined> {
    return this.#session('id', id);
  }

  async #session(column: 'token_hash' | 'id', value: string): Promise<Session | undefined> {
    const row = await this.#db.selectFrom('sessions').selectAll().where(column, '=', value).executeTakeFirst();
    if (row === undefined) return undefined;
    return { id: row.id, userId: row.user_id, csrfToken: row.csrf_token, createdAt: Number(row.created_at), expiresAt: Number(row.expires_at), endedAt: row.ended_at === null ? null : Number(row.ended_at) };
  }

  async findInvitation(tokenHash: string): Promise<Invitation | undefined> {
    const row = await this.#db.selectFrom('invitations').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
    return row === undefined ? undefined : toInvitation(row);
  }

  async findInvitationById(id: string): Promise<Invitation | undefined> {
    const row = await this.#db.selectFrom('invitations').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : toInvitation(row);
  }

  async listInvitations(businessId: string): Promise<Invitation[]> {
    const rows = await this.#db.selectFrom('invitations').selectAll().where('business_id', '=', businessId).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(200).execute();
    return rows.map(toInvitation);
  }

  async findApiKey(keyHash: string): Promise<ApiKey | undefined> {
    const row = await this.#db.selectFrom('api_keys').selectAll().where('key_hash', '=', keyHash).executeTakeFirst();
    return row === undefined ? undefined : toApiKey(row);
  }

  async findApiKeyById(id: string): Promise<ApiKey | undefined> {
    const row = await this.#db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : toApiKey(row);
  }

  async listApiKeys(businessId: string): Promise<ApiKey[]> {
    const rows = await this.#db.selectFrom('api_keys').selectAll().where('business_id', '=', businessId).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(200).execute();
    return rows.map(toApiKey);
  }

  async listAudit(filter: { readonly businessId?: string; readonly before?: string; readonly limit: number }): Promise<AuditEntry[]> {
    let query = this.#db.selectFrom('audit_log').selectAll();
    if (filter.businessId !== undefined) query = query.where('business_id', '=', filter.businessId);
    if (filter.before !== undefined) query = query.where('key', '<', filter.before);
    const rows = await query.orderBy('key', 'desc').limit(filter.limit).execute();
    return rows.map(toAudit);
  }
}
