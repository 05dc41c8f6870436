import type { MessageRecord } from '../../messaging/index.js';
import { record, type IdSource, type UnitRecord } from '../../shared/index.js';
import { feedbackRecorded, type FeedbackKind, type UserFeedback } from '../domain/feedback.model.js';

/** The template a message was sent from, if it was a template. */
export function templateIdOf(message: Pick<MessageRecord, 'type' | 'content'>): string | null {
  if (message.type !== 'template') return null;
  const template = message.content['template'];
  const id = typeof template === 'object' && template !== null ? (template as Readonly<Record<string, unknown>>)['id'] : undefined;
  return typeof id === 'string' ? id : null;
}

/** A feedback event about a message (or, without one, about the number), as a record of a unit of work. */
export function feedbackRecord(
  ids: IdSource,
  input: { readonly kind: FeedbackKind; readonly at: number; readonly waId: string; readonly number: { readonly id: string; readonly wabaId: string; readonly businessId: string }; readonly message?: MessageRecord | undefined },
): UnitRecord {
  const feedback: UserFeedback = {
    key: ids.key(),
    businessId: input.number.businessId,
    wabaId: input.number.wabaId,
    phoneNumberId: input.number.id,
    waId: input.waId,
    kind: input.kind,
    messageKey: input.message?.key ?? null,
    templateId: input.message === undefined ? null : templateIdOf(input.message),
    category: input.message?.category ?? null,
    at: input.at,
  };
  return record(feedbackRecorded, feedback);
}
