import type { GraphErrorCode } from '../../wire/index.js';
import { recordKind, type Awaitable } from '../shared/index.js';
import type { MessageRecord, StatusChange } from './domain/message.model.js';
import type { ProductCard } from './domain/content.model.js';
import type { StatusEvent } from './domain/status.machine.js';

export interface WindowTouch {
  readonly phoneNumberId: string;
  readonly waId: string;
  readonly lastInboundAt: number;
}

/** The business read a user's message: it and every earlier message of theirs to that number count as read. */
export interface InboundRead {
  readonly phoneNumberId: string;
  readonly waId: string;
  /** The message the receipt named; earlier ones (smaller keys) are read too. */
  readonly throughKey: string;
  readonly at: number;
}

/** What a committed unit of work holds for messaging: messages, status changes, reopened windows, read receipts. */
export const messageStored = recordKind<MessageRecord>('messaging.message');
export const statusChanged = recordKind<StatusChange>('messaging.status');
export const windowTouched = recordKind<WindowTouch>('messaging.window');
export const inboundRead = recordKind<InboundRead>('messaging.inbound-read');

export interface MessagingRepository {
  lastInboundAt(phoneNumberId: string, waId: string): Awaitable<number | null>;
  findMessage(key: string): Promise<MessageRecord | undefined>;
  findMessages(keys: readonly string[]): Promise<MessageRecord[]>;
  findByIdempotencyKey(phoneNumberId: string, idempotencyKey: string): Promise<MessageRecord | undefined>;
  /** Outbound messages from `sinceKey` on that have not reached a final status. */
  listInFlight(sinceKey: string): Promise<MessageRecord[]>;
  /**
   * A user's latest messages, newest first; `outboundStatuses` keeps only outbound messages in those
   * statuses, and `reactionStatuses`, when given, does so for outbound reactions instead.
   */
  listByUser(
    waId: string,
    filter: {
      readonly businessId?: string;
      readonly direction?: MessageRecord['direction'];
      readonly outboundStatuses?: readonly MessageRecord['status'][];
      readonly reactionStatuses?: readonly MessageRecord['status'][];
      readonly limit: number;
    },
  ): Promise<MessageRecord[]>;
}

/** One step of what the network will do with an accepted message, relative to its acceptance. */
export interface DeliveryStep {
  readonly afterMs: number;
  readonly event: StatusEvent;
  readonly errorCode?: GraphErrorCode;
  readonly details?: string;
}

/** What stands behind the platform: the simulator, or Meta's Cloud API in proxy mode. */
export interface Transport {
  /** What the network will do with the message, decided before it is committed: at once when it needs to ask nothing. */
  plan(message: MessageRecord): Awaitable<DeliveryStep[]>;
  /** Hands over a committed message with its plan. */
  dispatch(message: MessageRecord, steps: readonly DeliveryStep[]): void;
}

/** The products a business can show in product messages: the catalog connected to each WABA. */
export interface ProductCatalog {
  /** The id of the catalog connected to the WABA, if it has one. */
  catalogIdOf(wabaId: string): Promise<string | undefined>;
  /** The products of the catalog among `retailerIds`; ids the catalog lacks are left out. */
  productCards(catalogId: string, retailerIds: readonly string[]): Promise<ProductCard[]>;
  /** Whether customers of the number can put products in a cart and order (`is_cart_enabled`). */
  cartEnabled(phoneNumberId: string): Promise<boolean>;
}
