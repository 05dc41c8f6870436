/** What a catalog entry must hold to be shown in a product message and ordered from. */
import { domainError, fail, isWebUrl, ok, type DomainError, type Result } from '../../shared/index.js';

export interface ProductInput {
  readonly retailerId: string;
  readonly name: string;
  readonly price: number;
  readonly currency: string;
  readonly imageUrl?: string;
  readonly description?: string;
}

export interface ValidProduct {
  readonly retailerId: string;
  readonly name: string;
  readonly price1000: number;
  readonly currency: string;
  readonly imageUrl: string | null;
  readonly description: string | null;
}

const invalid = (details: string): DomainError => domainError('PARAMETER_INVALID', details);

/** A retailer id of 1–100 characters without surrounding spaces, a name, a non-negative price, an ISO currency, an http(s) image. */
export function validProduct(input: ProductInput): Result<ValidProduct, DomainError> {
  const retailerId = input.retailerId;
  if (retailerId.length === 0 || retailerId.length > 100 || retailerId.trim() !== retailerId) {
    return fail(invalid(`retailer_id '${retailerId}' must be 1 to 100 characters without leading or trailing spaces.`));
  }
  if (input.name.trim().length === 0 || input.name.length > 150) return fail(invalid('name must be 1 to 150 characters.'));
  const price1000 = Math.round(input.price * 1000);
  if (!Number.isFinite(input.price) || input.price < 0 || Math.abs(price1000 - input.price * 1000) > 1e-6 || !Number.isSafeInteger(price1000)) {
    return fail(invalid(`price ${input.price} must be a number of at least 0 with at most three decimals.`));
  }
  if (!/^[A-Z]{3}$/.test(input.currency)) return fail(invalid(`currency '${input.currency}' must be an ISO 4217 code such as IDR or USD.`));
  if (input.imageUrl !== undefined && !isWebUrl(input.imageUrl)) return fail(invalid(`image_url '${input.imageUrl}' must be an http(s) URL.`));
  if (input.description !== undefined && input.description.length > 5000) return fail(invalid('description must be at most 5000 characters.'));
  return ok({ retailerId, name: input.name, price1000, currency: input.currency, imageUrl: input.imageUrl ?? null, description: input.description ?? null });
}
