import { domainError, fail, type DomainError, type Result } from '../../shared/index.js';
import type { InteractiveContent, OrderItem, ProductCard } from '../domain/content.model.js';
import type { MessageRecord } from '../domain/message.model.js';
import type { ProductCatalog } from '../ports.js';
import { messageOnThePhone, type PhoneActor } from './on-the-phone.js';
import { receiveMessage, type ReceiveMessageDeps } from './receive-message.js';

export interface OrderRequest extends PhoneActor {
  /** The product, multi-product or catalog message the user orders from. */
  readonly messageId: string;
  readonly items: readonly { readonly productRetailerId: string; readonly quantity: number }[];
  readonly text?: string;
}

/** The products the message lets the user put in the cart: what it showed, or the whole catalog. */
async function orderable(content: Partial<InteractiveContent>, catalog: ProductCatalog, retailerIds: readonly string[]): Promise<readonly ProductCard[]> {
  if (content.type === 'product') return content.product === undefined ? [] : [content.product];
  if (content.type === 'product_list') return (content.product_sections ?? []).flatMap((section) => section.products);
  if (content.type === 'catalog_message' && content.catalog_id !== undefined) return catalog.productCards(content.catalog_id, retailerIds);
  return [];
}

/**
 * The simulated user sends a cart from a product message they received: the business gets an
 * `order` naming each product with its quantity and the price the message showed.
 */
export async function orderFromMessage(deps: ReceiveMessageDeps & { readonly catalog: ProductCatalog }, request: OrderRequest): Promise<Result<{ wamid: string; message: MessageRecord }, DomainError>> {
  const found = await messageOnThePhone(deps.messages, request, request.messageId);
  if (!found.ok) return found;
  const content = found.value.content as Partial<InteractiveContent>;
  if (found.value.type !== 'interactive' || content.catalog_id === undefined) {
    return fail(domainError('PARAMETER_INVALID', `'${request.messageId}' is not a product, multi-product or catalog message: there is nothing to order from it.`));
  }
  if (!(await deps.catalog.cartEnabled(found.value.phoneNumberId))) {
    return fail(domainError('PARAMETER_INVALID', 'The business turned its cart off (is_cart_enabled is false in its commerce settings): the customer cannot add products to a cart or send an order.'));
  }
  if (request.items.length === 0) return fail(domainError('PARAMETER_MISSING', 'An order needs at least one product.'));
  const retailerIds = request.items.map((item) => item.productRetailerId);
  if (new Set(retailerIds).size !== retailerIds.length) return fail(domainError('PARAMETER_INVALID', 'Each product may appear once in the cart; give its total quantity.'));
  const cards = new Map((await orderable(content, deps.catalog, retailerIds)).map((card) => [card.product_retailer_id, card]));
  const lines: OrderItem[] = [];
  for (const item of request.items) {
    const card = cards.get(item.productRetailerId);
    if (card === undefined) {
      return fail(domainError('PARAMETER_INVALID', `'${item.productRetailerId}' is not offered by '${request.messageId}'; it offers ${[...cards.keys()].map((id) => `'${id}'`).join(', ') || 'nothing'}.`));
    }
    if (!Number.isInteger(item.quantity) || item.quantity < 1) return fail(domainError('PARAMETER_INVALID', `The quantity of '${item.productRetailerId}' must be a whole number of at least 1.`));
    lines.push({ product_retailer_id: card.product_retailer_id, quantity: item.quantity, item_price: card.price, currency: card.currency });
  }
  return receiveMessage(deps, {
    phoneNumberId: found.value.phoneNumberId,
    from: request.waId,
    profileName: request.profileName,
    payload: { type: 'order', content: { catalog_id: content.catalog_id, ...(request.text === undefined ? {} : { text: request.text }), product_items: lines } },
  });
}
