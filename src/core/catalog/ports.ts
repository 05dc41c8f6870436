import { recordKind } from '../shared/index.js';
import type { Catalog, CommerceSettings, Product } from './domain/catalog.model.js';

/** What a unit of work holds for catalogs: a catalog connected to a WABA, products saved and removed. */
export const catalogCreated = recordKind<Catalog>('catalog.created');
export const productSaved = recordKind<Product>('catalog.product-saved');
export const commerceSettingsSaved = recordKind<CommerceSettings>('catalog.commerce-settings-saved');
export const productRemoved = recordKind<{ readonly catalogId: string; readonly retailerId: string }>('catalog.product-removed');

export interface CatalogRepository {
  findCatalogByWaba(wabaId: string): Promise<Catalog | undefined>;
  listProducts(catalogId: string): Promise<Product[]>;
  findProduct(catalogId: string, retailerId: string): Promise<Product | undefined>;
  /** The number's commerce settings: the stored ones, or the defaults. */
  commerceSettings(phoneNumberId: string): Promise<CommerceSettings>;
}
