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

/** One e-mail as Kabar sends it. */
export interface OutgoingEmail {
  readonly from: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

/** Sends e-mail (SMTP behind it); throws when the server refuses or cannot be reached. */
export interface EmailTransport {
  send(email: OutgoingEmail): Promise<void>;
  close(): void;
}

/** An e-mail waiting to be sent, or sent, or given up. */
export interface QueuedEmail {
  readonly key: string;
  readonly businessId: string;
  readonly notificationKey: string;
  readonly kind: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly status: 'pending' | 'sent' | 'dead';
  readonly attempts: number;
  readonly nextAttemptAt: number;
  readonly lastError: string | null;
  readonly createdAt: number;
  readonly sentAt: number | null;
}
