import { domainError, fail, ok, type DomainError, type Result } from '../../shared/index.js';
import type { App, Business } from '../domain/accounts.model.js';
import type { AccountsRepository } from '../ports.js';

/** The business a create names: the one the caller holds (made in the same unit), or the stored one. */
export async function businessNamed(accounts: AccountsRepository, id: string, given?: Business): Promise<Result<Business, DomainError>> {
  const business = given ?? (await accounts.findBusiness(id));
  return business?.id === id ? ok(business) : fail(domainError('NODE_NOT_FOUND', `No business with id '${id}'.`));
}

export async function appNamed(accounts: AccountsRepository, id: string, given?: App): Promise<Result<App, DomainError>> {
  const app = given ?? (await accounts.findApp(id));
  return app?.id === id ? ok(app) : fail(domainError('NODE_NOT_FOUND', `No app with id '${id}'.`));
}
