/**
 * WABA analytics on 1,000,000 messages and 1,000,000 ledger lines (each with their half-hour sums) of one
 * WABA over 30 days, on SQLite
 * (and on PostgreSQL when KABAR_BENCH_DATABASE_URL is set): each field's use case is timed as the
 * Graph route runs it, the aggregation done in SQL, with the process's CPU time beside the wall
 * time (on SQLite that is the query's own cost, whatever else the machine runs). The target is well
 * under a second.
 *
 *   BENCH_ANALYTICS_ROWS      messages and ledger lines to store (default 1000000)
 *   BENCH_ANALYTICS_SAMPLES   runs of each query (default 5)
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { parseFieldExpansion, type ExpandedField } from '../src/wire/index.js';
import { isAnalyticsField, readWabaAnalytics } from '../src/core/analytics/index.js';
import { SimClock } from '../src/core/shared/index.js';
import { KyselyAnalyticsRepository, migrateToLatest, openDatabase, type OpenDatabase } from '../src/store/index.js';
import { repoRoot } from './lib/server-process.js';

const total = Number(process.env['BENCH_ANALYTICS_ROWS'] ?? 1_000_000);
const samples = Number(process.env['BENCH_ANALYTICS_SAMPLES'] ?? 5);
const onlySeed = process.env['BENCH_ANALYTICS_SEED_ONLY'] === '1';
const from = Date.UTC(2026, 9, 26);
const spreadMs = 30 * 86_400_000;
const now = from + spreadMs;
const owner = { businessId: 'B1', wabaId: 'W1', numbers: [{ id: 'P1', digits: '15550100000' }, { id: 'P2', digits: '15550100001' }] };

/** Rows made by the database itself: the n-th message at from + n·step, one in ten to a British number. */
async function seed(open: OpenDatabase): Promise<void> {
  const step = Math.floor(spreadMs / total);
  const postgres = open.dialect === 'postgres';
  const last = sql.lit(total - 1);
  const seq = postgres ? sql`with seq as (select n::bigint as n from generate_series(0, ${last}) as n)` : sql`with recursive seq(n) as (select 0 union all select n + 1 from seq where n < ${last})`;
  const hex = (value: string, width: number) => (postgres ? `lpad(upper(to_hex(${value})), ${width}, '0')` : `printf('%0${width}X', ${value})`);
  const at = `(${from} + n * ${step})`;
  const waId = `(case when n % 10 = 0 then '4474' else '6281' end) || ${postgres ? `lpad((n % 100000)::text, 8, '0')` : `printf('%08d', n % 100000)`}`;
  const phone = `(case when n % 2 = 0 then 'P1' else 'P2' end)`;
  await sql`${seq}
    insert into messages (key, business_id, waba_id, phone_number_id, direction, wa_id, type, content, status, created_at, updated_at, country)
    select ${sql.raw(`${hex(at, 12)} || ${hex('n % 16777216', 6)} || '00'`)}, 'B1', 'W1', ${sql.raw(phone)}, case when n % 4 = 0 then 'inbound' else 'outbound' end,
      ${sql.raw(waId)}, 'text', '{}', case when n % 4 = 0 then 'received' when n % 7 = 0 then 'sent' else 'read' end, ${sql.raw(at)}, ${sql.raw(at)},
      case when n % 10 = 0 then 'GB' else 'ID' end
    from seq`.execute(open.db);
  await sql`${seq}
    insert into billing_ledger (key, business_id, waba_id, phone_number_id, wa_id, unit, conversation_id, message_key, pricing_model, category, pricing_type, market, currency, rate_micros, amount_micros, billable, reason, rate_card, at, starts_at, ends_at, country)
    select ${sql.raw(`'L' || n`)}, 'B1', 'W1', ${sql.raw(phone)}, ${sql.raw(waId)}, case when n % 2 = 0 then 'message' else 'conversation' end, null, ${sql.raw(`'M' || n`)},
      case when n % 2 = 0 then 'PMP' else 'CBP' end, case n % 3 when 0 then 'marketing' when 1 then 'utility' else 'service' end,
      case when n % 2 = 0 then 'regular' else null end, 'indonesia', 'USD', 41100, case when n % 3 = 2 then 0 else 41100 end, 1, null, '2025-07-01', ${sql.raw(at)}, null, null,
      case when n % 10 = 0 then 'GB' else 'ID' end
    from seq`.execute(open.db);
  // The status writer keeps these counts as statuses change; messages made here are counted the way the migration counts older ones.
  await sql`insert into message_count_buckets (waba_id, bucket_start, phone_number_id, country, sent, delivered)
    select waba_id, (created_at / 1800000) * 1800000, phone_number_id, coalesce(country, ''),
      sum(case when status in ('sent', 'delivered', 'read') then 1 else 0 end), sum(case when status in ('delivered', 'read') then 1 else 0 end)
    from messages where direction = 'outbound' group by waba_id, (created_at / 1800000) * 1800000, phone_number_id, coalesce(country, '')`.execute(open.db);
  // The ledger's writer keeps these sums as lines are written; lines made here are summed the way the migration sums older ones.
  await sql`insert into billing_ledger_buckets (waba_id, unit, bucket_start, phone_number_id, country, category, pricing_type, reason, lines, amount_micros)
    select waba_id, unit, (at / 1800000) * 1800000, phone_number_id, coalesce(country, ''), category, coalesce(pricing_type, ''), coalesce(reason, ''), count(*), sum(amount_micros)
    from billing_ledger group by waba_id, unit, (at / 1800000) * 1800000, phone_number_id, coalesce(country, ''), category, coalesce(pricing_type, ''), coalesce(reason, '')`.execute(open.db);
  // PostgreSQL answers from an index alone once its pages are known to be visible, as autovacuum leaves them.
  await (postgres ? sql`vacuum analyze` : sql`analyze`).execute(open.db);
}

const queries: Readonly<Record<string, string>> = {
  'analytics DAY': `analytics.start(${from / 1000}).end(${now / 1000}).granularity(DAY)`,
  'analytics HALF_HOUR': `analytics.start(${from / 1000}).end(${now / 1000}).granularity(HALF_HOUR)`,
  'analytics DAY country_codes(GB)': `analytics.start(${from / 1000}).end(${now / 1000}).granularity(DAY).country_codes(["GB"])`,
  'pricing_analytics DAILY all dimensions': `pricing_analytics.start(${from / 1000}).end(${now / 1000}).granularity(DAILY).dimensions(PRICING_CATEGORY,PRICING_TYPE,COUNTRY,PHONE)`,
  'conversation_analytics MONTHLY by category': `conversation_analytics.start(${from / 1000}).end(${now / 1000}).granularity(MONTHLY).dimensions(CONVERSATION_CATEGORY)`,
};

async function measure(open: OpenDatabase): Promise<Record<string, { readonly medianMs: number; readonly maxMs: number; readonly medianCpuMs: number }>> {
  const repository = new KyselyAnalyticsRepository(open.db);
  const clock = SimClock.frozenAt(now);
  const results: Record<string, { medianMs: number; maxMs: number; medianCpuMs: number }> = {};
  for (const [name, text] of Object.entries(queries)) {
    const parsed = parseFieldExpansion(text);
    const field: ExpandedField | undefined = parsed.ok ? parsed.fields[0] : undefined;
    if (field === undefined || !isAnalyticsField(field)) throw new Error(`bad query ${name}`);
    const timings: number[] = [];
    const cpu: number[] = [];
    for (let run = 0; run < samples; run += 1) {
      const started = performance.now();
      const cpuBefore = process.cpuUsage();
      const answer = await readWabaAnalytics({ analytics: repository, clock }, { ...owner, field });
      const used = process.cpuUsage(cpuBefore);
      timings.push(performance.now() - started);
      cpu.push((used.user + used.system) / 1000);
      if (!answer.ok) throw new Error(answer.error.details);
    }
    const median = (values: number[]): number => Math.round([...values].sort((left, right) => left - right)[Math.floor(values.length / 2)] ?? 0);
    results[name] = { medianMs: median(timings), maxMs: Math.round(Math.max(...timings)), medianCpuMs: median(cpu) };
    console.log(`${open.dialect} ${name}: median ${results[name]?.medianMs} ms, max ${results[name]?.maxMs} ms, Kabar's own CPU ${results[name]?.medianCpuMs} ms`);
  }
  return results;
}

async function main(): Promise<void> {
  const report: Record<string, unknown> = { rows: total, samples };
  const kept = process.env['BENCH_ANALYTICS_DIR'];
  const dataDir = kept ?? mkdtempSync(join(tmpdir(), 'kabar-bench-analytics-'));
  const url = process.env['KABAR_BENCH_DATABASE_URL'];
  try {
    for (const options of [{ dataDir }, ...(url === undefined ? [] : [{ dataDir, url, schema: `bench_analytics_${process.pid}` }])]) {
      const open = await openDatabase(options);
      try {
        await migrateToLatest(open.db, open.schema);
        await seed(open);
        if (!onlySeed) report[open.dialect] = await measure(open);
      } finally {
        if (open.dialect === 'postgres') await sql`drop schema if exists ${sql.id(open.schema ?? '')} cascade`.execute(open.db);
        await open.close();
      }
    }
  } finally {
    if (kept === undefined) rmSync(dataDir, { recursive: true, force: true });
  }
  writeFileSync(join(repoRoot, 'bench', 'results', 'analytics.json'), `${JSON.stringify(report, null, 2)}\n`);
}

await main();
