/**
 * Product catalogs: one per WABA, managed through `/admin/wabas/{id}/catalog` and `kabar catalog`,
 * listed to the business at `GET /{waba-id}/product_catalogs`, seeded with a small shop in the demo;
 * each number's commerce settings (cart, catalog visibility) at `/{phone-number-id}/whatsapp_commerce_settings`.
 */
import { Type } from 'typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { resolvePhoneNumber, resolveWaba } from '../../core/accounts/index.js';
import { priceOf, removeProduct, saveProduct, seedDemoCatalog, updateCommerceSettings, type CatalogDeps, type CommerceSettings, type Product } from '../../core/catalog/index.js';
import { domainError, type DomainError, type Result } from '../../core/shared/index.js';
import { KyselyCatalogRepository, catalogWriters } from '../../store/index.js';
import { nodeInScope } from '../access/scope.js';
import { sendDomainError } from '../errors.js';
import { principalOf } from '../graph/graph.routes.js';
import type { KabarFeature, KabarServices } from '../services.js';

const wabaParams = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,32}$' }) });
const iso = (epochMilliseconds: number): string => new Date(epochMilliseconds).toISOString();

export function productView(product: Product): Record<string, unknown> {
  return {
    retailer_id: product.retailerId,
    name: product.name,
    description: product.description,
    price: priceOf(product),
    currency: product.currency,
    image_url: product.imageUrl,
    catalog_id: product.catalogId,
    updated_at: iso(product.updatedAt),
  };
}

function adminRoutes(services: KabarServices, deps: CatalogDeps) {
  return (instance: FastifyInstance): void => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    /** The WABA named in the path, when the caller may act on its business (another's answers like a missing one). */
    const wabaInScope = async (request: FastifyRequest, wabaId: string): Promise<Result<string, DomainError>> =>
      nodeInScope(request, await services.accounts.findWaba(wabaId), 'WhatsApp Business Account', wabaId);

    app.get('/admin/wabas/:id/catalog', { config: { access: 'agent' }, schema: { params: wabaParams } }, async (request, reply) => {
      const waba = await wabaInScope(request, request.params.id);
      if (!waba.ok) return sendDomainError(reply, waba.error);
      const catalog = await deps.catalogs.findCatalogByWaba(request.params.id);
      const products = catalog === undefined ? [] : await deps.catalogs.listProducts(catalog.id);
      return reply.send({ waba_id: request.params.id, catalog: catalog === undefined ? null : { id: catalog.id, name: catalog.name }, products: products.map(productView) });
    });

    app.post(
      '/admin/wabas/:id/catalog/products',
      {
        config: { access: 'admin', audit: 'catalog.product-save' },
        schema: {
          params: wabaParams,
          body: Type.Object(
            {
              retailer_id: Type.String({ minLength: 1, maxLength: 100 }),
              name: Type.String({ minLength: 1, maxLength: 150 }),
              price: Type.Number({ minimum: 0 }),
              currency: Type.String({ minLength: 3, maxLength: 3 }),
              image_url: Type.Optional(Type.String({ maxLength: 2000 })),
              description: Type.Optional(Type.String({ maxLength: 5000 })),
            },
            { additionalProperties: false },
          ),
        },
      },
      async (request, reply) => {
        const { body } = request;
        const waba = await wabaInScope(request, request.params.id);
        if (!waba.ok) return sendDomainError(reply, waba.error);
        request.auditDetails = { retailer_id: body.retailer_id };
        const saved = await saveProduct(deps, request.params.id, {
          retailerId: body.retailer_id,
          name: body.name,
          price: body.price,
          currency: body.currency.toUpperCase(),
          ...(body.image_url === undefined ? {} : { imageUrl: body.image_url }),
          ...(body.description === undefined ? {} : { description: body.description }),
        });
        return saved.ok ? reply.code(201).send(productView(saved.value)) : sendDomainError(reply, saved.error);
      },
    );

    app.delete(
      '/admin/wabas/:id/catalog/products/:retailerId',
      { config: { access: 'admin', audit: 'catalog.product-remove' }, schema: { params: Type.Object({ id: wabaParams.properties.id, retailerId: Type.String({ minLength: 1, maxLength: 100 }) }) } },
      async (request, reply) => {
        const waba = await wabaInScope(request, request.params.id);
        if (!waba.ok) return sendDomainError(reply, waba.error);
        const removed = await removeProduct(deps, request.params.id, request.params.retailerId);
        return removed.ok ? reply.send({ success: true }) : sendDomainError(reply, removed.error);
      },
    );
  };
}

/** The Graph id of a number's commerce settings: derived from the number's, so it stays the same without being stored. */
function commerceSettingsId(phoneNumberId: string): string {
  return String((BigInt(phoneNumberId) * 1_000_003n) % 900_000_000_000_000n + 100_000_000_000_000n);
}

const commerceFields = ['is_cart_enabled', 'is_catalog_visible', 'id'] as const;

function commerceSettingsView(settings: CommerceSettings, fields: string | undefined): Result<Record<string, unknown>, DomainError> {
  const all: Record<(typeof commerceFields)[number], unknown> = { is_cart_enabled: settings.isCartEnabled, is_catalog_visible: settings.isCatalogVisible, id: commerceSettingsId(settings.phoneNumberId) };
  const wanted = fields === undefined || fields.trim() === '' ? [...commerceFields] : fields.split(',').map((field) => field.trim());
  const view: Record<string, unknown> = {};
  for (const field of wanted) {
    const known = commerceFields.find((name) => name === field);
    if (known === undefined) return { ok: false, error: domainError('FIELD_UNKNOWN', `(#100) Tried accessing nonexisting field (${field}) on node type (WhatsAppCommerceSettings)`) };
    view[known] = all[known];
  }
  if (!('id' in view)) view['id'] = all.id;
  return { ok: true, value: view };
}

const commerceParameters = Type.Object(
  { is_cart_enabled: Type.Optional(Type.Unknown()), is_catalog_visible: Type.Optional(Type.Unknown()), fields: Type.Optional(Type.String({ maxLength: 500 })) },
  { additionalProperties: true },
);

/** `GET /{waba-id}/product_catalogs`: the catalog connected to the WABA, as Graph lists it; a number's commerce settings. */
function graphRoutes(services: KabarServices, deps: CatalogDeps) {
  return (instance: FastifyInstance): void => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    const numberParams = Type.Object({ phoneNumberId: Type.String({ pattern: '^[0-9]{1,32}$' }) });

    app.get('/:phoneNumberId/whatsapp_commerce_settings', { schema: { params: numberParams, querystring: commerceParameters } }, async (request, reply) => {
      const number = await resolvePhoneNumber(services.accounts, { principal: principalOf(request), id: request.params.phoneNumberId, method: 'get', permission: 'whatsapp_business_management' });
      if (!number.ok) return sendDomainError(reply, number.error);
      const view = commerceSettingsView(await deps.catalogs.commerceSettings(number.value.id), request.query.fields);
      return view.ok ? reply.send({ data: [view.value] }) : sendDomainError(reply, view.error);
    });

    app.post('/:phoneNumberId/whatsapp_commerce_settings', { schema: { params: numberParams, querystring: commerceParameters } }, async (request, reply) => {
      const number = await resolvePhoneNumber(services.accounts, { principal: principalOf(request), id: request.params.phoneNumberId, method: 'post', permission: 'whatsapp_business_management' });
      if (!number.ok) return sendDomainError(reply, number.error);
      // Meta documents the settings as query parameters; a JSON or form body carries them as well.
      const body = request.body !== null && typeof request.body === 'object' ? (request.body as Record<string, unknown>) : {};
      const given = { ...(request.query as Record<string, unknown>), ...body };
      const updated = await updateCommerceSettings(deps, number.value.id, { isCartEnabled: given['is_cart_enabled'], isCatalogVisible: given['is_catalog_visible'] });
      return updated.ok ? reply.send({ success: true }) : sendDomainError(reply, updated.error);
    });

    app.get('/:nodeId/product_catalogs', { schema: { params: Type.Object({ nodeId: Type.String({ pattern: '^[0-9]{1,32}$' }) }) } }, async (request, reply) => {
      const waba = await resolveWaba(services.accounts, { principal: principalOf(request), id: request.params.nodeId, method: 'get', permission: 'whatsapp_business_management' });
      if (!waba.ok) return sendDomainError(reply, waba.error);
      const catalog = await deps.catalogs.findCatalogByWaba(waba.value.id);
      return reply.send({ data: catalog === undefined ? [] : [{ id: catalog.id, name: catalog.name }] });
    });
  };
}

export const catalogFeature: KabarFeature = {
  name: 'catalog',
  writers: catalogWriters,
  setup(services) {
    const deps: CatalogDeps = { catalogs: new KyselyCatalogRepository(services.database.db), accounts: services.accounts, writer: services.committer, clock: services.clock, ids: services.ids };
    return {
      admin: adminRoutes(services, deps),
      graph: graphRoutes(services, deps),
      async demoReady(demo) {
        const seeded = await seedDemoCatalog(deps, demo.wabaId);
        if (!seeded.ok) throw new Error(`the demo catalog could not be seeded: ${seeded.error.details}`);
      },
    };
  },
};
