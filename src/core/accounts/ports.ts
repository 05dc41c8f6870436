import type { Result } from '../shared/index.js';
import type { AccessToken, App, Business, PhoneNumber, Waba, WabaSubscription } from './domain/accounts.model.js';

export interface AccountsRepository {
  createBusiness(business: Business): Promise<void>;
  createWaba(waba: Waba): Promise<void>;
  createPhoneNumber(phoneNumber: PhoneNumber): Promise<void>;
  createApp(app: App): Promise<void>;
  createToken(token: AccessToken, tokenHash: string): Promise<void>;
  findBusiness(id: string): Promise<Business | undefined>;
  findWaba(id: string): Promise<Waba | undefined>;
  findPhoneNumber(id: string): Promise<PhoneNumber | undefined>;
  findPhoneNumberByNumber(phoneNumber: string): Promise<PhoneNumber | undefined>;
  listPhoneNumbers(wabaId: string): Promise<PhoneNumber[]>;
  findApp(id: string): Promise<App | undefined>;
  findTokenByHash(tokenHash: string): Promise<AccessToken | undefined>;
  listSubscriptions(wabaId: string): Promise<WabaSubscription[]>;
  saveSubscription(subscription: WabaSubscription): Promise<void>;
  deleteSubscription(wabaId: string, appId: string): Promise<boolean>;
}

/** Performs Meta's GET `hub.challenge` handshake against a callback URL. */
export interface CallbackVerifier {
  verify(callbackUrl: string, verifyToken: string): Promise<Result<void, string>>;
}
