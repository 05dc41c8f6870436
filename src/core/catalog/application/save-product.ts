import type { AccountsRepository } from '../../accounts/index.js';
import { domainError, fail, ok, record, unitOf, type Clock, type DomainError, type IdSource, type Result, type UnitRecord, type WriteBatcher } from '../../shared/index.js';
import type { Catalog, Product } from '../domain/catalog.model.js';
import { validProduct, type ProductInput } from '../domain/product.policy.js';
import { catalogCreated, productSaved, type CatalogRepository } from '../ports.js';

export interface CatalogDeps {
  readonly catalogs: CatalogRepository;
  readonly accounts: AccountsRepository;
  readonly writer: WriteBatcher;
  readonly clock: Clock;
  readonly ids: IdSource;
}

/** The WABA's catalog, or the records that connect a new one to it (a WABA has one catalog). */
export async function catalogFor(deps: CatalogDeps, wabaId: string): Promise<Result<{ catalog: Catalog; records: UnitRecord[] }, DomainError>> {
  const existing = await deps.catalogs.findCatalogByWaba(wabaId);
  if (existing !== undefined) return ok({ catalog: existing, records: [] });
  const waba = await deps.accounts.findWaba(wabaId);
  if (waba === undefined) return fail(domainError('NODE_NOT_FOUND', `No WhatsApp Business Account with id '${wabaId}'.`));
  const catalog: Catalog = { id: deps.ids.nodeId(), businessId: waba.businessId, wabaId, name: `${waba.name} catalog`, createdAt: deps.clock.now() };
  return ok({ catalog, records: [record(catalogCreated, catalog)] });
}

/** Adds a product to the WABA's catalog, or replaces the one with the same retailer id. */
export async function saveProduct(deps: CatalogDeps, wabaId: string, input: ProductInput): Promise<Result<Product, DomainError>> {
  const valid = validProduct(input);
  if (!valid.ok) return valid;
  const found = await catalogFor(deps, wabaId);
  if (!found.ok) return found;
  const { catalog, records } = found.value;
  const now = deps.clock.now();
  const previous = records.length === 0 ? await deps.catalogs.findProduct(catalog.id, valid.value.retailerId) : undefined;
  const product: Product = { catalogId: catalog.id, ...valid.value, createdAt: previous?.createdAt ?? now, updatedAt: now };
  await deps.writer.commit(unitOf(records, [record(productSaved, product)]));
  return ok(product);
}
