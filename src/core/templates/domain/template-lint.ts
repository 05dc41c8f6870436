/**
 * The linter: every rule of the catalogue over one template. The Graph create and edit routes, the
 * simulated reviewer, `kabar templates lint` and `POST /admin/templates/lint` all call it.
 */
import type { DomainError } from '../../shared/index.js';
import { domainError } from '../../shared/index.js';
import { contentRules, type LintContext } from './lint-content.rules.js';
import { limitRules } from './lint-limits.rules.js';
import { formatLocation, lintRules, type LintFinding, type LintRuleInfo } from './lint-rules.catalog.js';
import { variableRules } from './lint-variables.rules.js';
import { parseTemplateDraft } from './template-draft.parse.js';
import type { RejectedReason, TemplateDraft } from './template.model.js';

export interface LintReport {
  readonly draft: TemplateDraft | undefined;
  readonly findings: readonly LintFinding[];
}

/** Every finding for a template already read. */
export async function lintDraft(draft: TemplateDraft, context: LintContext = {}): Promise<LintFinding[]> {
  return [...variableRules(draft), ...limitRules(draft), ...(await contentRules(draft, context))];
}

/** Reads a template as Graph clients send it and lints it. */
export async function lintTemplate(raw: unknown, context: LintContext = {}): Promise<LintReport> {
  const parsed = parseTemplateDraft(raw);
  if (parsed.draft === undefined) return { draft: undefined, findings: parsed.findings };
  return { draft: parsed.draft, findings: [...parsed.findings, ...(await lintDraft(parsed.draft, context))] };
}

export function hasRejection(findings: readonly LintFinding[]): boolean {
  return findings.some((entry) => entry.severity === 'reject');
}

/** The error a create or edit request answers with: the first reject-level finding of the submit stage. */
export function submitError(findings: readonly LintFinding[]): DomainError | undefined {
  const first = findings.find((entry) => entry.severity === 'reject' && entry.stage === 'submit');
  if (first === undefined) return undefined;
  const info: LintRuleInfo = lintRules[first.rule];
  const component = first.location.component;
  const code =
    info.error === 'by-component' || info.error === undefined
      ? component === 'HEADER'
        ? 'TEMPLATE_HEADER_FORMAT'
        : component === 'FOOTER'
          ? 'TEMPLATE_FOOTER_FORMAT'
          : 'TEMPLATE_BODY_FORMAT'
      : info.error;
  return domainError(code, `${first.message.en} ${first.hint.en} (rule ${first.rule} at ${formatLocation(first.location)})`);
}

/** What the reviewer rejects for: the reason of the first reject-level finding, with its hint. */
export function rejection(findings: readonly LintFinding[]): { readonly reason: RejectedReason; readonly finding: LintFinding } | undefined {
  const first = findings.find((entry) => entry.severity === 'reject');
  if (first === undefined) return undefined;
  const info: LintRuleInfo = lintRules[first.rule];
  return { reason: info.reason ?? 'INVALID_FORMAT', finding: first };
}
