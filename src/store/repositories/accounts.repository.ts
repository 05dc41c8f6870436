import type { Kysely, Selectable, Updateable } from 'kysely';
import {
  appAdded, businessAdded, businessChanged, phoneNumberAdded, phoneNumberChanged, subscriptionSaved, tokenIssued, wabaAdded,
  type AccessToken, type AccountsRepository, type App, type Business, type BusinessPatch, type CodeVerificationStatus, type CommerceReview,
  type MessagingLimitTier, type MigratedFrom, type NameStatus, type NumberStatus, type Permission, type PhoneNumber, type PhoneNumberPatch,
  type QualityRating, type SignupMode, type ThroughputLevel, type VerificationStatus, type Waba, type WabaSubscription,
} from '../../core/accounts/index.js';
import type { AccessTokensTable, BusinessesTable, Database, PhoneNumbersTable, WabasTable } from '../schema.js';
import { chunks, unitWriter, type UnitWriter } from '../unit-writers.js';

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
    throughputLevel: row.throughput_level as ThroughputLevel,
    maintenanceUntil: row.maintenance_until,
    newVerifiedName: row.new_verified_name,
    newNameStatus: row.new_name_status as NameStatus,
    registered: row.registered === 1,
    pinHash: row.pin_hash,
    commerceReview: row.commerce_review as CommerceReview,
    isOfficialBusinessAccount: row.is_official_business_account === 1,
    migratedFrom: row.migrated_from as MigratedFrom | null,
    dataLocalizationRegion: row.data_localization_region,
    lastOnboardedAt: row.last_onboarded_at,
    createdAt: row.created_at,
  };
}

function toBusiness(row: Selectable<BusinessesTable>): Business {
  return {
    id: row.id,
    name: row.name,
    verificationStatus: row.verification_status as VerificationStatus,
    signupMode: row.signup_mode as SignupMode,
    email: row.email,
    verificationReason: row.verification_reason,
    verifiedAt: row.verified_at,
    createdAt: row.created_at,
  };
}

function toWaba(row: Selectable<WabasTable>): Waba {
  return { id: row.id, businessId: row.business_id, name: row.name, currency: row.currency, timezoneId: row.timezone_id, createdAt: row.created_at };
}

/** The columns a patch of a number changes. */
function phoneNumberColumns(patch: PhoneNumberPatch): Updateable<PhoneNumbersTable> {
  const columns: Updateable<PhoneNumbersTable> = {};
  if (patch.verifiedName !== undefined) columns.verified_name = patch.verifiedName;
  if (patch.qualityRating !== undefined) columns.quality_rating = patch.qualityRating;
  if (patch.status !== undefined) columns.status = patch.status;
  if (patch.codeVerificationStatus !== undefined) columns.code_verification_status = patch.codeVerificationStatus;
  if (patch.nameStatus !== undefined) columns.name_status = patch.nameStatus;
  if (patch.newVerifiedName !== undefined) columns.new_verified_name = patch.newVerifiedName;
  if (patch.newNameStatus !== undefined) columns.new_name_status = patch.newNameStatus;
  if (patch.messagingLimitTier !== undefined) columns.messaging_limit_tier = patch.messagingLimitTier;
  if (patch.throughputLevel !== undefined) columns.throughput_level = patch.throughputLevel;
  if (patch.maintenanceUntil !== undefined) columns.maintenance_until = patch.maintenanceUntil;
  if (patch.registered !== undefined) columns.registered = patch.registered ? 1 : 0;
  if (patch.pinHash !== undefined) columns.pin_hash = patch.pinHash;
  if (patch.commerceReview !== undefined) columns.commerce_review = patch.commerceReview;
  if (patch.isOfficialBusinessAccount !== undefined) columns.is_official_business_account = patch.isOfficialBusinessAccount ? 1 : 0;
  if (patch.migratedFrom !== undefined) columns.migrated_from = patch.migratedFrom;
  if (patch.dataLocalizationRegion !== undefined) columns.data_localization_region = patch.dataLocalizationRegion;
  if (patch.lastOnboardedAt !== undefined) columns.last_onboarded_at = patch.lastOnboardedAt;
  return columns;
}

function businessColumns(patch: BusinessPatch): Updateable<BusinessesTable> {
  const columns: Updateable<BusinessesTable> = {};
  if (patch.verificationStatus !== undefined) columns.verification_status = patch.verificationStatus;
  if (patch.verificationReason !== undefined) columns.verification_reason = patch.verificationReason;
  if (patch.verifiedAt !== undefined) columns.verified_at = patch.verifiedAt;
  if (patch.email !== undefined) columns.email = patch.email;
  return columns;
}

/**
 * The writers of account records, in the order they must run: a unit may add a business and change
 * it (a classic signup asks for verification at once), or add a number and the subscription of an app.
 */
export const accountsWriters: readonly UnitWriter[] = [
  unitWriter(businessAdded, async (trx, businesses) => {
    for (const part of chunks(businesses)) {
      await trx
        .insertInto('businesses')
        .values(part.map((business) => ({
          id: business.id,
          name: business.name,
          verification_status: business.verificationStatus,
          signup_mode: business.signupMode,
          email: business.email,
          verification_reason: business.verificationReason,
          verified_at: business.verifiedAt,
          created_at: business.createdAt,
        })))
        .execute();
    }
  }),
  unitWriter(businessChanged, async (trx, changes) => {
    for (const change of changes) await trx.updateTable('businesses').set(businessColumns(change.patch)).where('id', '=', change.id).execute();
  }),
  unitWriter(wabaAdded, async (trx, wabas) => {
    for (const part of chunks(wabas)) {
      await trx
        .insertInto('wabas')
        .values(part.map((waba) => ({ id: waba.id, business_id: waba.businessId, name: waba.name, currency: waba.currency, timezone_id: waba.timezoneId, created_at: waba.createdAt })))
        .execute();
    }
  }),
  unitWriter(phoneNumberAdded, async (trx, numbers) => {
    for (const number of numbers) {
      await trx
        .insertInto('phone_numbers')
        .values({
          id: number.id,
          waba_id: number.wabaId,
          business_id: number.businessId,
          phone_number: number.phoneNumber,
          verified_name: number.verifiedName,
          quality_rating: number.qualityRating,
          status: number.status,
          code_verification_status: number.codeVerificationStatus,
          name_status: number.nameStatus,
          messaging_limit_tier: number.messagingLimitTier,
          registered: number.registered ? 1 : 0,
          created_at: number.createdAt,
          ...phoneNumberColumns(number),
        })
        .execute();
    }
  }),
  unitWriter(phoneNumberChanged, async (trx, changes) => {
    for (const change of changes) {
      const columns = phoneNumberColumns(change.patch);
      if (Object.keys(columns).length > 0) await trx.updateTable('phone_numbers').set(columns).where('id', '=', change.id).execute();
    }
  }),
  unitWriter(appAdded, async (trx, apps) => {
    for (const app of apps) {
      await trx
        .insertInto('apps')
        .values({ id: app.id, business_id: app.businessId, name: app.name, secret: app.secret, callback_url: app.callbackUrl, verify_token: app.verifyToken, created_at: app.createdAt })
        .execute();
    }
  }),
  unitWriter(tokenIssued, async (trx, issued) => {
    for (const { token, tokenHash } of issued) {
      await trx
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
  }),
  unitWriter(subscriptionSaved, async (trx, subscriptions) => {
    for (const subscription of subscriptions) await upsertSubscription(trx, subscription);
  }),
];

/** A WABA subscribes an app once; subscribing again changes its override callback. */
async function upsertSubscription(db: Kysely<Database>, subscription: WabaSubscription): Promise<void> {
  await db
    .insertInto('waba_subscriptions')
    .values({ waba_id: subscription.wabaId, app_id: subscription.appId, override_callback_uri: subscription.overrideCallbackUri, verify_token: subscription.verifyToken, created_at: subscription.createdAt })
    .onConflict((conflict) => conflict.columns(['waba_id', 'app_id']).doUpdateSet({ override_callback_uri: subscription.overrideCallbackUri, verify_token: subscription.verifyToken }))
    .execute();
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






  async findBusiness(id: string): Promise<Business | undefined> {
    const row = await this.#db.selectFrom('businesses').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : toBusiness(row);
  }

  async findWaba(id: string): Promise<Waba | undefined> {
    const row = await this.#db.selectFrom('wabas').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : toWaba(row);
  }

  async listWabas(businessId: string): Promise<Waba[]> {
    const rows = await this.#db.selectFrom('wabas').selectAll().where('business_id', '=', businessId).orderBy('created_at').orderBy('id').execute();
    return rows.map(toWaba);
  }

  async countBusinessNumbers(businessId: string): Promise<number> {
    const row = await this.#db.selectFrom('phone_numbers').select((eb) => eb.fn.countAll<number | string>().as('count')).where('business_id', '=', businessId).executeTakeFirst();
    return Number(row?.count ?? 0);
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
    await upsertSubscription(this.#db, subscription);
  }

  async deleteSubscription(wabaId: string, appId: string): Promise<boolean> {
    const result = await this.#db.deleteFrom('waba_subscriptions').where('waba_id', '=', wabaId).where('app_id', '=', appId).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}
