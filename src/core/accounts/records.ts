import { recordKind } from '../shared/index.js';
import type { AccessToken, App, Business, BusinessPatch, PhoneNumber, PhoneNumberPatch, Waba, WabaSubscription } from './domain/accounts.model.js';

/**
 * What a unit of work holds for accounts. Changes are patches of the columns that changed, so a
 * review deciding a number's status and a request setting its PIN never overwrite each other.
 */
export const businessAdded = recordKind<Business>('accounts.business');
export const businessChanged = recordKind<{ readonly id: string; readonly patch: BusinessPatch }>('accounts.business-changed');
export const wabaAdded = recordKind<Waba>('accounts.waba');
export const phoneNumberAdded = recordKind<PhoneNumber>('accounts.phone-number');
export const phoneNumberChanged = recordKind<{ readonly id: string; readonly patch: PhoneNumberPatch }>('accounts.phone-number-changed');
export const appAdded = recordKind<App>('accounts.app');
export const tokenIssued = recordKind<{ readonly token: AccessToken; readonly tokenHash: string }>('accounts.token');
export const subscriptionSaved = recordKind<WabaSubscription>('accounts.subscription');

/** Every account record kind: a committed unit holding one of them invalidates cached account rows. */
export const accountRecordKinds: readonly string[] = [businessAdded, businessChanged, wabaAdded, phoneNumberAdded, phoneNumberChanged, appAdded, tokenIssued, subscriptionSaved].map((kind) => kind.name);
