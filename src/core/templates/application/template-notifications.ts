/**
 * How template changes are told: an entry of the business's feed and the management webhook Meta
 * sends (`message_template_status_update`, `message_template_quality_update`, `template_category_update`).
 */
import { notify, type NotificationSeverity } from '../../notifications/index.js';
import type { UnitRecord } from '../../shared/index.js';
import type { MessageTemplate, QualityScore, TemplateCategory } from '../domain/template.model.js';
import type { TemplatesDeps } from './templates.deps.js';

export type StatusEvent = 'APPROVED' | 'REJECTED' | 'FLAGGED' | 'PAUSED' | 'DISABLED' | 'DELETED' | 'PENDING';

export interface StatusNotice {
  readonly event: StatusEvent;
  readonly reason?: string;
  readonly otherInfo?: { readonly title: string; readonly description: string };
  readonly rejectionInfo?: { readonly reason: string; readonly recommendation: string };
  /** A sentence for the feed: why it happened and what to do. */
  readonly explanation: string;
}

const severities: Readonly<Record<StatusEvent, NotificationSeverity>> = {
  APPROVED: 'info', PENDING: 'info', DELETED: 'info', REJECTED: 'warning', FLAGGED: 'warning', PAUSED: 'warning', DISABLED: 'critical',
};

function identity(template: MessageTemplate): Record<string, unknown> {
  // Meta sends the template id as a number in management webhooks.
  return { message_template_id: Number(template.id), message_template_name: template.name, message_template_language: template.language };
}

export function statusNotice(deps: Pick<TemplatesDeps, 'ids' | 'targets'>, template: MessageTemplate, notice: StatusNotice, at: number): Promise<UnitRecord[]> {
  return notify(
    deps,
    {
      businessId: template.businessId,
      wabaId: template.wabaId,
      kind: 'template.status',
      severity: severities[notice.event],
      title: `Template ${template.name} (${template.language}) is ${notice.event}`,
      body: notice.explanation,
      data: { template_id: template.id, name: template.name, language: template.language, event: notice.event, reason: notice.reason ?? 'NONE' },
      webhook: {
        field: 'message_template_status_update',
        value: {
          event: notice.event,
          ...identity(template),
          reason: notice.reason ?? 'NONE',
          message_template_category: template.category,
          ...(notice.otherInfo === undefined ? {} : { other_info: notice.otherInfo }),
          ...(notice.rejectionInfo === undefined ? {} : { rejection_info: notice.rejectionInfo }),
          ...(notice.event === 'DISABLED' ? { disable_info: { disable_date: Math.floor(at / 1000) } } : {}),
        },
      },
    },
    at,
  );
}

export function qualityNotice(deps: Pick<TemplatesDeps, 'ids' | 'targets'>, template: MessageTemplate, previous: QualityScore, next: QualityScore, explanation: string, at: number): Promise<UnitRecord[]> {
  return notify(
    deps,
    {
      businessId: template.businessId,
      wabaId: template.wabaId,
      kind: 'template.quality',
      severity: next === 'RED' ? 'warning' : 'info',
      title: `Template ${template.name} (${template.language}) quality ${previous} → ${next}`,
      body: explanation,
      data: { template_id: template.id, previous_quality_score: previous, new_quality_score: next },
      webhook: { field: 'message_template_quality_update', value: { previous_quality_score: previous, new_quality_score: next, ...identity(template) } },
    },
    at,
  );
}

export function categoryNotice(
  deps: Pick<TemplatesDeps, 'ids' | 'targets'>,
  template: MessageTemplate,
  change: { readonly from: TemplateCategory; readonly to: TemplateCategory; readonly effectiveAt: number; readonly done: boolean },
  at: number,
): Promise<UnitRecord[]> {
  const value = change.done
    ? { ...identity(template), previous_category: change.from, new_category: change.to }
    : { ...identity(template), new_category: change.from, correct_category: change.to, category_update_timestamp: Math.floor(change.effectiveAt / 1000) };
  return notify(
    deps,
    {
      businessId: template.businessId,
      wabaId: template.wabaId,
      kind: 'template.category',
      severity: 'warning',
      title: change.done ? `Template ${template.name} (${template.language}) is now ${change.to}` : `Template ${template.name} (${template.language}) becomes ${change.to}`,
      body: change.done
        ? `Its category changed from ${change.from} to ${change.to}; its messages are charged as ${change.to.toLowerCase()} from now on.`
        : `Its category will change from ${change.from} to ${change.to} at ${new Date(change.effectiveAt).toISOString()}.`,
      data: { template_id: template.id, from: change.from, to: change.to, done: change.done },
      webhook: { field: 'template_category_update', value },
    },
    at,
  );
}
