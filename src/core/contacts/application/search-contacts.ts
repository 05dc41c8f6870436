import { domainError, fail, ok, type DomainError, type Result } from '../../shared/index.js';
import { normaliseTags, searchName, type Contact } from '../domain/contact.model.js';
import { numberPrefix } from '../domain/phone-normalisation.js';
import type { ContactSearch } from '../ports.js';
import { contactSettingsOf } from './contact-settings.js';
import type { ContactsDeps } from './contacts-deps.js';

export interface SearchRequest {
  readonly businessId: string;
  /** Free text: digits (with `+`, spaces, dashes) search number prefixes, anything else the start of a name. */
  readonly q?: string;
  readonly name?: string;
  readonly number?: string;
  readonly tag?: string;
  readonly after?: string;
  readonly limit: number;
}

export interface SearchPage {
  readonly contacts: readonly Contact[];
  readonly search: ContactSearch;
}

const looksLikeNumber = /^\+?[0-9][0-9 ()\-.]*$/;

/** Which index a request searches; a tag with a name or number narrows that search. */
export async function planSearch(deps: Pick<ContactsDeps, 'settings' | 'contacts'>, request: SearchRequest): Promise<Result<{ search: ContactSearch; tag?: string }, DomainError>> {
  const filled = [request.q, request.name, request.number].filter((value) => value !== undefined && value.trim().length > 0);
  if (filled.length > 1) return fail(domainError('PARAMETER_INVALID', 'Search by one of q, name or number (a tag may be added to any of them).'));
  const tag = request.tag === undefined ? undefined : normaliseTags([request.tag])[0];
  const text = request.number ?? request.name ?? request.q;
  if (text === undefined || text.trim().length === 0) return ok(tag === undefined ? { search: { by: 'all' } } : { search: { by: 'tag', tag } });
  const asNumber = request.number !== undefined || (request.name === undefined && looksLikeNumber.test(text.trim()));
  if (asNumber) {
    const { defaultCountry } = await contactSettingsOf(deps, request.businessId);
    const prefix = numberPrefix(text, defaultCountry);
    if (prefix === undefined) return fail(domainError('PARAMETER_INVALID', `'${text}' holds no digits to search numbers with.`));
    return ok({ search: { by: 'number', prefix }, ...(tag === undefined ? {} : { tag }) });
  }
  const prefix = searchName(text);
  if (prefix.length === 0) return fail(domainError('PARAMETER_INVALID', `'${text}' holds no letters or digits to search names with.`));
  return ok({ search: { by: 'name', prefix }, ...(tag === undefined ? {} : { tag }) });
}

export async function searchContacts(deps: Pick<ContactsDeps, 'settings' | 'contacts'>, request: SearchRequest): Promise<Result<SearchPage, DomainError>> {
  const plan = await planSearch(deps, request);
  if (!plan.ok) return plan;
  const contacts = await deps.contacts.search(request.businessId, plan.value.search, {
    limit: request.limit,
    ...(request.after === undefined ? {} : { after: request.after }),
    ...(plan.value.tag === undefined ? {} : { tag: plan.value.tag }),
  });
  return ok({ contacts, search: plan.value.search });
}

/** The cursor of the next page: the sort key of the last contact and its id (`~` never occurs in a key). */
export function cursorOf(search: ContactSearch, contact: Contact): string {
  const key = search.by === 'name' ? searchName(contact.name) : search.by === 'number' ? contact.waId : '';
  return `${key}~${contact.id}`;
}

export function parseCursor(cursor: string): { readonly key: string; readonly id: string } | undefined {
  const at = cursor.lastIndexOf('~');
  if (at < 0) return undefined;
  return { key: cursor.slice(0, at), id: cursor.slice(at + 1) };
}
