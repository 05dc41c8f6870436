import { resolveWaba, type Principal } from '../../accounts/index.js';
import { ok, type DomainError, type Result } from '../../shared/index.js';
import type { MessageTemplate } from '../domain/template.model.js';
import type { TemplateFilter } from '../ports.js';
import { ensureSampleTemplates } from './samples.js';
import type { TemplatesDeps } from './templates.deps.js';

/** `GET /{waba-id}/message_templates`: live templates, newest first, filtered and paged. */
export async function listTemplates(
  deps: TemplatesDeps,
  input: { readonly principal: Principal; readonly wabaId: string; readonly filter: TemplateFilter },
): Promise<Result<{ readonly templates: MessageTemplate[]; readonly more: boolean }, DomainError>> {
  const waba = await resolveWaba(deps.accounts, { principal: input.principal, id: input.wabaId, method: 'get', permission: 'whatsapp_business_management' });
  if (!waba.ok) return waba;
  await ensureSampleTemplates(deps, waba.value);
  // One more than asked tells whether another page follows.
  const found = await deps.templates.list(waba.value.id, { ...input.filter, limit: input.filter.limit + 1 });
  const templates = input.filter.before === undefined ? found.slice(0, input.filter.limit) : found.slice(Math.max(0, found.length - input.filter.limit));
  return ok({ templates, more: found.length > input.filter.limit });
}
