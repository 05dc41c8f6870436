/**
 * `kabar billing …`: what a business was charged (the report with totals by category and market, the
 * ledger line by line, in JSON or CSV), its conversations, and its rate cards.
 */
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { CommandError } from './cli.errors.js';
import { call, print } from './http.js';

type Format = 'json' | 'csv';

interface Totals {
  readonly currency: string;
  readonly billable: number;
  readonly free: number;
  readonly amount: number;
}

interface ReportAnswer {
  readonly lines: readonly (Totals & { readonly pricing_model: string; readonly category: string; readonly market: string })[];
  readonly by_category: readonly (Totals & { readonly category: string })[];
  readonly by_market: readonly (Totals & { readonly market: string })[];
  readonly total: readonly Totals[];
}

function format(value: string): Format {
  if (value !== 'json' && value !== 'csv') throw new InvalidArgumentError('expected json or csv');
  return value;
}

function day(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value) || Number.isNaN(Date.parse(value))) {
    throw new InvalidArgumentError('expected an ISO date or date-time, as 2026-11-25 or 2026-11-25T09:00:00Z');
  }
  return value;
}

function cell(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows as CSV text with a header line (RFC 4180 quoting, CRLF-free lines). */
export function toCsv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return `${[header, ...rows].map((row) => row.map(cell).join(',')).join('\n')}\n`;
}

/** The report as one table: its lines, then the totals by category, by market and overall (`scope` says which). */
export function reportCsv(report: ReportAnswer): string {
  const rows: unknown[][] = [
    ...report.lines.map((line) => ['line', line.pricing_model, line.category, line.market, line.currency, line.billable, line.free, line.amount]),
    ...report.by_category.map((line) => ['category', '', line.category, '', line.currency, line.billable, line.free, line.amount]),
    ...report.by_market.map((line) => ['market', '', '', line.market, line.currency, line.billable, line.free, line.amount]),
    ...report.total.map((line) => ['total', '', '', '', line.currency, line.billable, line.free, line.amount]),
  ];
  return toCsv(['scope', 'pricing_model', 'category', 'market', 'currency', 'billable', 'free', 'amount'], rows);
}

const ledgerColumns = [
  'at', 'business_id', 'phone_number_id', 'wa_id', 'unit', 'pricing_model', 'category', 'type', 'market', 'currency', 'rate', 'amount', 'billable', 'reason',
  'conversation_id', 'message_id', 'starts_at', 'ends_at', 'rate_card',
] as const;

function query(parameters: Readonly<Record<string, string | undefined>>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(parameters)) if (value !== undefined) search.set(name, value);
  return search.toString();
}

function rateOption(value: string, previous: Record<string, Record<string, number>> | undefined): Record<string, Record<string, number>> {
  const match = /^([a-z_]+)\.([a-z_]+)=([0-9]+(?:\.[0-9]+)?)$/.exec(value.trim());
  if (match === null) throw new InvalidArgumentError('expected market.category=rate, as indonesia.marketing=0.0411');
  const [, market = '', category = '', rate = '0'] = match;
  const rates = { ...previous };
  rates[market] = { ...rates[market], [category]: Number(rate) };
  return rates;
}

interface PeriodOptions {
  readonly from: string;
  readonly to: string;
  readonly business?: string;
  readonly format: Format;
}

/** The options of a command over a period of the ledger. */
function withPeriod(command: Command): Command {
  return command
    .requiredOption('--from <date>', 'start, as 2026-11-25 (midnight UTC) or 2026-11-25T09:00:00Z', day)
    .requiredOption('--to <date>', 'end (exclusive)', day)
    .option('--business <id>', 'one business (default: every business)')
    .option('--format <format>', 'json or csv', format, 'json' as Format);
}

export function addBillingCommands(program: Command): void {
  const billing = program.command('billing').description("what businesses are charged: the ledger, its report, conversations and rate cards");

  withPeriod(
    billing
      .command('report')
      .summary('charges in a period with totals by category and market')
      .description('Totals of the ledger from --from (inclusive) to --to (exclusive): one line per pricing model, category, market and currency, then totals by category, by market and overall.'),
  ).action(async (options: PeriodOptions) => {
    const report = (await call('GET', `/admin/billing/report?${query({ from: options.from, to: options.to, business_id: options.business })}`)) as ReportAnswer;
    if (options.format === 'csv') process.stdout.write(reportCsv(report));
    else print(report);
  });

  withPeriod(
    billing
      .command('ledger')
      .description('every charge in a period, oldest first: a conversation (conversation-based pricing) or a delivered message (per-message pricing), billable or free with why'),
  ).action(async (options: PeriodOptions) => {
    const lines: Record<string, unknown>[] = [];
    let after: string | undefined;
    do {
      const page = (await call('GET', `/admin/billing/ledger?${query({ from: options.from, to: options.to, business_id: options.business, after, limit: '1000' })}`)) as {
        data: Record<string, unknown>[];
        paging: { next_after: string | null };
      };
      lines.push(...page.data);
      after = page.paging.next_after ?? undefined;
    } while (after !== undefined);
    if (options.format === 'csv') process.stdout.write(toCsv(ledgerColumns, lines.map((line) => ledgerColumns.map((column) => line[column]))));
    else print({ data: lines });
  });

  billing
    .command('conversations')
    .description('conversations (and free-entry-point windows), newest first')
    .option('--business <id>', 'one business')
    .option('--wa-id <waId>', 'one user')
    .option('--open', 'only those open now')
    .action(async (options: { business?: string; waId?: string; open?: boolean }) =>
      print(await call('GET', `/admin/billing/conversations?${query({ business_id: options.business, wa_id: options.waId, open: options.open === true ? 'true' : undefined })}`)),
    );

  const card = billing.command('rate-card').description("a business's rate cards: Meta's defaults and the business's own rates");
  card
    .command('show')
    .requiredOption('--business <id>', 'the business')
    .action(async (options: { business: string }) => print(await call('GET', `/admin/businesses/${encodeURIComponent(options.business)}/rate-card`)));
  card
    .command('set')
    .summary("set a business's own rates for a pricing model")
    .description("Sets the business's rates for CBP or PMP from --effective on; rates not named keep Meta's default. Markets: indonesia, india, brazil, north_america, united_kingdom, other; categories: marketing, utility, authentication, service.")
    .requiredOption('--business <id>', 'the business')
    .requiredOption('--model <model>', 'CBP or PMP')
    .requiredOption('--effective <date>', 'the first day the rates apply, as 2026-12-01')
    .option('--currency <code>', 'ISO 4217 currency of the rates', 'USD')
    .requiredOption('--rate <market.category=rate>', 'a rate, as indonesia.marketing=0.0411 (repeat for several)', rateOption)
    .action(async (options: { business: string; model: string; effective: string; currency: string; rate: Record<string, Record<string, number>> }) => {
      if (options.model !== 'CBP' && options.model !== 'PMP') throw new CommandError('--model must be CBP or PMP');
      print(await call('POST', `/admin/businesses/${encodeURIComponent(options.business)}/rate-card`, { pricing_model: options.model, effective: options.effective, currency: options.currency, rates: options.rate }));
    });
  card
    .command('reset')
    .description("drops a business's own rates for a pricing model: Meta's defaults apply again")
    .requiredOption('--business <id>', 'the business')
    .requiredOption('--model <model>', 'CBP or PMP')
    .action(async (options: { business: string; model: string }) =>
      print(await call('DELETE', `/admin/businesses/${encodeURIComponent(options.business)}/rate-card?${query({ pricing_model: options.model })}`)),
    );
}
