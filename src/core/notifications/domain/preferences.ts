import { recordKind } from '../../shared/index.js';
import type { Notification } from './notification.model.js';

/** Where a notification is told: the management webhook, the business's feed, an e-mail to its registered address. */
export type NotificationChannel = 'webhook' | 'feed' | 'email';
export const notificationChannels: readonly NotificationChannel[] = ['webhook', 'feed', 'email'];

export type ChannelSwitches = Readonly<Record<NotificationChannel, boolean>>;

/**
 * A business's choice of which notifications it receives, per notification kind and channel.
 * A kind it never mentioned goes everywhere (e-mail only when Kabar has an SMTP server).
 */
export interface NotificationPreferences {
  readonly kinds: Readonly<Record<string, Partial<ChannelSwitches>>>;
}

export const noPreferences: NotificationPreferences = { kinds: {} };
export const everyChannel: ChannelSwitches = { webhook: true, feed: true, email: true };
/** The business setting (`business_settings`) the preferences are kept under. */
export const preferencesSetting = 'notification_preferences';

export function channelsFor(preferences: NotificationPreferences | undefined, kind: string): ChannelSwitches {
  return { ...everyChannel, ...(preferences?.kinds[kind] ?? {}) };
}

/** The preferences after a change of some channels of one kind. */
export function withChannels(preferences: NotificationPreferences | undefined, kind: string, change: Partial<ChannelSwitches>): NotificationPreferences {
  const kinds = { ...(preferences?.kinds ?? {}) };
  kinds[kind] = { ...channelsFor(preferences, kind), ...change };
  return { kinds };
}

/**
 * Told with every notification, in the same unit of work: which outbox rows carry its management
 * webhook, so that the business's preferences can keep the feed entry, the webhook or an e-mail
 * of it, in the transaction that stores the notification.
 */
export interface NotificationRouted {
  readonly notification: Notification;
  readonly outboxKeys: readonly string[];
}

export const notificationRouted = recordKind<NotificationRouted>('notifications.routed');

export interface NotificationEmail {
  readonly subject: string;
  readonly text: string;
}

const label = (name: string): string => name.replace(/_/g, ' ');

/** The e-mail of a notification: its title as the subject; its sentence, its data and where it happened as the text. */
export function notificationEmail(notification: Notification, businessName: string): NotificationEmail {
  const facts = Object.entries(notification.data).map(([name, value]) => `  ${label(name)}: ${typeof value === 'string' ? value : JSON.stringify(value)}`);
  const where = [
    `Business: ${businessName} (${notification.businessId})`,
    ...(notification.wabaId === null ? [] : [`WhatsApp Business Account: ${notification.wabaId}`]),
    ...(notification.phoneNumberId === null ? [] : [`Phone number id: ${notification.phoneNumberId}`]),
  ];
  return {
    subject: `[Kabar] ${notification.title}`,
    text: [notification.body, ...(facts.length === 0 ? [] : ['', 'Details:', ...facts]), '', ...where, `Notification: ${notification.kind} (${notification.severity})`, ''].join('\n'),
  };
}
