import type { Notification } from './domain/notification.model.js';

export interface NotificationFilter {
  readonly businessId?: string;
  readonly kind?: string;
  readonly unreadOnly?: boolean;
  /** Keys below this one: the next page of a newest-first listing. */
  readonly before?: string;
  readonly limit: number;
}

export interface NotificationsRepository {
  /** Newest first. */
  list(filter: NotificationFilter): Promise<Notification[]>;
  markRead(key: string, businessId: string | undefined, at: number): Promise<boolean>;
}
