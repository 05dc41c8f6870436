import { countryOf } from '../../shared/index.js';
import type { Market } from './billing.model.js';

/** Meta prices by the recipient's country calling code; Canada and the United States share "North America". */
const byCountry: Readonly<Record<string, Market>> = { ID: 'indonesia', IN: 'india', BR: 'brazil', US: 'north_america', CA: 'north_america', GB: 'united_kingdom' };

/** The rate-card market of a wa_id; every country without a market of its own is `other`. */
export function marketOf(waId: string): Market {
  const country = countryOf(waId);
  return (country === null ? undefined : byCountry[country]) ?? 'other';
}
