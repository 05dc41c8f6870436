import { record, unitOf } from '../../shared/index.js';
import type { User } from '../domain/access.model.js';
import { userSaved } from '../ports.js';
import { normaliseEmail, type AccessDeps } from './access-deps.js';

export const demoOwnerEmail = 'owner@demo.kabar.local';

export interface DemoOwner {
  readonly email: string;
  /** Undefined when the owner has set a password of their own (it is never reset). */
  readonly password: string | undefined;
}

/**
 * The demo business's first owner. Created on first start with a generated password; later starts
 * keep the password they were told (`knownPassword`) while it still verifies. A seeded password that
 * was lost is replaced; a password the owner chose is never touched.
 */
export async function ensureDemoOwner(deps: AccessDeps, input: { readonly businessId: string; readonly knownPassword: string | undefined }): Promise<DemoOwner> {
  const existing = await deps.access.findUserByEmail(demoOwnerEmail);
  if (existing !== undefined && existing.passwordSetBy === 'user') return { email: demoOwnerEmail, password: undefined };
  if (existing?.passwordHash != null && existing.removedAt === null && input.knownPassword !== undefined && (await deps.passwords.verify(existing.passwordHash, input.knownPassword))) {
    return { email: demoOwnerEmail, password: input.knownPassword };
  }
  const password = deps.credentials.newSecret().slice(0, 16);
  const user: User = {
    id: existing?.id ?? deps.ids.nodeId(),
    businessId: existing?.businessId ?? input.businessId,
    email: demoOwnerEmail,
    name: existing?.name ?? 'Demo Owner',
    role: existing?.role ?? 'owner',
    passwordHash: await deps.passwords.hash(password),
    passwordSetBy: 'seed',
    createdAt: existing?.createdAt ?? deps.clock.now(),
    removedAt: existing?.removedAt ?? null,
  };
  await deps.writer.commit(unitOf([record(userSaved, user)]));
  return { email: demoOwnerEmail, password };
}

/** Creates a user with a password directly (the operator's `POST /admin/users`, tests, the CLI). */
export async function createUser(deps: AccessDeps, input: Omit<User, 'id' | 'passwordHash' | 'createdAt' | 'removedAt' | 'passwordSetBy'> & { readonly password: string }): Promise<User> {
  const user: User = {
    id: deps.ids.nodeId(),
    businessId: input.businessId,
    email: normaliseEmail(input.email),
    name: input.name,
    role: input.role,
    passwordHash: await deps.passwords.hash(input.password),
    passwordSetBy: 'user',
    createdAt: deps.clock.now(),
    removedAt: null,
  };
  await deps.writer.commit(unitOf([record(userSaved, user)]));
  return user;
}
