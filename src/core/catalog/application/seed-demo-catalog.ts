import { ok, record, unitOf, type DomainError, type Result } from '../../shared/index.js';
import type { ProductInput } from '../domain/product.policy.js';
import { validProduct } from '../domain/product.policy.js';
import { productSaved } from '../ports.js';
import { catalogFor, type CatalogDeps } from './save-product.js';

/** A small Indonesian shop, so that product messages and orders work on a fresh demo. */
export const demoProducts: readonly ProductInput[] = [
  { retailerId: 'kopi-gayo-250', name: 'Kopi Arabika Gayo 250 g', price: 85_000, currency: 'IDR', imageUrl: 'https://example.com/kabar-demo/kopi-gayo.jpg', description: 'Biji kopi sangrai medium dari dataran tinggi Gayo, Aceh.' },
  { retailerId: 'batik-pekalongan', name: 'Kemeja Batik Pekalongan', price: 275_000, currency: 'IDR', imageUrl: 'https://example.com/kabar-demo/batik.jpg', description: 'Batik cap katun, lengan pendek, ukuran M–XL.' },
  { retailerId: 'sambal-roa-200', name: 'Sambal Roa 200 g', price: 45_000, currency: 'IDR', imageUrl: 'https://example.com/kabar-demo/sambal-roa.jpg', description: 'Sambal ikan roa khas Manado.' },
  { retailerId: 'keripik-tempe', name: 'Keripik Tempe Malang', price: 18_000, currency: 'IDR', imageUrl: 'https://example.com/kabar-demo/keripik-tempe.jpg', description: 'Renyah, 150 g.' },
  { retailerId: 'teh-tubruk-100', name: 'Teh Tubruk Melati 100 g', price: 22_500, currency: 'IDR', imageUrl: 'https://example.com/kabar-demo/teh-melati.jpg', description: 'Teh hitam dengan melati dari Tegal.' },
];

/** Connects a catalog holding the demo products to the demo WABA, unless the WABA has a catalog already. */
export async function seedDemoCatalog(deps: CatalogDeps, wabaId: string): Promise<Result<void, DomainError>> {
  const found = await catalogFor(deps, wabaId);
  if (!found.ok) return found;
  if (found.value.records.length === 0) return ok(undefined);
  const { catalog } = found.value;
  const now = deps.clock.now();
  const products = demoProducts.map((input) => {
    const valid = validProduct(input);
    if (!valid.ok) throw new Error(`demo product ${input.retailerId} is invalid: ${valid.error.details}`);
    return record(productSaved, { catalogId: catalog.id, ...valid.value, createdAt: now, updatedAt: now });
  });
  await deps.writer.commit(unitOf(found.value.records, products));
  return ok(undefined);
}
