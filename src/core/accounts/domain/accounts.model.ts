/** Business portfolio → WABAs → phone numbers; apps and the tokens that act for a business. */
export type Permission = 'whatsapp_business_messaging' | 'whatsapp_business_management';
export const allPermissions: readonly Permission[] = ['whatsapp_business_messaging', 'whatsapp_business_management'];

/** Business verification: none asked yet, under review, or its outcome. */
export type VerificationStatus = 'unverified' | 'pending' | 'verified' | 'rejected';
/** Express: usable at once, unverified, trial tier. Classic: business verification requested at signup. */
export type SignupMode = 'express' | 'classic';

export interface Business {
  readonly id: string;
  readonly name: string;
  readonly verificationStatus: VerificationStatus;
  readonly signupMode: SignupMode;
  /** Where Meta would send its emails (the registered address). */
  readonly email: string | null;
  /** Why the last verification was rejected. */
  readonly verificationReason: string | null;
  readonly verifiedAt: number | null;
  readonly createdAt: number;
}

export interface Waba {
  readonly id: string;
  readonly businessId: string;
  readonly name: string;
  readonly currency: string;
  readonly timezoneId: string;
  readonly createdAt: number;
}

export type QualityRating = 'GREEN' | 'YELLOW' | 'RED' | 'UNKNOWN';
/**
 * Meta's `status` values of a phone number. WhatsApp Manager's "Offline" is `DISCONNECTED` on the
 * wire. The transitions between them are `core/numbers/domain/number-status.machine.ts`.
 */
export type NumberStatus =
  | 'PENDING'
  | 'CONNECTED'
  | 'DISCONNECTED'
  | 'FLAGGED'
  | 'RESTRICTED'
  | 'RATE_LIMITED'
  | 'BANNED'
  | 'MIGRATED'
  | 'DELETED'
  | 'UNVERIFIED'
  | 'UNKNOWN';
export type MessagingLimitTier = 'TIER_50' | 'TIER_250' | 'TIER_1K' | 'TIER_2K' | 'TIER_10K' | 'TIER_100K' | 'TIER_UNLIMITED';
/**
 * How many messages a second a number may send (`throughput.level` on Graph): `STANDARD` 80, `HIGH`
 * 1,000 (Meta's upgrade), `UNLIMITED` Kabar's extension for load tests (no per-number or pair limit).
 */
export type ThroughputLevel = 'STANDARD' | 'HIGH' | 'UNLIMITED';
export const throughputLevels: readonly ThroughputLevel[] = ['STANDARD', 'HIGH', 'UNLIMITED'];
export type CodeVerificationStatus = 'NOT_VERIFIED' | 'VERIFIED' | 'EXPIRED';
export type NameStatus = 'APPROVED' | 'AVAILABLE_WITHOUT_REVIEW' | 'DECLINED' | 'EXPIRED' | 'PENDING_REVIEW' | 'NONE';
/** The Commerce Policy review of a number: not asked yet, under way, or its outcome. */
export type CommerceReview = 'none' | 'pending' | 'passed' | 'failed';
/** Where a number came from when it was already on WhatsApp: the Business App, or another provider's API. */
export type MigratedFrom = 'business_app' | 'other_provider';

export interface PhoneNumber {
  readonly id: string;
  readonly wabaId: string;
  readonly businessId: string;
  /** E.164 digits without the plus sign, as in a wa_id. */
  readonly phoneNumber: string;
  readonly verifiedName: string;
  readonly qualityRating: QualityRating;
  readonly status: NumberStatus;
  readonly codeVerificationStatus: CodeVerificationStatus;
  readonly nameStatus: NameStatus;
  /** A requested change of display name and its review (`new_display_name`, `new_name_status`). */
  readonly newVerifiedName: string | null;
  readonly newNameStatus: NameStatus;
  readonly messagingLimitTier: MessagingLimitTier;
  readonly throughputLevel: ThroughputLevel;
  /** While Meta upgrades the number's throughput the account is in maintenance mode until then (131057); null otherwise. */
  readonly maintenanceUntil: number | null;
  readonly registered: boolean;
  /** Digest of the two-step verification PIN; null until one is set. */
  readonly pinHash: string | null;
  readonly commerceReview: CommerceReview;
  readonly isOfficialBusinessAccount: boolean;
  readonly migratedFrom: MigratedFrom | null;
  readonly dataLocalizationRegion: string | null;
  /** The last successful registration (`last_onboarded_time`). */
  readonly lastOnboardedAt: number | null;
  readonly createdAt: number;
}

/** The columns of a number that change after it was added. */
export type PhoneNumberPatch = Partial<Omit<PhoneNumber, 'id' | 'wabaId' | 'businessId' | 'phoneNumber' | 'createdAt'>>;
export type BusinessPatch = Partial<Pick<Business, 'verificationStatus' | 'verificationReason' | 'verifiedAt' | 'email'>>;

export interface App {
  readonly id: string;
  readonly businessId: string;
  readonly name: string;
  readonly secret: string;
  readonly callbackUrl: string | null;
  readonly verifyToken: string;
  readonly createdAt: number;
}

export interface AccessToken {
  readonly id: string;
  readonly businessId: string;
  readonly appId: string;
  readonly permissions: readonly Permission[];
  readonly createdAt: number;
  readonly expiresAt: number | null;
  readonly revokedAt: number | null;
}

/** Who is calling: the business a token acts for, through which app, with which permissions. */
export interface Principal {
  readonly tokenId: string;
  readonly businessId: string;
  readonly appId: string;
  readonly permissions: readonly Permission[];
  readonly expiresAt: number | null;
}

export interface WabaSubscription {
  readonly wabaId: string;
  readonly appId: string;
  readonly overrideCallbackUri: string | null;
  readonly verifyToken: string | null;
  readonly createdAt: number;
}
