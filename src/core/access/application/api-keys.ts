import { domainError, fail, ok, record, unitOf, type DomainError, type Result } from '../../shared/index.js';
import type { Actor, ApiKey, Role } from '../domain/access.model.js';
import { mayGrant } from '../domain/roles.policy.js';
import { apiKeyRevoked, apiKeySaved } from '../ports.js';
import type { AccessDeps } from './access-deps.js';

/** API keys start with this prefix, so that the admin API tells them from the operator token. */
export const apiKeyPrefix = 'kbk_';

/** Makes an API key for the admin API, scoped to a business and a role; the key is shown once. */
export async function createApiKey(
  deps: AccessDeps,
  input: { readonly actor: Actor; readonly businessId: string; readonly name: string; readonly role: Role },
): Promise<Result<{ readonly apiKey: ApiKey; readonly key: string }, DomainError>> {
  if (!mayGrant(input.actor, input.role)) return fail(domainError('PERMISSION_DENIED', `Your role cannot make a key with role ${input.role}.`));
  const key = `${apiKeyPrefix}${deps.credentials.newToken().slice(3)}`;
  const apiKey: ApiKey = {
    id: deps.ids.key(),
    businessId: input.businessId,
    role: input.role,
    name: input.name.trim(),
    hint: key.slice(-4),
    createdBy: input.actor.label,
    createdAt: deps.clock.now(),
    revokedAt: null,
  };
  await deps.writer.commit(unitOf([record(apiKeySaved, { ...apiKey, keyHash: deps.credentials.hashToken(key) })]));
  return ok({ apiKey, key });
}

export async function revokeApiKey(deps: AccessDeps, input: { readonly actor: Actor; readonly businessId: string; readonly id: string }): Promise<Result<void, DomainError>> {
  const found = await deps.access.findApiKeyById(input.id);
  if (found === undefined || found.businessId !== input.businessId || found.revokedAt !== null) return fail(domainError('NODE_NOT_FOUND', `No API key with id '${input.id}'.`));
  if (!mayGrant(input.actor, found.role)) return fail(domainError('PERMISSION_DENIED', `Your role cannot revoke a key with role ${found.role}.`));
  await deps.writer.commit(unitOf([record(apiKeyRevoked, { id: found.id, at: deps.clock.now() })]));
  return ok(undefined);
}
