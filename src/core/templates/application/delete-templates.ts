import { resolveWaba, type Principal } from '../../accounts/index.js';
import { cancelTimers, domainError, fail, ok, record, unitOf, type DomainError, type Result, type UnitRecord } from '../../shared/index.js';
import { applyTemplateEvent } from '../domain/template-status.machine.js';
import { templateSaved } from '../ports.js';
import { ensureSampleTemplates } from './samples.js';
import { statusNotice } from './template-notifications.js';
import { templateTimers, type TemplatesDeps } from './templates.deps.js';

/**
 * `DELETE /{waba-id}/message_templates?name=…` deletes every language of a name; `&hsm_id=…` only
 * that one. A DISABLED template cannot be deleted.
 */
export async function deleteTemplates(
  deps: TemplatesDeps,
  input: { readonly principal: Principal; readonly wabaId: string; readonly name: string | undefined; readonly hsmId: string | undefined },
): Promise<Result<{ readonly success: true }, DomainError>> {
  const waba = await resolveWaba(deps.accounts, { principal: input.principal, id: input.wabaId, method: 'delete', permission: 'whatsapp_business_management' });
  if (!waba.ok) return waba;
  if (input.name === undefined && input.hsmId === undefined) return fail(domainError('PARAMETER_MISSING', 'The parameter name is required.'));
  await ensureSampleTemplates(deps, waba.value);
  const live = (await deps.templates.listAll(waba.value.id)).filter((template) => template.status !== 'DELETED');
  const chosen = live.filter((template) => (input.name === undefined || template.name === input.name) && (input.hsmId === undefined || template.id === input.hsmId));
  if (chosen.length === 0) return fail(domainError('TEMPLATE_INVALID', `No message template ${input.name === undefined ? `with id ${input.hsmId ?? ''}` : `named ${input.name}${input.hsmId === undefined ? '' : ` with id ${input.hsmId}`}`} in this WABA.`));
  const now = deps.clock.now();
  const records: UnitRecord[] = [];
  for (const template of chosen) {
    const moved = applyTemplateEvent(template.status, 'delete');
    if (!moved.ok) return fail(domainError('TEMPLATE_INVALID', `Template ${template.name} (${template.language}) is ${template.status} and cannot be deleted.`));
    const deleted = { ...template, status: moved.value, deletedAt: now, updatedAt: now, rejectedReason: template.status === 'APPROVED' || template.status === 'FLAGGED' || template.status === 'PAUSED' ? ('NONE' as const) : template.rejectedReason };
    records.push(record(templateSaved, deleted), ...Object.values(templateTimers).map((kind) => cancelTimers(kind, template.id)));
    records.push(...(await statusNotice(deps, deleted, { event: 'DELETED', explanation: 'It was deleted through the API.' }, now)));
  }
  await deps.writer.commit(unitOf(records));
  return ok({ success: true });
}
