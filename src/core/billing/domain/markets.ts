import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { Market } from './billing.model.js';

/** Meta prices by the recipient's country calling code; Canada and the United States share "North America". */
const byCountry: Readonly<Record<string, Market>> = { ID: 'indonesia', IN: 'india', BR: 'brazil', US: 'north_america', CA: 'north_america', GB: 'united_kingdom' };

const known = new Map<string, Market>();

/** The rate-card market of a wa_id; every country without a market of its own is `other`. */
export function marketOf(waId: string): Market {
  const remembered = known.get(waId);
  if (remembered !== undefined) return remembered;
  const parsed = parsePhoneNumberFromString(`+${waId}`);
  // A number outside the assigned ranges still has a calling code: its main country decides.
  const country = parsed?.country ?? parsed?.getPossibleCountries()[0];
  const market = (country === undefined ? undefined : byCountry[country]) ?? 'other';
  if (known.size >= 50_000) known.clear();
  known.set(waId, market);
  return market;
}
