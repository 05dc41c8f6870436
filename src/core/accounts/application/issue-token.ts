import { ok, planned, record, type Clock, type Credentials, type DomainError, type IdSource, type Planned, type Result } from '../../shared/index.js';
import { allPermissions, type AccessToken, type App, type Permission } from '../domain/accounts.model.js';
import type { AccountsRepository } from '../ports.js';
import { tokenIssued } from '../records.js';
import { appNamed } from './lookup.js';

export interface IssuedToken {
  readonly token: AccessToken;
  /** Shown once; only its hash is stored. */
  readonly accessToken: string;
}

export interface IssueTokenInput {
  readonly appId: string;
  readonly permissions?: readonly Permission[];
  readonly expiresAt?: number | null;
  readonly app?: App;
}

export async function planToken(
  deps: { readonly accounts: AccountsRepository; readonly ids: IdSource; readonly clock: Clock; readonly credentials: Credentials },
  input: IssueTokenInput,
): Promise<Result<Planned<IssuedToken>, DomainError>> {
  const found = await appNamed(deps.accounts, input.appId, input.app);
  if (!found.ok) return found;
  const app = found.value;
  const accessToken = deps.credentials.newToken();
  const token: AccessToken = {
    id: deps.ids.nodeId(),
    businessId: app.businessId,
    appId: app.id,
    permissions: input.permissions ?? allPermissions,
    createdAt: deps.clock.now(),
    expiresAt: input.expiresAt ?? null,
    revokedAt: null,
  };
  return ok(planned({ token, accessToken }, [record(tokenIssued, { token, tokenHash: deps.credentials.hashToken(accessToken) })]));
}
