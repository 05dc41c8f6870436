import { ok, type DomainError, type Result } from '../../shared/index.js';
import { createApp, createBusiness, createPhoneNumber, createWaba, issueToken, type ProvisionDeps } from './provision.js';

export interface DemoIds {
  readonly businessId: string;
  readonly wabaId: string;
  readonly phoneNumberId: string;
  readonly appId: string;
}

/** Where the ids of the seeded demo business are remembered between starts. */
export interface DemoRegistry {
  load(): Promise<Partial<DemoIds> | undefined>;
  save(ids: Partial<DemoIds>): Promise<void>;
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
 * first start; later starts reuse them and keep the known token when it still authenticates. Each
 * step is remembered as it completes, so a start that died half-way resumes instead of failing.
 */
export async function ensureDemo(
  deps: ProvisionDeps & { readonly registry: DemoRegistry },
  knownAccessToken: string | undefined,
): Promise<Result<DemoCredentials, DomainError>> {
  let ids: Partial<DemoIds> = (await deps.registry.load()) ?? {};
  const remember = async (step: Partial<DemoIds>): Promise<void> => {
    ids = { ...ids, ...step };
    await deps.registry.save(ids);
  };
  if (ids.businessId === undefined) await remember({ businessId: (await createBusiness(deps, { name: 'Kabar Demo' })).id });
  const businessId = ids.businessId ?? '';
  if (ids.wabaId === undefined) await remember({ wabaId: unwrap(await createWaba(deps, { businessId, name: 'Kabar Demo WABA' })).id });
  const wabaId = ids.wabaId ?? '';
  if (ids.phoneNumberId === undefined) {
    const existing = await deps.accounts.findPhoneNumberByNumber(demoPhoneNumber);
    const number = existing?.wabaId === wabaId ? existing : unwrap(await createPhoneNumber(deps, { wabaId, phoneNumber: demoPhoneNumber, verifiedName: 'Kabar Demo' }));
    await remember({ phoneNumberId: number.id });
  }
  if (ids.appId === undefined) {
    const app = unwrap(await createApp(deps, { businessId, name: 'Kabar Demo App' }));
    await deps.accounts.saveSubscription({ wabaId, appId: app.id, overrideCallbackUri: null, verifyToken: null, createdAt: deps.clock.now() });
    await remember({ appId: app.id });
  }
  const app = await deps.accounts.findApp(ids.appId ?? '');
  const phoneNumber = await deps.accounts.findPhoneNumber(ids.phoneNumberId ?? '');
  if (app === undefined || phoneNumber === undefined) throw new Error('demo seed is incomplete: its app or number is missing');
  let accessToken = knownAccessToken;
  const known = accessToken === undefined ? undefined : await deps.accounts.findTokenByHash(deps.credentials.hashToken(accessToken));
  if (known === undefined || known.appId !== app.id || known.revokedAt !== null) {
    accessToken = unwrap(await issueToken(deps, { appId: app.id })).accessToken;
  }
  return ok({ businessId, wabaId, phoneNumberId: phoneNumber.id, appId: app.id, accessToken: accessToken ?? '', appSecret: app.secret, verifyToken: app.verifyToken, phoneNumber: phoneNumber.phoneNumber });
}
