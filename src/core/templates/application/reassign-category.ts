/**
 * Meta re-categorises templates whose content does not fit their category: it announces the change
 * (`template_category_update` with `correct_category`) 24 hours ahead, then applies it. An operator
 * does the same here, or applies it at once.
 */
import { cancelTimers, domainError, fail, ok, record, scheduleTimer, unitOf, type DomainError, type Result, type UnitOfWork, type UnitRecord } from '../../shared/index.js';
import type { MessageTemplate, TemplateCategory } from '../domain/template.model.js';
import { templateSaved } from '../ports.js';
import { categoryNotice } from './template-notifications.js';
import { templateTimers, type TemplatesDeps } from './templates.deps.js';

export const categoryNoticeMs = 24 * 60 * 60 * 1000;

async function apply(deps: TemplatesDeps, template: MessageTemplate, to: TemplateCategory, at: number): Promise<{ template: MessageTemplate; records: UnitRecord[] }> {
  const next: MessageTemplate = { ...template, previousCategory: template.category, category: to, correctCategory: null, categoryUpdateAt: null, updatedAt: at };
  const notes = await categoryNotice(deps, next, { from: template.category, to, effectiveAt: at, done: true }, at);
  return { template: next, records: [record(templateSaved, next), ...notes] };
}

export async function reassignCategory(
  deps: TemplatesDeps,
  input: { readonly templateId: string; readonly category: TemplateCategory; readonly immediate: boolean },
): Promise<Result<MessageTemplate, DomainError>> {
  const template = await deps.templates.findById(input.templateId);
  if (template === undefined || template.status === 'DELETED') return fail(domainError('NODE_NOT_FOUND', `No template with id '${input.templateId}'.`));
  if (template.category === input.category) return fail(domainError('PARAMETER_INVALID', `Template ${template.name} is already ${input.category}.`));
  const at = deps.clock.now();
  if (input.immediate) {
    const applied = await apply(deps, template, input.category, at);
    await deps.writer.commit(unitOf([cancelTimers(templateTimers.category, template.id)], applied.records));
    return ok(applied.template);
  }
  const effectiveAt = at + categoryNoticeMs;
  const announced: MessageTemplate = { ...template, correctCategory: input.category, categoryUpdateAt: effectiveAt, updatedAt: at };
  const notes = await categoryNotice(deps, announced, { from: template.category, to: input.category, effectiveAt, done: false }, at);
  await deps.writer.commit(unitOf([record(templateSaved, announced), scheduleTimer(deps.ids, { kind: templateTimers.category, subject: template.id, dueAt: effectiveAt, payload: null })], notes));
  return ok(announced);
}

/** Timer handler: applies an announced category change. */
export async function applyAnnouncedCategory(deps: TemplatesDeps, templateId: string, at: number): Promise<UnitOfWork> {
  const template = await deps.templates.findById(templateId);
  if (template === undefined || template.correctCategory === null || template.status === 'DELETED') return unitOf();
  return unitOf((await apply(deps, template, template.correctCategory, at)).records);
}
