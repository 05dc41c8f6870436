import { resolvePhoneNumber, type AccountsRepository, type Principal } from '../../accounts/index.js';
import { ok, type DomainError, type Result } from '../../shared/index.js';
import type { BlocklistPage, BlocklistRepository } from '../ports.js';

export interface ListBlockedUsersRequest {
  readonly principal: Principal;
  readonly phoneNumberId: string;
  readonly limit: number;
  readonly after?: string;
  readonly before?: string;
}

/** A page of the number's blocked users, in wa_id order: stable while the list changes between pages. */
export async function listBlockedUsers(deps: { readonly accounts: AccountsRepository; readonly blocklist: BlocklistRepository }, request: ListBlockedUsersRequest): Promise<Result<BlocklistPage, DomainError>> {
  const number = await resolvePhoneNumber(deps.accounts, { principal: request.principal, id: request.phoneNumberId, method: 'get', permission: 'whatsapp_business_messaging' });
  if (!number.ok) return number;
  const range = { limit: request.limit, ...(request.after === undefined ? {} : { after: request.after }), ...(request.before === undefined ? {} : { before: request.before }) };
  return ok(await deps.blocklist.page(number.value.id, range));
}
