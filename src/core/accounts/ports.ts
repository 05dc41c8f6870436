import type { Awaitable, Result, UnitRecord } from '../shared/index.js';
import type { AccessToken, App, Business, PhoneNumber, Waba, WabaSubscription } from './domain/accounts.model.js';
import type { StartingTier } from './domain/business.policy.js';

/**
 * Reads of the account tree. Writes go through units of work (see `records.ts`). The reads every
 * request makes (a token, a node, the apps to call back) answer at once while their row is cached.
 */
export interface AccountsRepository {
  findBusiness(id: string): Awaitable<Business | undefined>;
  findWaba(id: string): Awaitable<Waba | undefined>;
  listWabas(businessId: string): Promise<Waba[]>;
  findPhoneNumber(id: string): Awaitable<PhoneNumber | undefined>;
  findPhoneNumberByNumber(phoneNumber: string): Awaitable<PhoneNumber | undefined>;
  listPhoneNumbers(wabaId: string): Promise<PhoneNumber[]>;
  /** How many phone numbers the business portfolio holds, across its WABAs. */
  countBusinessNumbers(businessId: string): Promise<number>;
  findApp(id: string): Awaitable<App | undefined>;
  findTokenByHash(tokenHash: string): Awaitable<AccessToken | undefined>;
  listSubscriptions(wabaId: string): Awaitable<WabaSubscription[]>;
  saveSubscription(subscription: WabaSubscription): Promise<void>;
  deleteSubscription(wabaId: string, appId: string): Promise<boolean>;
}

/** Performs Meta's GET `hub.challenge` handshake against a callback URL. */
export interface CallbackVerifier {
  verify(callbackUrl: string, verifyToken: string): Promise<Result<void, string>>;
}

/**
 * Told of every new WABA, in the unit of work that creates it: a module adds what a WABA starts
 * with (the sample template `hello_world`, say) as records of that unit.
 */
export type WabaCreatedHook = (waba: Waba, now: number) => Promise<readonly UnitRecord[]>;

/** The operator's setting for the tier new numbers of a verified business start in. */
export interface StartingTierSource {
  startingTier(): Promise<StartingTier>;
}
