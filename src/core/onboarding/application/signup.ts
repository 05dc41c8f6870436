import { planApp, planBusiness, planToken, planWaba, subscriptionSaved, type App, type Business, type IssuedToken, type SignupMode, type Waba } from '../../accounts/index.js';
import { notify } from '../../notifications/index.js';
import type { Review } from '../../reviews/index.js';
import { domainError, fail, ok, planned, record, type DomainError, type Planned, type Result, type UnitRecord } from '../../shared/index.js';
import { planBusinessVerification, type VerificationDocument } from './business-verification.js';
import type { OnboardingDeps } from './onboarding-deps.js';

export interface SignupInput {
  readonly mode: SignupMode;
  readonly businessName: string;
  readonly email?: string | null;
  readonly wabaName?: string;
  readonly appName?: string;
  readonly callbackUrl?: string | null;
  /** Classic signup: the documents submitted for business verification. */
  readonly documents?: readonly VerificationDocument[];
}

export interface SignupOutcome {
  readonly business: Business;
  readonly waba: Waba;
  readonly app: App;
  readonly issued: IssuedToken;
  /** Classic signup: the business verification under review. */
  readonly review: Review | null;
}

/**
 * One signup, one unit of work: a business portfolio with a WABA, an app subscribed to it and a
 * token. Express: usable at once, unverified, in the trial tier. Classic: the same, with business
 * verification requested (documents required).
 */
export async function planSignup(deps: OnboardingDeps, input: SignupInput): Promise<Result<Planned<SignupOutcome>, DomainError>> {
  if (input.mode === 'classic' && (input.documents ?? []).length === 0) {
    return fail(domainError('PARAMETER_MISSING', 'Classic signup goes through business verification first: give at least one document (documents).'));
  }
  const business = planBusiness(deps, { name: input.businessName, signupMode: input.mode, email: input.email ?? null });
  const waba = await planWaba(deps, { businessId: business.value.id, name: input.wabaName ?? `${input.businessName} WABA`, business: business.value });
  if (!waba.ok) return waba;
  const app = await planApp(deps, { businessId: business.value.id, name: input.appName ?? `${input.businessName} App`, callbackUrl: input.callbackUrl ?? null, business: business.value });
  if (!app.ok) return app;
  const token = await planToken(deps, { appId: app.value.value.id, app: app.value.value });
  if (!token.ok) return token;
  const now = deps.clock.now();
  const subscription = record(subscriptionSaved, { wabaId: waba.value.value.id, appId: app.value.value.id, overrideCallbackUri: null, verifyToken: null, createdAt: now });
  let review: Review | null = null;
  const verification: UnitRecord[] = [];
  if (input.mode === 'classic') {
    const requested = await planBusinessVerification(deps, { business: business.value, documents: input.documents ?? [] });
    if (!requested.ok) return requested;
    review = requested.value.value;
    verification.push(...requested.value.records);
  }
  const welcome = await notify(
    deps,
    {
      businessId: business.value.id,
      wabaId: waba.value.value.id,
      kind: 'business.signup',
      severity: 'info',
      title: `${input.businessName} signed up (${input.mode})`,
      body:
        input.mode === 'express'
          ? 'Usable at once for testing, unverified, in the trial tier (2 phone numbers). Request business verification to leave it.'
          : 'Business verification was requested; until it is decided the business is unverified, in the trial tier.',
      data: { mode: input.mode },
    },
    now,
  );
  return ok(
    planned(
      { business: business.value, waba: waba.value.value, app: app.value.value, issued: token.value.value, review },
      business.records,
      waba.value.records,
      app.value.records,
      token.value.records,
      [subscription],
      verification,
      welcome,
    ),
  );
}
