import type { PhoneNumber } from '../../accounts/index.js';
import type { MessageCategory, MessageRecord, StatusAddition, StatusContext } from '../../messaging/index.js';
import type { PricingProfile } from '../../policy/index.js';
import { hashSeed, record, whenKnown, type Awaitable, type UnitRecord } from '../../shared/index.js';
import type { Charge, Conversation, ConversationField, ConversationOrigin, EntryPoint, PricingField, PricingModel } from '../domain/billing.model.js';
import { entryPointPending, isOpen, resolveConversation, windowLength, type OpenWindow, type PairFacts } from '../domain/conversation.policy.js';
import { monthOf, serviceConversationBillable, serviceConversationPrice } from '../domain/free-tiers.policy.js';
import { marketOf } from '../domain/markets.js';
import { priceMessage, type MessagePrice } from '../domain/per-message.policy.js';
import { cardAt, rateMicros, type RateCardOverrides } from '../domain/rate-cards.js';
import { charged, conversationOpened, conversationsClosed, entryPointRecorded, type BillingSnapshot } from '../ports.js';

/**
 * What the book asks of the rest of Kabar, each cached by its owner (no round trip per status) and
 * answered at once while held, so that a status whose inputs are in memory is priced without a promise.
 */
export interface ConversationBookDeps {
  profileOf(businessId: string): Awaitable<PricingProfile>;
  rateCardsOf(businessId: string): Awaitable<RateCardOverrides | undefined>;
  /** When the user last wrote to the number (the customer-service window), or null. */
  lastInboundAt(phoneNumberId: string, waId: string): Awaitable<number | null>;
}

/** How a status's message is priced: its model and category, and the user's last message where utility pricing needs it. */
interface StatusPricing {
  readonly model: PricingModel;
  readonly category: MessageCategory;
  readonly lastInboundAt: number | null;
}

/** A conversation announced on a `sent` status before any of its messages was delivered. */
interface Reservation {
  readonly pair: PairState;
  readonly id: string;
  readonly origin: ConversationOrigin;
  readonly reservedAt: number;
  /** Messages whose `sent` named it and that were neither delivered nor failed yet. */
  holders: number;
}

interface PairState {
  conversations: Conversation[];
  readonly reservations: Map<ConversationOrigin, Reservation>;
  entryPointAt: number | null;
}

const none: StatusAddition = {};
/** Ended conversations are kept this long, so that a status stamped a little earlier still finds them. */
const keepEndedMs = 3_600_000;
const memoLimit = 50_000;

const modelOf = (profile: PricingProfile): PricingModel => (profile === '2025-07' ? 'PMP' : 'CBP');
const seconds = (at: number): string => String(Math.floor(at / 1000));
const endOf = (conversation: Conversation): number => conversation.closedAt ?? conversation.expiresAt;

/** Meta's conversation ids are 32 hex digits; Kabar's name the message whose delivery opened it. */
export function conversationIdFor(messageKey: string, origin: ConversationOrigin): string {
  return `${messageKey.toLowerCase()}${hashSeed(`${messageKey}|${origin}`).toString(16).padStart(8, '0')}0000`.slice(0, 32);
}

/** Whether a conversation of this origin, opened at `openedAt`, is billable as a status webhook says it. */
export function conversationBillable(origin: ConversationOrigin, openedAt: number): boolean {
  if (origin === 'referral_conversion') return false;
  return origin === 'service' ? serviceConversationBillable(openedAt) : true;
}

/**
 * The open conversations of every (business number, user) pair, in memory, and what each status
 * adds to its webhook and its unit of work. Statuses come one at a time in time order, so the state
 * a status sees includes every status before it in the same batch; the store holds every opening,
 * closing and charge, and `restore` rebuilds the book from it at start.
 *
 * A conversation opens when a message is delivered. The `sent` status comes first and already names
 * the conversation: when none is open, the book reserves one (its id, and an expiry counted from the
 * sent time), which the first delivered message of that origin then opens. A result is remembered
 * per message and status, so a status applied again after a failed commit adds the same records.
 */
export class ConversationBook {
  readonly #deps: ConversationBookDeps;
  readonly #pairs = new Map<string, PairState>();
  /** Messages whose `sent` named a reservation, by message key. */
  readonly #holders = new Map<string, Reservation>();
  readonly #serviceCounts = new Map<string, number>();
  readonly #memo = new Map<string, StatusAddition>();
  #operations = 0;

  constructor(deps: ConversationBookDeps) {
    this.#deps = deps;
  }

  restore(snapshot: BillingSnapshot): void {
    for (const conversation of snapshot.conversations) this.#pair(conversation.phoneNumberId, conversation.waId).conversations.push(conversation);
    for (const entry of snapshot.entryPoints) {
      const pair = this.#pair(entry.phoneNumberId, entry.waId);
      const consumed = pair.conversations.some((conversation) => conversation.origin === 'referral_conversion' && conversation.openedAt >= entry.at);
      if (!consumed && (pair.entryPointAt === null || entry.at > pair.entryPointAt)) pair.entryPointAt = entry.at;
    }
    for (const count of snapshot.serviceCounts) this.#serviceCounts.set(`${count.wabaId}|${count.month}`, count.count);
  }

  /** A user wrote through a click-to-WhatsApp ad (an inbound message carrying `referral`). */
  recordEntryPoint(number: PhoneNumber, message: MessageRecord, at: number): UnitRecord[] {
    this.#pair(number.id, message.waId).entryPointAt = at;
    const entry: EntryPoint = { messageKey: message.key, phoneNumberId: number.id, waId: message.waId, at };
    return [record(entryPointRecorded, { ...entry, businessId: number.businessId })];
  }

  /** What a status adds: at once when the business's profile (and, if needed, its card) is held, else a promise. */
  onStatus(context: StatusContext): Awaitable<StatusAddition> {
    const { message, event, at } = context;
    if (message.direction !== 'outbound') return none;
    const memoKey = `${message.key}|${event}`;
    const remembered = this.#memo.get(memoKey);
    if (remembered !== undefined) return remembered;
    if (event === 'failed') {
      this.#release(message.key);
      return this.#settle(memoKey, none, at);
    }
    // `read` without `delivered` before it is the delivery; a `read` after `delivered` carries nothing.
    if (event === 'read' && message.status === 'delivered') return this.#settle(memoKey, none, at);
    const priced = whenKnown(this.#deps.profileOf(message.businessId), (profile) => this.#pricingOf(modelOf(profile), message));
    const addition = whenKnown(priced, (pricing) => (event === 'sent' ? this.#onSent(context, pricing) : this.#onDelivered(context, pricing)));
    return whenKnown(addition, (result) => this.#settle(memoKey, result, at));
  }

  /** Conversations open at `at` for a pair, as the book holds them (for tests and the admin view). */
  openConversations(phoneNumberId: string, waId: string, at: number): Conversation[] {
    return (this.#pairs.get(`${phoneNumberId}|${waId}`)?.conversations ?? []).filter((conversation) => isOpen(this.#window(conversation), at));
  }

  /** The message's pricing model and category, and when the user last wrote where the price depends on it. */
  #pricingOf(model: PricingModel, message: MessageRecord): Awaitable<StatusPricing> {
    const category = message.category ?? 'service';
    if (model !== 'PMP' || category !== 'utility') return { model, category, lastInboundAt: null };
    return whenKnown(this.#deps.lastInboundAt(message.phoneNumberId, message.waId), (lastInboundAt) => ({ model, category, lastInboundAt }));
  }

  #settle(memoKey: string, addition: StatusAddition, at: number): StatusAddition {
    this.#remember(memoKey, addition);
    this.#sweep(at);
    return addition;
  }

  #onSent({ message, at }: StatusContext, { model, category, lastInboundAt }: StatusPricing): StatusAddition {
    const pair = this.#pair(message.phoneNumberId, message.waId);
    const reservations = [...pair.reservations.values()].map((reservation) => this.#reservationWindow(reservation));
    const facts: PairFacts = { conversations: [...this.#windows(pair), ...reservations], entryPointAt: pair.entryPointAt };
    if (model === 'PMP') {
      let entry = this.#entryWindow(facts, at);
      if (entry !== undefined) this.#holdExisting(pair, message, entry.id);
      else if (entryPointPending(pair.entryPointAt, at)) entry = this.#hold(pair, message, 'referral_conversion', at);
      const price = priceMessage({ category, inEntryPointWindow: entry !== undefined, lastInboundAt, at });
      return { payload: { ...(entry === undefined ? {} : { conversation: this.#field(entry, true) }), pricing: this.#perMessagePricing(price, category) } };
    }
    const resolution = resolveConversation(facts, category, at);
    let window: OpenWindow;
    if (resolution.kind === 'covered') {
      window = resolution.conversation;
      this.#holdExisting(pair, message, window.id);
    } else {
      window = this.#hold(pair, message, resolution.origin, at);
    }
    return { payload: { conversation: this.#field(window, true), pricing: this.#conversationPricing(window) } };
  }

  #onDelivered({ number, message, at }: StatusContext, { model, category, lastInboundAt }: StatusPricing): Awaitable<StatusAddition> {
    const deliver = (overrides: RateCardOverrides | undefined): StatusAddition => {
      const addition = model === 'PMP' ? this.#deliverPerMessage(number, message, category, lastInboundAt, overrides, at) : this.#deliverConversation(number, message, category, overrides, at);
      // The reservation the message held is released only after it had its chance to open it.
      this.#release(message.key);
      return addition;
    };
    const pair = this.#pair(message.phoneNumberId, message.waId);
    const facts: PairFacts = { conversations: this.#windows(pair), entryPointAt: pair.entryPointAt };
    const opens = model === 'PMP' ? this.#entryWindow(facts, at) === undefined && entryPointPending(pair.entryPointAt, at) : resolveConversation(facts, category, at).kind === 'opens';
    // The card is read only when something is charged or opened: never for a reply inside an open conversation.
    return opens || model === 'PMP' ? whenKnown(this.#deps.rateCardsOf(message.businessId), deliver) : deliver(undefined);
  }

  #deliverConversation(number: PhoneNumber, message: MessageRecord, category: MessageCategory, overrides: RateCardOverrides | undefined, at: number): StatusAddition {
    const pair = this.#pair(message.phoneNumberId, message.waId);
    const resolution = resolveConversation({ conversations: this.#windows(pair), entryPointAt: pair.entryPointAt }, category, at);
    if (resolution.kind === 'covered') {
      return { payload: { conversation: this.#field(resolution.conversation, false), pricing: this.#conversationPricing(resolution.conversation) } };
    }
    const records: UnitRecord[] = [];
    const conversation = this.#open(pair, number, message, 'CBP', resolution.origin, at, records);
    const market = marketOf(message.waId);
    const card = cardAt('CBP', at, overrides);
    const rate = resolution.origin === 'referral_conversion' ? 0 : rateMicros(card, market, resolution.origin);
    let reason: Charge['reason'] = resolution.origin === 'referral_conversion' ? 'free_entry_point' : null;
    if (resolution.origin === 'service') {
      const countKey = `${message.wabaId}|${monthOf(at)}`;
      const earlier = this.#serviceCounts.get(countKey) ?? 0;
      this.#serviceCounts.set(countKey, earlier + 1);
      const price = serviceConversationPrice(at, earlier);
      reason = price.free ? price.reason : null;
    }
    records.push(
      record(charged, {
        ...this.#chargeBase(message, market, card.currency, card.effective, rate, reason, at),
        key: conversation.id,
        unit: 'conversation',
        conversationId: conversation.id,
        pricingModel: 'CBP',
        category: resolution.origin,
        pricingType: null,
        startsAt: conversation.openedAt,
        endsAt: conversation.expiresAt,
      }),
    );
    const window = this.#window(conversation);
    return { payload: { conversation: this.#field(window, false), pricing: this.#conversationPricing(window) }, records };
  }

  #deliverPerMessage(
    number: PhoneNumber,
    message: MessageRecord,
    category: MessageCategory,
    lastInboundAt: number | null,
    overrides: RateCardOverrides | undefined,
    at: number,
  ): StatusAddition {
    const pair = this.#pair(message.phoneNumberId, message.waId);
    const records: UnitRecord[] = [];
    let entry = this.#entryWindow({ conversations: this.#windows(pair), entryPointAt: pair.entryPointAt }, at);
    if (entry === undefined && entryPointPending(pair.entryPointAt, at)) entry = this.#window(this.#open(pair, number, message, 'PMP', 'referral_conversion', at, records));
    const price = priceMessage({ category, inEntryPointWindow: entry !== undefined, lastInboundAt, at });
    const market = marketOf(message.waId);
    const card = cardAt('PMP', at, overrides);
    const rate = rateMicros(card, market, category);
    records.push(
      record(charged, {
        ...this.#chargeBase(message, market, card.currency, card.effective, rate, price.reason, at),
        key: message.key,
        unit: 'message',
        conversationId: entry?.id ?? null,
        pricingModel: 'PMP',
        category,
        pricingType: price.type,
        startsAt: entry?.openedAt ?? null,
        endsAt: entry?.endsAt ?? null,
      }),
    );
    return { payload: { ...(entry === undefined ? {} : { conversation: this.#field(entry, false) }), pricing: this.#perMessagePricing(price, category) }, records };
  }

  #chargeBase(message: MessageRecord, market: Charge['market'], currency: string, rateCard: string, rate: number, reason: Charge['reason'], at: number) {
    return {
      businessId: message.businessId,
      wabaId: message.wabaId,
      phoneNumberId: message.phoneNumberId,
      waId: message.waId,
      messageKey: message.key,
      market,
      currency,
      rateMicros: rate,
      amountMicros: reason === null ? rate : 0,
      billable: reason === null,
      reason,
      rateCard,
      at,
    };
  }

  /** Opens a conversation at a delivery: the reservation's id if one was announced; a free entry point closes the others. */
  #open(pair: PairState, number: PhoneNumber, message: MessageRecord, model: PricingModel, origin: ConversationOrigin, at: number, records: UnitRecord[]): Conversation {
    const reservation = pair.reservations.get(origin);
    pair.reservations.delete(origin);
    const conversation: Conversation = {
      id: reservation?.id ?? conversationIdFor(message.key, origin),
      businessId: number.businessId,
      wabaId: number.wabaId,
      phoneNumberId: number.id,
      waId: message.waId,
      pricingModel: model,
      origin,
      openedAt: at,
      expiresAt: at + windowLength(origin),
      closedAt: null,
      openedBy: message.key,
    };
    if (origin === 'referral_conversion') {
      pair.entryPointAt = null;
      const closing = pair.conversations.filter((open) => isOpen(this.#window(open), at));
      if (closing.length > 0) {
        const ids = new Set(closing.map((open) => open.id));
        pair.conversations = pair.conversations.map((open) => (ids.has(open.id) ? { ...open, closedAt: at } : open));
        records.push(record(conversationsClosed, { ids: [...ids], at }));
      }
    }
    pair.conversations.push(conversation);
    records.push(record(conversationOpened, conversation));
    return conversation;
  }

  #entryWindow(facts: PairFacts, at: number): OpenWindow | undefined {
    return facts.conversations.find((window) => window.origin === 'referral_conversion' && isOpen(window, at));
  }

  #hold(pair: PairState, message: MessageRecord, origin: ConversationOrigin, at: number): OpenWindow {
    let reservation = pair.reservations.get(origin);
    // A reservation whose window passed without a delivery is replaced (its holders still release it).
    if (reservation === undefined || !isOpen(this.#reservationWindow(reservation), at)) {
      reservation = { pair, id: conversationIdFor(message.key, origin), origin, reservedAt: at, holders: 0 };
      pair.reservations.set(origin, reservation);
    }
    reservation.holders += 1;
    this.#holders.set(message.key, reservation);
    return this.#reservationWindow(reservation);
  }

  /** A message named a window on `sent`: if it is a reservation, the message holds it until delivered or failed. */
  #holdExisting(pair: PairState, message: MessageRecord, id: string): void {
    const reservation = [...pair.reservations.values()].find((candidate) => candidate.id === id);
    if (reservation === undefined) return;
    reservation.holders += 1;
    this.#holders.set(message.key, reservation);
  }

  /** The message no longer holds its reservation; a reservation nobody holds is dropped. */
  #release(messageKey: string): void {
    const reservation = this.#holders.get(messageKey);
    if (reservation === undefined) return;
    this.#holders.delete(messageKey);
    reservation.holders -= 1;
    if (reservation.holders === 0 && reservation.pair.reservations.get(reservation.origin) === reservation) reservation.pair.reservations.delete(reservation.origin);
  }

  #reservationWindow(reservation: Reservation): OpenWindow {
    return { id: reservation.id, origin: reservation.origin, openedAt: reservation.reservedAt, endsAt: reservation.reservedAt + windowLength(reservation.origin) };
  }

  #window(conversation: Conversation): OpenWindow {
    return { id: conversation.id, origin: conversation.origin, openedAt: conversation.openedAt, endsAt: endOf(conversation) };
  }

  #windows(pair: PairState): OpenWindow[] {
    return pair.conversations.map((conversation) => this.#window(conversation));
  }

  #field(window: OpenWindow, withExpiry: boolean): ConversationField {
    return { id: window.id, ...(withExpiry ? { expiration_timestamp: seconds(window.endsAt) } : {}), origin: { type: window.origin } };
  }

  #conversationPricing(window: OpenWindow): PricingField {
    return { billable: conversationBillable(window.origin, window.openedAt), pricing_model: 'CBP', category: window.origin };
  }

  #perMessagePricing(price: MessagePrice, category: MessageCategory): PricingField {
    return { billable: price.billable, pricing_model: 'PMP', type: price.type, category };
  }

  #pair(phoneNumberId: string, waId: string): PairState {
    const key = `${phoneNumberId}|${waId}`;
    let pair = this.#pairs.get(key);
    if (pair === undefined) {
      pair = { conversations: [], reservations: new Map(), entryPointAt: null };
      this.#pairs.set(key, pair);
    }
    return pair;
  }

  #remember(memoKey: string, addition: StatusAddition): void {
    if (this.#memo.size >= memoLimit) {
      // Oldest first: a status is applied again only right after its batch failed.
      let drop = memoLimit / 5;
      for (const key of this.#memo.keys()) {
        this.#memo.delete(key);
        drop -= 1;
        if (drop === 0) break;
      }
    }
    this.#memo.set(memoKey, addition);
  }

  /** Now and then, forgets conversations long ended and pairs with nothing left. */
  #sweep(at: number): void {
    this.#operations += 1;
    if (this.#operations % 10_000 !== 0) return;
    for (const [key, pair] of this.#pairs) {
      pair.conversations = pair.conversations.filter((conversation) => endOf(conversation) + keepEndedMs > at);
      if (pair.conversations.length === 0 && pair.reservations.size === 0 && !entryPointPending(pair.entryPointAt, at)) this.#pairs.delete(key);
    }
  }
}
