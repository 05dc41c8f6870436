import { recordKind } from '../../shared/index.js';

/** Meta's business categories (`vertical`); "" leaves it unset. */
export const verticals = [
  'ALCOHOL', 'APPAREL', 'AUTO', 'BEAUTY', 'EDU', 'ENTERTAIN', 'EVENT_PLAN', 'FINANCE', 'GOVT', 'GROCERY', 'HEALTH', 'HOTEL', 'NONPROFIT',
  'ONLINE_GAMBLING', 'OTC_DRUGS', 'OTHER', 'PHYSICAL_GAMBLING', 'PROF_SERVICES', 'RESTAURANT', 'RETAIL', 'TRAVEL',
] as const;
export type Vertical = (typeof verticals)[number] | '';

/** What customers see on a business number's WhatsApp profile (not searchable inside WhatsApp). */
export interface BusinessProfile {
  readonly phoneNumberId: string;
  readonly about: string;
  readonly address: string;
  readonly description: string;
  readonly email: string;
  readonly websites: readonly string[];
  readonly vertical: Vertical;
  readonly profilePictureHandle: string | null;
  readonly profilePictureUrl: string | null;
  readonly updatedAt: number;
}

/** A partial update: only the fields given change. */
export interface ProfileChange {
  readonly about?: string;
  readonly address?: string;
  readonly description?: string;
  readonly email?: string;
  readonly websites?: readonly string[];
  readonly vertical?: string;
  readonly profilePictureHandle?: string;
}

export type ProfilePatch = Partial<Omit<BusinessProfile, 'phoneNumberId' | 'updatedAt'>>;

export function emptyProfile(phoneNumberId: string): BusinessProfile {
  return { phoneNumberId, about: '', address: '', description: '', email: '', websites: [], vertical: '', profilePictureHandle: null, profilePictureUrl: null, updatedAt: 0 };
}

export const profileUpdated = recordKind<{ readonly phoneNumberId: string; readonly patch: ProfilePatch; readonly at: number }>('profiles.updated');
