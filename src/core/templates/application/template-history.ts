import { domainError, fail, ok, record, type DomainError, type Result, type UnitRecord } from '../../shared/index.js';
import { templateVersion, type TemplateAuthor, type TemplateHistoryEvent } from '../domain/template-history.js';
import type { MessageTemplate, TemplateComponent } from '../domain/template.model.js';
import { templateVersionRecorded } from '../ports.js';
import type { TemplatesDeps } from './templates.deps.js';

/** The history entry of a change, to commit with the change itself. */
export function historyRecord(
  deps: Pick<TemplatesDeps, 'ids'>,
  template: MessageTemplate,
  change: { readonly event: TemplateHistoryEvent; readonly author: TemplateAuthor; readonly at: number; readonly note?: string },
): UnitRecord {
  return record(templateVersionRecorded, templateVersion(deps.ids.key(), template, change));
}

/**
 * A media header's sample must be usable: a Kabar upload handle names a finished upload of this
 * business, of a type the header's format takes. Graph answers a refusal as code 100.
 */
export async function checkHeaderSamples(deps: Pick<TemplatesDeps, 'samples'>, components: readonly TemplateComponent[], businessId: string): Promise<Result<void, DomainError>> {
  for (const component of components) {
    if (component.type !== 'HEADER' || (component.format !== 'IMAGE' && component.format !== 'VIDEO' && component.format !== 'DOCUMENT') || component.example === null) continue;
    const refusal = await deps.samples.refusal(component.example, component.format, businessId);
    if (refusal !== undefined) return fail(domainError('TEMPLATE_INVALID', `components[HEADER].example.header_handle '${component.example}' cannot be used: ${refusal}`));
  }
  return ok(undefined);
}
