import type { ManagementField } from '../../../wire/index.js';

/** One kind of notification Kabar tells: what tells it, and the management webhook field that carries it, if any. */
export interface NotificationKindInfo {
  /** What happened, in a few words. */
  readonly about: string;
  /** The management webhook field Meta sends for the same event; null: feed and e-mail only. */
  readonly webhook: ManagementField | null;
}

/**
 * Every kind of notification Kabar emits, the list a business's preferences are checked against
 * (`POST /admin/businesses/{id}/notification-preferences`); docs/notifications.md gives the same
 * list in prose. `notify` takes only these kinds, so a new kind is added here first.
 */
export const notificationKinds = {
  'business.signup': { about: 'a business signed up (express or classic)', webhook: null },
  'business.verification': { about: 'business verification requested, approved or rejected', webhook: 'account_review_update' },
  'business.capability': { about: 'verification raised how many phone numbers the portfolio may hold', webhook: 'business_capability_update' },
  'number.added': { about: 'a phone number was added to a WABA', webhook: null },
  'number.review': { about: "a number's commerce review passed or failed", webhook: 'account_review_update' },
  'number.display_name': { about: 'a display name was approved or rejected', webhook: 'phone_number_name_update' },
  'number.official_business_account': { about: 'the green tick (Official Business Account) was granted or refused', webhook: 'account_alerts' },
  'number.security': { about: "the number's two-step verification PIN changed", webhook: 'security' },
  'number.throughput': { about: "the number's throughput level changed", webhook: 'phone_number_quality_update' },
  'number.throughput_upgrade': { about: "Meta's automatic upgrade to 1,000 messages a second began (maintenance mode for a minute)", webhook: null },
  'limits.quality': { about: "the number's quality rating changed (score and why)", webhook: null },
  'limits.flagged': { about: 'the number was flagged: its quality is Low', webhook: 'phone_number_quality_update' },
  'limits.unflagged': { about: 'the number is Connected again after a flag', webhook: 'phone_number_quality_update' },
  'limits.upgrade': { about: 'the messaging limit was raised', webhook: 'phone_number_quality_update' },
  'limits.downgrade': { about: 'the messaging limit was lowered', webhook: 'phone_number_quality_update' },
  'limits.restricted': { about: 'the number used up its limit at Low quality and is Restricted', webhook: 'account_update' },
  'limits.human_escalation_path_missing': { about: 'the number offers no human escalation path, or has declared one since', webhook: 'account_alerts' },
  'limits.increased_capabilities_eligibility_deferred': { about: 'an upgrade of the messaging limit was held back', webhook: 'account_alerts' },
  'template.status': { about: "a template's review status changed", webhook: 'message_template_status_update' },
  'template.quality': { about: "a template's quality rating changed", webhook: 'message_template_quality_update' },
  'template.category': { about: "a template's category changed", webhook: 'template_category_update' },
  'flow.status': { about: "a Flow's status changed", webhook: 'flows' },
  'contacts.verification_blocked': { about: 'number checks were blocked for checking too many numbers never messaged', webhook: null },
  'contacts.verification_unblocked': { about: 'the block on number checks lifted', webhook: null },
} as const satisfies Readonly<Record<string, NotificationKindInfo>>;

export type NotificationKind = keyof typeof notificationKinds;

export const notificationKindNames: readonly NotificationKind[] = Object.keys(notificationKinds) as NotificationKind[];

export function isNotificationKind(kind: string): kind is NotificationKind {
  return Object.hasOwn(notificationKinds, kind);
}
