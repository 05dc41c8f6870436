import type { AccountsRepository } from '../../accounts/index.js';
import type { BusinessSettings } from '../../policy/index.js';
import { record, type Clock, type IdSource, type UnitRecord, type WriteBatcher } from '../../shared/index.js';
import type { ContactEvent, ContactEventKind } from '../domain/contact.model.js';
import { contactEventRecorded, type ContactsRepository } from '../ports.js';

export interface ContactsDeps {
  readonly accounts: Pick<AccountsRepository, 'findBusiness' | 'findPhoneNumber'>;
  readonly contacts: ContactsRepository;
  readonly settings: BusinessSettings;
  readonly writer: WriteBatcher;
  readonly clock: Clock;
  readonly ids: IdSource;
}

export function historyEvent(ids: IdSource, input: { readonly businessId: string; readonly contactId: string; readonly kind: ContactEventKind; readonly data?: Readonly<Record<string, unknown>> }, now: number): UnitRecord {
  const event: ContactEvent = { key: ids.key(), businessId: input.businessId, contactId: input.contactId, kind: input.kind, data: input.data ?? {}, createdAt: now };
  return record(contactEventRecorded, event);
}
