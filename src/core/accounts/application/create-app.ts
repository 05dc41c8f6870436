import { ok, planned, record, type Clock, type Credentials, type DomainError, type IdSource, type Planned, type Result } from '../../shared/index.js';
import { businessNamed } from './lookup.js';
import type { App, Business } from '../domain/accounts.model.js';
import type { AccountsRepository } from '../ports.js';
import { appAdded } from '../records.js';

export interface CreateAppInput {
  readonly businessId: string;
  readonly name: string;
  readonly callbackUrl?: string | null;
  readonly business?: Business;
}

/** An app of a business portfolio, with a generated secret and verify token. */
export async function planApp(
  deps: { readonly accounts: AccountsRepository; readonly ids: IdSource; readonly clock: Clock; readonly credentials: Credentials },
  input: CreateAppInput,
): Promise<Result<Planned<App>, DomainError>> {
  const business = await businessNamed(deps.accounts, input.businessId, input.business);
  if (!business.ok) return business;
  const app: App = {
    id: deps.ids.nodeId(),
    businessId: business.value.id,
    name: input.name,
    secret: deps.credentials.newSecret(),
    callbackUrl: input.callbackUrl ?? null,
    verifyToken: deps.credentials.newSecret(),
    createdAt: deps.clock.now(),
  };
  return ok(planned(app, [record(appAdded, app)]));
}
