/**
 * Product messages: one product, a multi-product list, or the whole catalog. Each names products of
 * the catalog connected to the sending WABA; the message keeps them as they were at the send.
 */
import type { InteractiveAction } from '../../../wire/index.js';
import { fail, ok, type DomainError, type Result } from '../../shared/index.js';
import type { InteractiveContent, ProductCard } from '../domain/content.model.js';
import type { ProductCatalog } from '../ports.js';
import { firstProblem, invalid, lengthProblem, missing } from './checks.js';

const action = "interactive['action']";

/** Meta's answer when a retailer id is not in the catalog. */
const notInCatalog = (): DomainError => invalid('Products not found in FB Catalog');

/** The catalog named by the message, which must be the one connected to the sending WABA. */
async function connectedCatalog(catalog: ProductCatalog, wabaId: string, catalogId: string | undefined): Promise<Result<string, DomainError>> {
  const connected = await catalog.catalogIdOf(wabaId);
  if (catalogId !== undefined && catalogId !== connected) {
    return fail(invalid(`Catalog ${catalogId} is not connected to this WhatsApp Business Account${connected === undefined ? ': it has no catalog' : `; its catalog is ${connected}`}.`));
  }
  if (connected === undefined) return fail(invalid('This WhatsApp Business Account has no catalog connected: add products to its catalog first.'));
  return ok(connected);
}

/** Every retailer id's card, in the order asked, or Meta's error when one is missing. */
async function cards(catalog: ProductCatalog, catalogId: string, retailerIds: readonly string[]): Promise<Result<ProductCard[], DomainError>> {
  const found = new Map((await catalog.productCards(catalogId, retailerIds)).map((card) => [card.product_retailer_id, card]));
  const ordered: ProductCard[] = [];
  for (const retailerId of retailerIds) {
    const card = found.get(retailerId);
    if (card === undefined) return fail(notInCatalog());
    ordered.push(card);
  }
  return ok(ordered);
}

export async function product(given: InteractiveAction, wabaId: string, catalog: ProductCatalog): Promise<Result<Partial<InteractiveContent>, DomainError>> {
  if (given.catalog_id === undefined) return fail(missing(`${action}['catalog_id']`));
  if (given.product_retailer_id === undefined) return fail(missing(`${action}['product_retailer_id']`));
  const catalogId = await connectedCatalog(catalog, wabaId, given.catalog_id);
  if (!catalogId.ok) return catalogId;
  const found = await cards(catalog, catalogId.value, [given.product_retailer_id]);
  if (!found.ok) return found;
  return ok({ catalog_id: catalogId.value, ...(found.value[0] === undefined ? {} : { product: found.value[0] }) });
}

/** 1–10 sections (titled when more than one), at most 30 products in all. */
export async function productList(given: InteractiveAction, wabaId: string, catalog: ProductCatalog): Promise<Result<Partial<InteractiveContent>, DomainError>> {
  if (given.catalog_id === undefined) return fail(missing(`${action}['catalog_id']`));
  const sections = given.sections;
  if (sections === undefined) return fail(missing(`${action}['sections']`));
  const problem = firstProblem(
    () => (sections.length < 1 || sections.length > 10 ? invalid('Invalid sections count. Min allowed sections: 1, Max allowed sections: 10') : undefined),
    () => (sections.reduce((total, section) => total + (section.product_items?.length ?? 0), 0) > 30 ? invalid('Total product count exceed max allowed count: 30') : undefined),
    ...sections.flatMap((section, index) => [
      () => (sections.length > 1 && section.title === undefined ? missing(`${action}['sections'][${index}]['title']`) : undefined),
      () => (section.title === undefined ? undefined : lengthProblem('Section title', section.title, 24)),
      () => (section.product_items === undefined ? missing(`${action}['sections'][${index}]['product_items']`) : undefined),
      () => (section.product_items?.length === 0 ? invalid('Invalid products count. Min allowed products in a section: 1') : undefined),
    ]),
  );
  if (problem !== undefined) return fail(problem);
  const catalogId = await connectedCatalog(catalog, wabaId, given.catalog_id);
  if (!catalogId.ok) return catalogId;
  const retailerIds = sections.flatMap((section) => (section.product_items ?? []).map((item) => item.product_retailer_id));
  const found = await cards(catalog, catalogId.value, retailerIds);
  if (!found.ok) return found;
  let next = 0;
  const productSections = sections.map((section) => {
    const count = section.product_items?.length ?? 0;
    const products = found.value.slice(next, next + count);
    next += count;
    return { ...(section.title === undefined ? {} : { title: section.title }), products };
  });
  return ok({ catalog_id: catalogId.value, product_sections: productSections });
}

/** The whole catalog, shown with one product as its thumbnail (Meta refuses it without one). */
export async function catalogMessage(given: InteractiveAction, wabaId: string, catalog: ProductCatalog): Promise<Result<Partial<InteractiveContent>, DomainError>> {
  if (given.name === undefined) return fail(missing(`${action}['name']`));
  if (given.name !== 'catalog_message') return fail(invalid(`Param ${action}['name'] must be catalog_message.`));
  const thumbnail = given.parameters?.thumbnail_product_retailer_id;
  if (thumbnail === undefined) return fail(invalid(`Param ${action}['parameters']['thumbnail_product_retailer_id'] is required for a catalog message.`));
  const catalogId = await connectedCatalog(catalog, wabaId, undefined);
  if (!catalogId.ok) return catalogId;
  const found = await cards(catalog, catalogId.value, [thumbnail]);
  if (!found.ok) return found;
  return ok({ catalog_id: catalogId.value, ...(found.value[0] === undefined ? {} : { product: found.value[0] }) });
}
