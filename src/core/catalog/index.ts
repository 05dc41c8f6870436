/**
 * Catalog: the products each WABA shows in product, multi-product and catalog messages, and that
 * users order from. One catalog per WABA, connected when its first product is added.
 */
export * from './domain/catalog.model.js';
export * from './domain/product.policy.js';
export * from './ports.js';
export * from './application/save-product.js';
export * from './application/remove-product.js';
export * from './application/commerce-settings.js';
export * from './application/seed-demo-catalog.js';
