import { managementWebhook, type ManagementField } from '../../../wire/index.js';
import { record, records, type IdSource, type UnitRecord } from '../../shared/index.js';
import { outboxQueued, outboxRecords, type WebhookTargets } from '../../webhooks/index.js';
import type { NotificationKind } from '../domain/kinds.js';
import { notificationRecorded, type Notification, type NotificationSeverity } from '../domain/notification.model.js';
import { notificationRouted } from '../domain/preferences.js';

export interface NotifyDeps {
  readonly ids: IdSource;
  readonly targets: WebhookTargets;
}

export interface NotifyInput {
  readonly businessId: string;
  readonly wabaId: string | null;
  readonly phoneNumberId?: string | null;
  readonly kind: NotificationKind;
  readonly severity: NotificationSeverity;
  readonly title: string;
  readonly body: string;
  readonly data?: Readonly<Record<string, unknown>>;
  /** The management webhook Meta would send for the same event, to every app subscribed to the WABA. */
  readonly webhook?: { readonly field: ManagementField; readonly value: Readonly<Record<string, unknown>> };
}

/**
 * One event told up to three times: as an entry of the business's notification feed, where Meta has
 * one as a management webhook, and as an e-mail to the business's registered address. All are
 * records of the unit of work that holds the change itself; the business's preferences decide, in
 * that unit's transaction, which of them stay (`notificationRouted`).
 */
export async function notify(deps: NotifyDeps, input: NotifyInput, now: number): Promise<UnitRecord[]> {
  const notification: Notification = {
    key: deps.ids.key(),
    businessId: input.businessId,
    wabaId: input.wabaId,
    phoneNumberId: input.phoneNumberId ?? null,
    kind: input.kind,
    severity: input.severity,
    title: input.title,
    body: input.body,
    data: input.data ?? {},
    createdAt: now,
    readAt: null,
  };
  const result: UnitRecord[] = [record(notificationRecorded, notification)];
  const outboxKeys: string[] = [];
  if (input.webhook !== undefined && input.wabaId !== null) {
    const envelope = managementWebhook(input.wabaId, input.webhook.field, input.webhook.value, now);
    const targets = await deps.targets.forWaba(input.wabaId);
    const rows = outboxRecords(deps.ids, { businessId: input.businessId, targets, envelope, now });
    outboxKeys.push(...rows.map((row) => row.key));
    result.push(...records(outboxQueued, rows));
  }
  result.push(record(notificationRouted, { notification, outboxKeys }));
  return result;
}
