import type { Kysely, Selectable } from 'kysely';
import {
  catalogCreated, commerceSettingsSaved, defaultCommerceSettings, priceOf, productRemoved, productSaved, type Catalog, type CatalogRepository, type CommerceSettings, type Product,
} from '../../core/catalog/index.js';
import type { ProductCard, ProductCatalog } from '../../core/messaging/index.js';
import type { CatalogProductsTable, Database } from '../schema.js';
import { chunks, unitWriter, type UnitWriter } from '../unit-writers.js';

function toProduct(row: Selectable<CatalogProductsTable>): Product {
  return {
    catalogId: row.catalog_id,
    retailerId: row.retailer_id,
    name: row.name,
    description: row.description,
    price1000: row.price_1000,
    currency: row.currency,
    imageUrl: row.image_url,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function productCard(product: Product): ProductCard {
  return { product_retailer_id: product.retailerId, name: product.name, price: priceOf(product), currency: product.currency, image_url: product.imageUrl };
}

const catalogsWriter = unitWriter(catalogCreated, async (trx, catalogs) => {
  await trx
    .insertInto('catalogs')
    .values(catalogs.map((catalog) => ({ id: catalog.id, business_id: catalog.businessId, waba_id: catalog.wabaId, name: catalog.name, created_at: catalog.createdAt })))
    .execute();
});

const productsSavedWriter = unitWriter(productSaved, async (trx, products) => {
  // The last save of a product in a batch wins.
  const latest = new Map(products.map((product) => [`${product.catalogId}|${product.retailerId}`, product]));
  for (const part of chunks([...latest.values()])) {
    await trx
      .insertInto('catalog_products')
      .values(
        part.map((product) => ({
          catalog_id: product.catalogId,
          retailer_id: product.retailerId,
          name: product.name,
          description: product.description,
          price_1000: product.price1000,
          currency: product.currency,
          image_url: product.imageUrl,
          created_at: product.createdAt,
          updated_at: product.updatedAt,
        })),
      )
      .onConflict((conflict) =>
        conflict.columns(['catalog_id', 'retailer_id']).doUpdateSet((update) => ({
          name: update.ref('excluded.name'),
          description: update.ref('excluded.description'),
          price_1000: update.ref('excluded.price_1000'),
          currency: update.ref('excluded.currency'),
          image_url: update.ref('excluded.image_url'),
          updated_at: update.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }
});

const productsRemovedWriter = unitWriter(productRemoved, async (trx, removals) => {
  for (const removal of removals) {
    await trx.deleteFrom('catalog_products').where('catalog_id', '=', removal.catalogId).where('retailer_id', '=', removal.retailerId).execute();
  }
});

const commerceSettingsWriter = unitWriter(commerceSettingsSaved, async (trx, saved) => {
  // The last change of a number's settings in a batch wins.
  const latest = new Map(saved.map((settings) => [settings.phoneNumberId, settings]));
  for (const settings of latest.values()) {
    const values = { is_cart_enabled: settings.isCartEnabled ? 1 : 0, is_catalog_visible: settings.isCatalogVisible ? 1 : 0, updated_at: settings.updatedAt ?? 0 };
    await trx
      .insertInto('commerce_settings')
      .values({ phone_number_id: settings.phoneNumberId, ...values })
      .onConflict((conflict) => conflict.column('phone_number_id').doUpdateSet(values))
      .execute();
  }
});

/** The writers of the catalog's record kinds, catalogs before the products they hold. */
export const catalogWriters: readonly UnitWriter[] = [catalogsWriter, productsSavedWriter, productsRemovedWriter, commerceSettingsWriter];

export class KyselyCatalogRepository implements CatalogRepository, ProductCatalog {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async findCatalogByWaba(wabaId: string): Promise<Catalog | undefined> {
    const row = await this.#db.selectFrom('catalogs').selectAll().where('waba_id', '=', wabaId).executeTakeFirst();
    return row === undefined ? undefined : { id: row.id, businessId: row.business_id, wabaId: row.waba_id, name: row.name, createdAt: row.created_at };
  }

  async listProducts(catalogId: string): Promise<Product[]> {
    const rows = await this.#db.selectFrom('catalog_products').selectAll().where('catalog_id', '=', catalogId).orderBy('retailer_id').execute();
    return rows.map(toProduct);
  }

  async findProduct(catalogId: string, retailerId: string): Promise<Product | undefined> {
    const row = await this.#db.selectFrom('catalog_products').selectAll().where('catalog_id', '=', catalogId).where('retailer_id', '=', retailerId).executeTakeFirst();
    return row === undefined ? undefined : toProduct(row);
  }

  async commerceSettings(phoneNumberId: string): Promise<CommerceSettings> {
    const row = await this.#db.selectFrom('commerce_settings').selectAll().where('phone_number_id', '=', phoneNumberId).executeTakeFirst();
    if (row === undefined) return defaultCommerceSettings(phoneNumberId);
    return { phoneNumberId, isCartEnabled: Number(row.is_cart_enabled) === 1, isCatalogVisible: Number(row.is_catalog_visible) === 1, updatedAt: Number(row.updated_at) };
  }

  async cartEnabled(phoneNumberId: string): Promise<boolean> {
    return (await this.commerceSettings(phoneNumberId)).isCartEnabled;
  }

  async catalogIdOf(wabaId: string): Promise<string | undefined> {
    return (await this.findCatalogByWaba(wabaId))?.id;
  }

  async productCards(catalogId: string, retailerIds: readonly string[]): Promise<ProductCard[]> {
    if (retailerIds.length === 0) return [];
    const rows = await this.#db.selectFrom('catalog_products').selectAll().where('catalog_id', '=', catalogId).where('retailer_id', 'in', [...new Set(retailerIds)]).execute();
    return rows.map((row) => productCard(toProduct(row)));
  }
}
