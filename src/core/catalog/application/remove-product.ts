import { domainError, fail, ok, record, unitOf, type DomainError, type Result } from '../../shared/index.js';
import { productRemoved } from '../ports.js';
import type { CatalogDeps } from './save-product.js';

/** Takes a product out of the WABA's catalog; messages that showed it keep what they showed. */
export async function removeProduct(deps: Omit<CatalogDeps, 'ids'>, wabaId: string, retailerId: string): Promise<Result<void, DomainError>> {
  const catalog = await deps.catalogs.findCatalogByWaba(wabaId);
  const product = catalog === undefined ? undefined : await deps.catalogs.findProduct(catalog.id, retailerId);
  if (catalog === undefined || product === undefined) return fail(domainError('NODE_NOT_FOUND', `The catalog of WABA ${wabaId} has no product with retailer id '${retailerId}'.`));
  await deps.writer.commit(unitOf([record(productRemoved, { catalogId: catalog.id, retailerId })]));
  return ok(undefined);
}
