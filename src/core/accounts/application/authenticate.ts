import { domainError, fail, ok, type Clock, type Credentials, type DomainError, type Result } from '../../shared/index.js';
import { tokenVerdict } from '../domain/access.policy.js';
import type { Principal } from '../domain/accounts.model.js';
import type { AccountsRepository } from '../ports.js';

export interface AuthenticateDeps {
  readonly accounts: AccountsRepository;
  readonly credentials: Credentials;
  readonly clock: Clock;
}

export async function authenticate(deps: AuthenticateDeps, bearer: string | undefined): Promise<Result<Principal, DomainError>> {
  if (bearer === undefined || bearer.length === 0) {
    return fail(domainError('AUTH_TOKEN_MISSING', 'An access token is required: send "Authorization: Bearer <token>".'));
  }
  const token = await deps.accounts.findTokenByHash(deps.credentials.hashToken(bearer));
  if (token === undefined) return fail(domainError('AUTH_TOKEN_INVALID', 'Invalid OAuth access token - Cannot parse access token'));
  const verdict = tokenVerdict(token, deps.clock.now());
  if (!verdict.usable) {
    return fail(domainError('AUTH_TOKEN_INVALID', `Error validating access token: the token has been ${verdict.reason}.`));
  }
  return ok({ tokenId: token.id, businessId: token.businessId, appId: token.appId, permissions: token.permissions, expiresAt: token.expiresAt });
}
