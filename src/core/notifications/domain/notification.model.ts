import { recordKind } from '../../shared/index.js';

/** How loudly a notification speaks: information, something to act on soon, or now. */
export type NotificationSeverity = 'info' | 'warning' | 'critical';

/**
 * An entry of a business's notification feed: what happened to its account, numbers or templates,
 * in a sentence a person can act on, with the data behind it.
 */
export interface Notification {
  readonly key: string;
  readonly businessId: string;
  readonly wabaId: string | null;
  readonly phoneNumberId: string | null;
  /** Stable and dotted, e.g. `template.status`, `number.quality`, `business.verification`. */
  readonly kind: string;
  readonly severity: NotificationSeverity;
  readonly title: string;
  readonly body: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly createdAt: number;
  readonly readAt: number | null;
}

export const notificationRecorded = recordKind<Notification>('notifications.notification');
