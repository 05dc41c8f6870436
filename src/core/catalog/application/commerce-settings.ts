import { domainError, fail, ok, record, unitOf, type Clock, type DomainError, type Result, type WriteBatcher } from '../../shared/index.js';
import type { CommerceSettings } from '../domain/catalog.model.js';
import { commerceSettingsSaved, type CatalogRepository } from '../ports.js';

export interface CommerceSettingsChange {
  readonly isCartEnabled?: unknown;
  readonly isCatalogVisible?: unknown;
}

/** Graph booleans arrive as JSON booleans or, in a query string or form, as `true`/`false` (or 1/0). */
function graphBoolean(name: string, value: unknown): Result<boolean | undefined, DomainError> {
  if (value === undefined) return ok(undefined);
  if (value === true || value === 'true' || value === '1' || value === 1) return ok(true);
  if (value === false || value === 'false' || value === '0' || value === 0) return ok(false);
  return fail(domainError('PARAMETER_MALFORMED', `(#100) Param ${name} must be a boolean; got '${String(value)}'.`));
}

/** Turns the cart or the catalog's visibility on or off for a number; what is not named stays as it is. */
export async function updateCommerceSettings(
  deps: { readonly catalogs: CatalogRepository; readonly writer: WriteBatcher; readonly clock: Clock },
  phoneNumberId: string,
  change: CommerceSettingsChange,
): Promise<Result<CommerceSettings, DomainError>> {
  const cart = graphBoolean('is_cart_enabled', change.isCartEnabled);
  if (!cart.ok) return cart;
  const visible = graphBoolean('is_catalog_visible', change.isCatalogVisible);
  if (!visible.ok) return visible;
  if (cart.value === undefined && visible.value === undefined) {
    return fail(domainError('PARAMETER_MALFORMED', '(#100) Name at least one of is_cart_enabled and is_catalog_visible.'));
  }
  const current = await deps.catalogs.commerceSettings(phoneNumberId);
  const next: CommerceSettings = {
    phoneNumberId,
    isCartEnabled: cart.value ?? current.isCartEnabled,
    isCatalogVisible: visible.value ?? current.isCatalogVisible,
    updatedAt: deps.clock.now(),
  };
  await deps.writer.commit(unitOf([record(commerceSettingsSaved, next)]));
  return ok(next);
}
