import { ok, planned, record, type Clock, type DomainError, type IdSource, type Planned, type Result, type UnitRecord } from '../../shared/index.js';
import type { Business, Waba } from '../domain/accounts.model.js';
import type { AccountsRepository, WabaCreatedHook } from '../ports.js';
import { wabaAdded } from '../records.js';
import { businessNamed } from './lookup.js';

export interface CreateWabaDeps {
  readonly accounts: AccountsRepository;
  readonly ids: IdSource;
  readonly clock: Clock;
  /** What every new WABA starts with, added by other modules (see `WabaCreatedHook`). */
  readonly wabaHooks?: readonly WabaCreatedHook[];
}

export interface CreateWabaInput {
  readonly businessId: string;
  readonly name: string;
  /** The business when the caller creates it in the same unit (a signup). */
  readonly business?: Business;
}

/** The one place a WABA is made: the admin API, signup and the demo seed all come here. */
export async function planWaba(deps: CreateWabaDeps, input: CreateWabaInput): Promise<Result<Planned<Waba>, DomainError>> {
  const found = await businessNamed(deps.accounts, input.businessId, input.business);
  if (!found.ok) return found;
  const business = found.value;
  const now = deps.clock.now();
  const waba: Waba = { id: deps.ids.nodeId(), businessId: business.id, name: input.name, currency: 'USD', timezoneId: '1', createdAt: now };
  const added: UnitRecord[] = [];
  for (const hook of deps.wabaHooks ?? []) added.push(...(await hook(waba, now)));
  return ok(planned(waba, [record(wabaAdded, waba)], added));
}
