import { ok, type DomainError, type Result } from '../../shared/index.js';
import type { Business, PhoneNumber, Waba } from '../domain/accounts.model.js';
import { createApp, createBusiness, createPhoneNumber, createWaba, issueToken, type ProvisionDeps } from './provision.js';

export interface DemoIds {
  readonly businessId: string;
  readonly wabaId: string;
  readonly phoneNumberId: string;
  readonly appId: string;
}

/** Where the ids of the seeded demo business are remembered between starts. */
export interface DemoRegistry {
  load(): Promise<DemoIds | undefined>;
  save(ids: DemoIds): Promise<void>;
}

export interface DemoCredentials extends DemoIds {
  readonly accessToken: string;
  readonly appSecret: string;
  readonly verifyToken: string;
  readonly phoneNumber: string;
}

export const demoPhoneNumber = '15550100000';

function unwrap<Value>(result: Result<Value, DomainError>): Value {
  if (!result.ok) throw new Error(`demo seed failed: ${result.error.details}`);
  return result.value;
}

/**
 * Seeds one business with a WABA, a connected number, an app subscribed to the WABA and a token, on
 * first start; later starts reuse them and keep the known token when it still authenticates.
 */
export async function ensureDemo(
  deps: ProvisionDeps & { readonly registry: DemoRegistry },
  knownAccessToken: string | undefined,
): Promise<Result<DemoCredentials, DomainError>> {
  let ids = await deps.registry.load();
  if (ids === undefined) {
    const business: Business = await createBusiness(deps, { name: 'Kabar Demo' });
    const waba: Waba = unwrap(await createWaba(deps, { businessId: business.id, name: 'Kabar Demo WABA' }));
    const phoneNumber: PhoneNumber = unwrap(await createPhoneNumber(deps, { wabaId: waba.id, phoneNumber: demoPhoneNumber, verifiedName: 'Kabar Demo' }));
    const app = unwrap(await createApp(deps, { businessId: business.id, name: 'Kabar Demo App' }));
    await deps.accounts.saveSubscription({ wabaId: waba.id, appId: app.id, overrideCallbackUri: null, verifyToken: null, createdAt: deps.clock.now() });
    ids = { businessId: business.id, wabaId: waba.id, phoneNumberId: phoneNumber.id, appId: app.id };
    await deps.registry.save(ids);
  }
  const app = await deps.accounts.findApp(ids.appId);
  const phoneNumber = await deps.accounts.findPhoneNumber(ids.phoneNumberId);
  if (app === undefined || phoneNumber === undefined) throw new Error('demo seed is incomplete: its app or number is missing');
  let accessToken = knownAccessToken;
  const known = accessToken === undefined ? undefined : await deps.accounts.findTokenByHash(deps.credentials.hashToken(accessToken));
  if (known === undefined || known.appId !== app.id || known.revokedAt !== null) {
    accessToken = unwrap(await issueToken(deps, { appId: app.id })).accessToken;
  }
  return ok({ ...ids, accessToken: accessToken ?? '', appSecret: app.secret, verifyToken: app.verifyToken, phoneNumber: phoneNumber.phoneNumber });
}
