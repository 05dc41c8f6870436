/** Business portfolio → WABAs → phone numbers; apps and the tokens that act for a business. */
export type Permission = 'whatsapp_business_messaging' | 'whatsapp_business_management';
export const allPermissions: readonly Permission[] = ['whatsapp_business_messaging', 'whatsapp_business_management'];

export type VerificationStatus = 'unverified' | 'verified';

export interface Business {
  readonly id: string;
  readonly name: string;
  readonly verificationStatus: VerificationStatus;
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
export type NumberStatus = 'PENDING' | 'CONNECTED' | 'FLAGGED' | 'RESTRICTED' | 'DISCONNECTED';
export type MessagingLimitTier = 'TIER_50' | 'TIER_1K' | 'TIER_10K' | 'TIER_100K' | 'TIER_UNLIMITED';
export type CodeVerificationStatus = 'NOT_VERIFIED' | 'VERIFIED' | 'EXPIRED';
export type NameStatus = 'APPROVED' | 'PENDING_REVIEW' | 'DECLINED' | 'NONE';

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
  readonly messagingLimitTier: MessagingLimitTier;
  readonly registered: boolean;
  readonly createdAt: number;
}

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
