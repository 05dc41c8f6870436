import { displayPhoneNumber, domainError, fail, ok, toWaId, type Clock, type Credentials, type DomainError, type IdSource, type Result } from '../../shared/index.js';
import { allPermissions, type AccessToken, type App, type Business, type Permission, type PhoneNumber, type Waba } from '../domain/accounts.model.js';
import type { AccountsRepository } from '../ports.js';

/** Operator use cases: create the account tree and credentials (admin API and CLI). */
export interface ProvisionDeps {
  readonly accounts: AccountsRepository;
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly credentials: Credentials;
}

function notFound(kind: string, id: string): DomainError {
  return domainError('NODE_NOT_FOUND', `No ${kind} with id '${id}'.`);
}

export async function createBusiness(deps: ProvisionDeps, input: { readonly name: string }): Promise<Business> {
  const business: Business = { id: deps.ids.nodeId(), name: input.name, verificationStatus: 'unverified', createdAt: deps.clock.now() };
  await deps.accounts.createBusiness(business);
  return business;
}

export async function createWaba(deps: ProvisionDeps, input: { readonly businessId: string; readonly name: string }): Promise<Result<Waba, DomainError>> {
  const business = await deps.accounts.findBusiness(input.businessId);
  if (business === undefined) return fail(notFound('business', input.businessId));
  const waba: Waba = { id: deps.ids.nodeId(), businessId: business.id, name: input.name, currency: 'USD', timezoneId: '1', createdAt: deps.clock.now() };
  await deps.accounts.createWaba(waba);
  return ok(waba);
}

export async function createPhoneNumber(
  deps: ProvisionDeps,
  input: { readonly wabaId: string; readonly phoneNumber: string; readonly verifiedName: string },
): Promise<Result<PhoneNumber, DomainError>> {
  const waba = await deps.accounts.findWaba(input.wabaId);
  if (waba === undefined) return fail(notFound('WABA', input.wabaId));
  const trimmed = input.phoneNumber.trim();
  const digits = trimmed.startsWith('+') ? toWaId(trimmed, '') : toWaId(`+${trimmed}`, '');
  if (digits === undefined) return fail(domainError('PARAMETER_INVALID', `'${input.phoneNumber}' is not a possible phone number in international format.`));
  if ((await deps.accounts.findPhoneNumberByNumber(digits)) !== undefined) {
    return fail(domainError('PARAMETER_INVALID', `${displayPhoneNumber(digits)} is already registered on Kabar.`));
  }
  const phoneNumber: PhoneNumber = {
    id: deps.ids.nodeId(),
    wabaId: waba.id,
    businessId: waba.businessId,
    phoneNumber: digits,
    verifiedName: input.verifiedName,
    qualityRating: 'GREEN',
    status: 'CONNECTED',
    codeVerificationStatus: 'VERIFIED',
    nameStatus: 'APPROVED',
    messagingLimitTier: 'TIER_1K',
    registered: true,
    createdAt: deps.clock.now(),
  };
  await deps.accounts.createPhoneNumber(phoneNumber);
  return ok(phoneNumber);
}

export async function createApp(
  deps: ProvisionDeps,
  input: { readonly businessId: string; readonly name: string; readonly callbackUrl?: string | null },
): Promise<Result<App, DomainError>> {
  const business = await deps.accounts.findBusiness(input.businessId);
  if (business === undefined) return fail(notFound('business', input.businessId));
  const app: App = {
    id: deps.ids.nodeId(),
    businessId: business.id,
    name: input.name,
    secret: deps.credentials.newSecret(),
    callbackUrl: input.callbackUrl ?? null,
    verifyToken: deps.credentials.newSecret(),
    createdAt: deps.clock.now(),
  };
  await deps.accounts.createApp(app);
  return ok(app);
}

export interface IssuedToken {
  readonly token: AccessToken;
  /** Shown once; only its hash is stored. */
  readonly accessToken: string;
}

export async function issueToken(
  deps: ProvisionDeps,
  input: { readonly appId: string; readonly permissions?: readonly Permission[]; readonly expiresAt?: number | null },
): Promise<Result<IssuedToken, DomainError>> {
  const app = await deps.accounts.findApp(input.appId);
  if (app === undefined) return fail(notFound('app', input.appId));
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
  await deps.accounts.createToken(token, deps.credentials.hashToken(accessToken));
  return ok({ token, accessToken });
}
