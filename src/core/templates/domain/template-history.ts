/**
 * A template's history: every version of its content as it was created or edited, and every change
 * of its status (the review's verdict, quality pauses, disabling), each with who made it and when —
 * what Meta's WhatsApp Manager shows as a template's status history, with the content of each version.
 */
import type { MessageTemplate, RejectedReason, TemplateCategory, TemplateComponent, TemplateStatus } from './template.model.js';

/** What happened: content written (created, edited) or a status decided. */
export type TemplateHistoryEvent = 'CREATED' | 'EDITED' | 'APPROVED' | 'REJECTED' | 'FLAGGED' | 'PAUSED' | 'DISABLED' | 'REINSTATED';

/** Whether an event wrote new content (a new version) rather than deciding the status of the last one. */
export const contentEvents: readonly TemplateHistoryEvent[] = ['CREATED', 'EDITED'];

/**
 * Who made a change: a console user, an API key of the admin API, the operator, an app's Graph
 * token, the simulated reviewer, or Kabar itself (the quality rating).
 */
export interface TemplateAuthor {
  readonly kind: 'user' | 'api_key' | 'operator' | 'app' | 'reviewer' | 'kabar';
  readonly id: string;
  readonly label: string;
}

export const simulatedReviewer: TemplateAuthor = { kind: 'reviewer', id: 'reviewer', label: 'Simulated reviewer' };
export const qualityRating: TemplateAuthor = { kind: 'kabar', id: 'quality', label: 'quality rating' };

export interface TemplateVersion {
  /** Time-ordered: the history reads in key order. */
  readonly key: string;
  readonly templateId: string;
  readonly businessId: string;
  readonly wabaId: string;
  readonly event: TemplateHistoryEvent;
  /** The template's content and status right after the change. */
  readonly category: TemplateCategory;
  readonly language: string;
  readonly components: readonly TemplateComponent[];
  readonly status: TemplateStatus;
  readonly rejectedReason: RejectedReason | null;
  /** Why, when a status was decided: the reviewer's explanation, the operator's note, the quality reason. */
  readonly note: string | null;
  readonly author: TemplateAuthor;
  readonly at: number;
}

export function templateVersion(key: string, template: MessageTemplate, change: { readonly event: TemplateHistoryEvent; readonly author: TemplateAuthor; readonly at: number; readonly note?: string }): TemplateVersion {
  return {
    key,
    templateId: template.id,
    businessId: template.businessId,
    wabaId: template.wabaId,
    event: change.event,
    category: template.category,
    language: template.language,
    components: template.components,
    status: template.status,
    rejectedReason: template.rejectedReason,
    note: change.note ?? null,
    author: change.author,
    at: change.at,
  };
}
