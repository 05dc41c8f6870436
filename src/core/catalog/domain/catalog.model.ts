/** A WABA's product catalog and its products, as product messages and orders name them. */
export interface Catalog {
  /** The Graph id product messages carry as `catalog_id`. */
  readonly id: string;
  readonly businessId: string;
  readonly wabaId: string;
  readonly name: string;
  readonly createdAt: number;
}

export interface Product {
  readonly catalogId: string;
  /** The business's own id of the product (its SKU), `product_retailer_id` on the wire. */
  readonly retailerId: string;
  readonly name: string;
  readonly description: string | null;
  /** The price in thousandths of the currency's major unit, as Meta's `amount_1000`: exact for any currency. */
  readonly price1000: number;
  /** ISO 4217, e.g. IDR. */
  readonly currency: string;
  readonly imageUrl: string | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/**
 * A number's commerce settings (`/{phone-number-id}/whatsapp_commerce_settings`): whether customers
 * can put products in a cart and send it as an order, and whether the catalog shows in the chat and
 * the business profile. Both are on until the business turns them off.
 */
export interface CommerceSettings {
  readonly phoneNumberId: string;
  readonly isCartEnabled: boolean;
  readonly isCatalogVisible: boolean;
  readonly updatedAt: number | null;
}

export function defaultCommerceSettings(phoneNumberId: string): CommerceSettings {
  return { phoneNumberId, isCartEnabled: true, isCatalogVisible: true, updatedAt: null };
}

/** The price in major units (85000 for Rp 85.000, 7.99 for $7.99). */
export function priceOf(product: Pick<Product, 'price1000'>): number {
  return product.price1000 / 1000;
}
