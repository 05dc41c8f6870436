import type { Kysely, Selectable } from 'kysely';
import type {
  AccessToken, AccountsRepository, App, Business, CodeVerificationStatus, MessagingLimitTier, NameStatus, NumberStatus, Permission,
  PhoneNumber, QualityRating, VerificationStatus, Waba, WabaSubscription,
} from '../../core/accounts/index.js';
import type { AccessTokensTable, Database, PhoneNumbersTable } from '../schema.js';

function toPhoneNumber(row: Selectable<PhoneNumbersTable>): PhoneNumber {
  return {
    id: row.id,
    wabaId: row.waba_id,
    businessId: row.business_id,
    phoneNumber: row.phone_number,
    verifiedName: row.verified_name,
    qualityRating: row.quality_rating as QualityRating,
    status: row.status as NumberStatus,
    codeVerificationStatus: row.code_verification_status as CodeVerificationStatus,
    nameStatus: row.name_status as NameStatus,
    messagingLimitTier: row.messaging_limit_tier as MessagingLimitTier,
    registered: row.registered === 1,
    createdAt: row.created_at,
  };
}

function toToken(row: Selectable<AccessTokensTable>): AccessToken {
  return {
    id: row.id,
    businessId: row.business_id,
    appId: row.app_id,
    permissions: JSON.parse(row.permissions) as Permission[],
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
  };
}

export class KyselyAccountsRepository implements AccountsRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async createBusiness(business: Business): Promise<void> {
    await this.#db
      .insertInto('businesses')
      .values({ id: business.id, name: business.name, verification_status: business.verificationStatus, created_at: business.createdAt })
      .execute();
  }

  async createWaba(waba: Waba): Promise<void> {
    await this.#db
      .insertInto('wabas')
      .values({ id: waba.id, business_id: waba.businessId, name: waba.name, currency: waba.currency, timezone_id: waba.timezoneId, created_at: waba.createdAt })
      .execute();
  }

  async createPhoneNumber(phoneNumber: PhoneNumber): Promise<void> {
    await this.#db
      .insertInto('phone_numbers')
      .values({
        id: phoneNumber.id,
        waba_id: phoneNumber.wabaId,
        business_id: phoneNumber.businessId,
        phone_number: phoneNumber.phoneNumber,
        verified_name: phoneNumber.verifiedName,
        quality_rating: phoneNumber.qualityRating,
        status: phoneNumber.status,
        code_verification_status: phoneNumber.codeVerificationStatus,
        name_status: phoneNumber.nameStatus,
        messaging_limit_tier: phoneNumber.messagingLimitTier,
        registered: phoneNumber.registered ? 1 : 0,
        created_at: phoneNumber.createdAt,
      })
      .execute();
  }

  async createApp(app: App): Promise<void> {
    await this.#db
      .insertInto('apps')
      .values({
        id: app.id,
        business_id: app.businessId,
        name: app.name,
        secret: app.secret,
        callback_url: app.callbackUrl,
        verify_token: app.verifyToken,
        created_at: app.createdAt,
      })
      .execute();
  }

  async createToken(token: AccessToken, tokenHash: string): Promise<void> {
    await this.#db
      .insertInto('access_tokens')
      .values({
        token_hash: tokenHash,
        id: token.id,
        business_id: token.businessId,
        app_id: token.appId,
        permissions: JSON.stringify(token.permissions),
        created_at: token.createdAt,
        expires_at: token.expiresAt,
        revoked_at: token.revokedAt,
      })
      .execute();
  }

  async findBusiness(id: string): Promise<Business | undefined> {
    const row = await this.#db.selectFrom('businesses').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined
      ? undefined
      : { id: row.id, name: row.name, verificationStatus: row.verification_status as VerificationStatus, createdAt: row.created_at };
  }

  async findWaba(id: string): Promise<Waba | undefined> {
    const row = await this.#db.selectFrom('wabas').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined
      ? undefined
      : { id: row.id, businessId: row.business_id, name: row.name, currency: row.currency, timezoneId: row.timezone_id, createdAt: row.created_at };
  }

  async findPhoneNumber(id: string): Promise<PhoneNumber | undefined> {
    const row = await this.#db.selectFrom('phone_numbers').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : toPhoneNumber(row);
  }

  async findPhoneNumberByNumber(phoneNumber: string): Promise<PhoneNumber | undefined> {
    const row = await this.#db.selectFrom('phone_numbers').selectAll().where('phone_number', '=', phoneNumber).executeTakeFirst();
    return row === undefined ? undefined : toPhoneNumber(row);
  }

  async listPhoneNumbers(wabaId: string): Promise<PhoneNumber[]> {
    const rows = await this.#db.selectFrom('phone_numbers').selectAll().where('waba_id', '=', wabaId).orderBy('created_at', 'desc').orderBy('id').execute();
    return rows.map(toPhoneNumber);
  }

  async findApp(id: string): Promise<App | undefined> {
    const row = await this.#db.selectFrom('apps').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined
      ? undefined
      : {
          id: row.id,
          businessId: row.business_id,
          name: row.name,
          secret: row.secret,
          callbackUrl: row.callback_url,
          verifyToken: row.verify_token,
          createdAt: row.created_at,
        };
  }

  async findTokenByHash(tokenHash: string): Promise<AccessToken | undefined> {
    const row = await this.#db.selectFrom('access_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
    return row === undefined ? undefined : toToken(row);
  }

  async listSubscriptions(wabaId: string): Promise<WabaSubscription[]> {
    const rows = await this.#db.selectFrom('waba_subscriptions').selectAll().where('waba_id', '=', wabaId).orderBy('created_at').execute();
    return rows.map((row) => ({
      wabaId: row.waba_id,
      appId: row.app_id,
      overrideCallbackUri: row.override_callback_uri,
      verifyToken: row.verify_token,
      createdAt: row.created_at,
    }));
  }

  async saveSubscription(subscription: WabaSubscription): Promise<void> {
    await this.#db
      .insertInto('waba_subscriptions')
      .values({
        waba_id: subscription.wabaId,
        app_id: subscription.appId,
        override_callback_uri: subscription.overrideCallbackUri,
        verify_token: subscription.verifyToken,
        created_at: subscription.createdAt,
      })
      .onConflict((conflict) =>
        conflict.columns(['waba_id', 'app_id']).doUpdateSet({ override_callback_uri: subscription.overrideCallbackUri, verify_token: subscription.verifyToken }),
      )
      .execute();
  }

  async deleteSubscription(wabaId: string, appId: string): Promise<boolean> {
    const result = await this.#db.deleteFrom('waba_subscriptions').where('waba_id', '=', wabaId).where('app_id', '=', appId).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}
