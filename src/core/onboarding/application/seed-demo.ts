import { planToken, type AccessToken, type App, type Business } from '../../accounts/index.js';
import { planPhoneNumber } from '../../numbers/index.js';
import { commitPlanned, type DomainError, type Result } from '../../shared/index.js';
import { requestBusinessVerification } from './business-verification.js';
import { connectAsOperator } from './connect-as-operator.js';
import { decideAsOperator, type OnboardingDeps } from './onboarding-deps.js';
import { planSignup } from './signup.js';

export interface DemoIds {
  readonly businessId: string;
  readonly wabaId: string;
  readonly phoneNumberId: string;
  readonly appId: string;
  /** The demo number's two-step verification PIN. */
  readonly pin: string;
}

/** Where the ids of the seeded demo business are remembered between starts. */
export interface DemoRegistry {
  load(): Promise<Partial<DemoIds> | undefined>;
  save(ids: Partial<DemoIds>): Promise<void>;
}

export interface DemoCredentials {
  readonly businessId: string;
  readonly wabaId: string;
  readonly phoneNumberId: string;
  readonly appId: string;
  readonly accessToken: string;
  readonly appSecret: string;
  readonly verifyToken: string;
  readonly phoneNumber: string;
}

export const demoPhoneNumber = '15550100000';
const demoDocuments = [{ type: 'business_registration', name: 'kabar-demo-registration.pdf' }];

function unwrap<Value>(result: Result<Value, DomainError>): Value {
  if (!result.ok) throw new Error(`demo seed failed: ${result.error.details}`);
  return result.value;
}

/**
 * Seeds the demo business the way a business onboards: a classic signup (a WABA, an app subscribed
 * to it, a token) whose verification an operator approves, then a number that is added, verified by
 * code, registered with a PIN and approved. Ids are remembered before each step commits, and each
 * step checks what already exists, so a start that died half-way resumes; later starts reuse
 * everything and keep the known token while it still authenticates.
 */
export async function ensureDemo(deps: OnboardingDeps & { readonly registry: DemoRegistry }, knownAccessToken: string | undefined): Promise<DemoCredentials> {
  let ids: Partial<DemoIds> = (await deps.registry.load()) ?? {};
  const remember = async (step: Partial<DemoIds>): Promise<void> => {
    ids = { ...ids, ...step };
    await deps.registry.save(ids);
  };
  let issuedToken: string | undefined;
  let business: Business | undefined = ids.businessId === undefined ? undefined : await deps.accounts.findBusiness(ids.businessId);
  if (business === undefined) {
    const signup = unwrap(await planSignup(deps, { mode: 'classic', businessName: 'Kabar Demo', wabaName: 'Kabar Demo WABA', appName: 'Kabar Demo App', documents: demoDocuments }));
    await remember({ businessId: signup.value.business.id, wabaId: signup.value.waba.id, appId: signup.value.app.id });
    issuedToken = (await commitPlanned(deps.writer, signup)).issued.accessToken;
    business = signup.value.business;
  }
  if (business.verificationStatus !== 'verified') {
    const [pending] = await deps.reviews.list({ kind: 'business_verification', businessId: business.id, status: 'pending', limit: 1 });
    const review = pending ?? unwrap(await requestBusinessVerification(deps, { businessId: business.id, documents: demoDocuments }));
    unwrap(await decideAsOperator(deps, { reviewId: review.id, decision: 'approve' }));
  }
  const wabaId = ids.wabaId ?? '';
  const pin = ids.pin ?? deps.codes.verificationCode();
  if (ids.pin === undefined) await remember({ pin });
  const existing = await deps.accounts.findPhoneNumberByNumber(demoPhoneNumber);
  if (existing?.wabaId === wabaId) {
    if (ids.phoneNumberId !== existing.id) await remember({ phoneNumberId: existing.id });
  } else {
    const added = unwrap(await planPhoneNumber(deps, { wabaId, phoneNumber: `+${demoPhoneNumber}`, verifiedName: 'Kabar Demo' }));
    await remember({ phoneNumberId: added.value.number.id });
    await commitPlanned(deps.writer, added);
  }
  const number = unwrap(await connectAsOperator(deps, { phoneNumberId: ids.phoneNumberId ?? '', pin }));
  const app: App | undefined = await deps.accounts.findApp(ids.appId ?? '');
  if (app === undefined) throw new Error('demo seed is incomplete: its app is missing');
  let accessToken = issuedToken ?? knownAccessToken;
  const known: AccessToken | undefined = accessToken === undefined ? undefined : await deps.accounts.findTokenByHash(deps.credentials.hashToken(accessToken));
  if (known === undefined || known.appId !== app.id || known.revokedAt !== null) {
    const token = unwrap(await planToken(deps, { appId: app.id, app }));
    accessToken = (await commitPlanned(deps.writer, token)).accessToken;
  }
  return { businessId: business.id, wabaId, phoneNumberId: number.id, appId: app.id, accessToken: accessToken ?? '', appSecret: app.secret, verifyToken: app.verifyToken, phoneNumber: number.phoneNumber };
}
