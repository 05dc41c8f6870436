/**
 * `kabar templates …`: the linter (on its own, or against a WABA's templates over the admin API), a
 * template's history, the review decided by hand, category reassignment and the simulated reviewer's delay.
 */
import { readFileSync } from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import type { Bilingual, LintFinding } from '../core/templates/index.js';
import ms from 'ms';
import { CommandError } from './cli.errors.js';
import { call, print } from './http.js';
import { onOff } from './option-parsers.js';

interface FindingLine {
  readonly rule: string;
  readonly severity: string;
  readonly location: { readonly path: string };
  readonly message: Bilingual;
  readonly hint: Bilingual;
}

function readTemplate(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CommandError(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new CommandError(`${file} is not JSON: a template file holds the body of POST /{waba-id}/message_templates.`);
  }
}


/** One finding in two or three lines: severity, rule, where, what; then the fix. */
export function renderFindings(findings: readonly FindingLine[], language: 'en' | 'id' | 'both'): string {
  if (findings.length === 0) return language === 'id' ? 'Tidak ada temuan: template siap diajukan.\n' : 'No findings: the template is ready to submit.\n';
  const lines: string[] = [];
  for (const entry of findings) {
    const message = language === 'id' ? entry.message.id : entry.message.en;
    lines.push(`${entry.severity.padEnd(6)} ${entry.rule}  ${entry.location.path}  ${message}`);
    if (language !== 'id') lines.push(`       fix: ${entry.hint.en}`);
    if (language !== 'en') lines.push(`       perbaikan: ${entry.hint.id}`);
  }
  const rejects = findings.filter((entry) => entry.severity === 'reject').length;
  lines.push(`${rejects} reject, ${findings.length - rejects} warn`);
  return `${lines.join('\n')}\n`;
}

export function addTemplateCommands(program: Command): void {
  const templates = program.command('templates').description('message templates: lint before submitting, history, review, categories');

  templates
    .command('lint')
    .summary('lint a template file; exits 1 on a reject-level finding')
    .description(
      'Lints a template file (the JSON body of POST /{waba-id}/message_templates) with the rules Kabar\'s reviewer applies, ' +
        'printing each finding with its rule, severity, location and a fix in English and Indonesian. Exits 1 when a finding is reject-level. ' +
        'With --waba it asks the running Kabar, which also checks duplicates among that WABA\'s templates.',
    )
    .argument('<file>', 'template JSON file')
    .option('--waba <id>', 'lint against this WABA\'s templates over the admin API (duplicates of name or content)')
    .option('--lang <language>', 'en, id or both (default both)', 'both')
    .option('--json', 'print the findings as JSON')
    .action(async (file: string, options: { waba?: string; lang: string; json?: boolean }) => {
      if (options.lang !== 'en' && options.lang !== 'id' && options.lang !== 'both') throw new CommandError('--lang is en, id or both');
      const template = readTemplate(file);
      let findings: FindingLine[];
      let rejected: boolean;
      if (options.waba === undefined) {
        // The linter is loaded on use: the other commands only talk HTTP and start faster without it.
        const { detectLanguage, formatLocation, hasRejection, lintTemplate } = await import('../core/templates/index.js');
        const report = await lintTemplate(template, { detect: detectLanguage });
        findings = report.findings.map((entry: LintFinding) => ({ rule: entry.rule, severity: entry.severity, location: { path: formatLocation(entry.location) }, message: entry.message, hint: entry.hint }));
        rejected = hasRejection(report.findings);
      } else {
        const answer = (await call('POST', '/admin/templates/lint', { template, waba_id: options.waba })) as { verdict: string; findings: FindingLine[] };
        findings = answer.findings;
        rejected = answer.verdict === 'reject';
      }
      if (options.json === true) print({ verdict: rejected ? 'reject' : findings.length > 0 ? 'warn' : 'pass', findings });
      else process.stdout.write(renderFindings(findings, options.lang));
      if (rejected) process.exitCode = 1;
    });

  templates
    .command('list')
    .description("a WABA's templates with their status, quality and lifecycle facts")
    .requiredOption('--waba <id>', 'the WABA')
    .action(async (options: { waba: string }) => print(await call('GET', `/admin/wabas/${options.waba}/templates`)));

  templates
    .command('history')
    .description("a template's history, newest first: each version's content, every status decision, who made it and when")
    .argument('<templateId>', 'the template id')
    .action(async (templateId: string) => print(await call('GET', `/admin/templates/${templateId}/history`)));

  templates
    .command('review')
    .description('decide a template\'s review by hand: approve, or reject with a reason')
    .argument('<templateId>', 'the template id')
    .option('--approve', 'approve it')
    .option('--reject <reason>', 'reject it: INVALID_FORMAT, PROMOTIONAL, INCORRECT_CATEGORY, TAG_CONTENT_MISMATCH, ABUSIVE_CONTENT or SCAM')
    .option('--note <text>', 'why, for the business\'s notification feed')
    .action(async (templateId: string, options: { approve?: boolean; reject?: string; note?: string }) => {
      if ((options.approve === true) === (options.reject !== undefined)) throw new CommandError('give exactly one of --approve and --reject <reason>');
      print(
        await call('POST', `/admin/templates/${templateId}/review`, {
          status: options.approve === true ? 'APPROVED' : 'REJECTED',
          ...(options.reject === undefined ? {} : { reason: options.reject.toUpperCase() }),
          ...(options.note === undefined ? {} : { note: options.note }),
        }),
      );
    });

  templates
    .command('category')
    .description('reassign a template\'s category: announced 24 h ahead (template_category_update), or at once with --now')
    .argument('<templateId>', 'the template id')
    .argument('<category>', 'MARKETING, UTILITY or AUTHENTICATION')
    .option('--now', 'apply it at once instead of announcing it')
    .action(async (templateId: string, category: string, options: { now?: boolean }) =>
      print(await call('POST', `/admin/templates/${templateId}/category`, { category: category.toUpperCase(), immediate: options.now === true })),
    );

  templates
    .command('review-delay')
    .description('how long the simulated reviewer takes (0 decides in the create request itself); without a value, shows it')
    .argument('[duration]', 'e.g. 0, 30s, 10m, 24h')
    .action(async (duration: string | undefined) => {
      if (duration === undefined) {
        print(await call('GET', '/admin/templates/review-settings'));
        return;
      }
      const milliseconds = duration.trim() === '0' ? 0 : (ms(duration.trim() as ms.StringValue) as number | undefined);
      if (typeof milliseconds !== 'number' || !Number.isInteger(milliseconds) || milliseconds < 0) throw new CommandError(`'${duration}' is not a duration: give 0 or a number with a unit, such as 30s, 10m or 24h.`);
      print(await call('POST', '/admin/templates/review-settings', { delay_ms: milliseconds }));
    });
}

export function addNotificationCommands(program: Command): void {
  const notifications = program
    .command('notifications')
    .description("businesses' notification feed: template status and quality, and more; newest first")
    .option('--business <id>', 'only this business')
    .option('--kind <kind>', 'only this kind, e.g. template.status, template.quality')
    .option('--unread', 'only unread entries')
    .option('--limit <n>', 'how many (default 50)')
    .action(async (options: { business?: string; kind?: string; unread?: boolean; limit?: string }) => {
      const query = new URLSearchParams({
        ...(options.business === undefined ? {} : { business_id: options.business }),
        ...(options.kind === undefined ? {} : { kind: options.kind }),
        ...(options.unread === true ? { unread: 'true' } : {}),
        ...(options.limit === undefined ? {} : { limit: options.limit }),
      }).toString();
      print(await call('GET', `/admin/notifications${query === '' ? '' : `?${query}`}`));
    });
  notifications
    .command('read')
    .description('mark a notification read')
    .argument('<id>', 'the notification id')
    .action(async (id: string) => print(await call('POST', `/admin/notifications/${id}/read`)));
  notifications
    .command('preferences')
    .summary("show or change which notifications a business receives, per kind and channel")
    .description(
      'Shows which channels each notification kind goes to for a business (webhook, feed, e-mail to its registered address), or switches channels of one kind. ' +
        'A kind never changed goes everywhere; e-mail needs KABAR_SMTP_URL.',
    )
    .argument('<business-id>', 'the business portfolio')
    .argument('[kind]', 'the notification kind to change, e.g. limits.quality, limits.flagged, template.status (the list: docs/notifications.md)')
    .option('--webhook <on|off>', 'the management webhook', onOff)
    .option('--feed <on|off>', 'the notification feed', onOff)
    .option('--email <on|off>', 'the e-mail to the registered address', onOff)
    .action(async (businessId: string, kind: string | undefined, options: { webhook?: boolean; feed?: boolean; email?: boolean }) => {
      const path = `/admin/businesses/${encodeURIComponent(businessId)}/notification-preferences`;
      const change = {
        ...(options.webhook === undefined ? {} : { webhook: options.webhook }),
        ...(options.feed === undefined ? {} : { feed: options.feed }),
        ...(options.email === undefined ? {} : { email: options.email }),
      };
      if (kind === undefined) {
        if (Object.keys(change).length > 0) throw new InvalidArgumentError('name the kind to change after the business id');
        print(await call('GET', path));
        return;
      }
      print(await call('POST', path, { kind, ...change }));
    });
  notifications
    .command('emails')
    .description('notification e-mails: sent, waiting for a retry (with the last error) or given up; newest first')
    .option('--business <id>', 'only this business')
    .option('--limit <n>', 'how many (default 50)')
    .action(async (options: { business?: string; limit?: string }) => {
      const query = new URLSearchParams({ ...(options.business === undefined ? {} : { business_id: options.business }), ...(options.limit === undefined ? {} : { limit: options.limit }) }).toString();
      print(await call('GET', `/admin/notifications/emails${query === '' ? '' : `?${query}`}`));
    });
}
