/**
 * The console's message log on 1,000,000 messages (SQLite): every page of one business walked newest
 * to oldest over real HTTP with an API key, 50 messages a page, and filtered searches (a user, a
 * status, a text) that no index fully serves. Each request is timed; the target is p99 < 100 ms.
 *
 *   BENCH_LOG_MESSAGES   messages to store (default 1000000)
 *   BENCH_LOG_SAMPLES    requests per filtered scenario (default 200)
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import Database from 'better-sqlite3';
import { buildApp } from '../src/server/index.js';
import { SimClock } from '../src/core/shared/index.js';
import { repoRoot } from './lib/server-process.js';

const total = Number(process.env['BENCH_LOG_MESSAGES'] ?? 1_000_000);
const samples = Number(process.env['BENCH_LOG_SAMPLES'] ?? 200);
const epoch = Date.UTC(2026, 10, 25, 9, 0, 0);
const statuses = ['read', 'read', 'read', 'delivered', 'delivered', 'sent', 'failed'] as const;

interface Figures {
  readonly scenario: string;
  readonly requests: number;
  readonly rows: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

function percentile(sorted: readonly number[], share: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * share))] ?? 0;
}

function figures(scenario: string, timings: number[], rows: number): Figures {
  const sorted = [...timings].sort((left, right) => left - right);
  const round = (value: number): number => Math.round(value * 100) / 100;
  return { scenario, requests: timings.length, rows, p50: round(percentile(sorted, 0.5)), p95: round(percentile(sorted, 0.95)), p99: round(percentile(sorted, 0.99)), max: round(sorted[sorted.length - 1] ?? 0) };
}

/** Writes `total` messages straight into the file, time-ordered keys 2.5 s apart, 90 % for the demo business. */
function seed(file: string, demo: { businessId: string; wabaId: string; phoneNumberId: string }, other: { businessId: string; wabaId: string; phoneNumberId: string }): void {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const insert = db.prepare(
    `insert into messages (key, business_id, waba_id, phone_number_id, direction, wa_id, type, content, status, error_code, created_at, updated_at)
     values (?, ?, ?, ?, ?, ?, 'text', ?, ?, ?, ?, ?)`,
  );
  const batch = db.transaction((from: number, to: number) => {
    for (let index = from; index < to; index += 1) {
      const at = epoch - (total - index) * 2_500;
      const key = (at.toString(16).padStart(12, '0') + index.toString(16).padStart(6, '0').slice(-6) + '00').toUpperCase();
      const owner = index % 10 === 9 ? other : demo;
      const inbound = index % 3 === 0;
      const status = inbound ? 'received' : statuses[index % statuses.length] ?? 'read';
      insert.run(key, owner.businessId, owner.wabaId, owner.phoneNumberId, inbound ? 'inbound' : 'outbound', `62812${String(index % 5_000).padStart(7, '0')}`, JSON.stringify({ body: `Pesan ${index} tentang stok barang` }), status, status === 'failed' ? 131047 : null, at, at);
    }
  });
  for (let start = 0; start < total; start += 20_000) batch(start, Math.min(total, start + 20_000));
  db.exec('analyze');
  db.close();
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kabar-bench-log-'));
  const clock = SimClock.frozenAt(epoch);
  const options = { dataDir, clock, adminToken: 'bench-operator', pollIntervalMs: 0 };
  let kabar = await buildApp(options);
  const demo = await kabar.services.ensureDemo(undefined);
  const admin = { authorization: 'Bearer bench-operator' };
  const business = await kabar.app.inject({ method: 'POST', url: '/admin/businesses', headers: admin, payload: { name: 'Other' } });
  const otherBusinessId = (business.json() as { id: string }).id;
  const waba = await kabar.app.inject({ method: 'POST', url: `/admin/businesses/${otherBusinessId}/wabas`, headers: admin, payload: { name: 'Other WABA' } });
  const otherWabaId = (waba.json() as { id: string }).id;
  const number = await kabar.app.inject({ method: 'POST', url: `/admin/wabas/${otherWabaId}/phone_numbers`, headers: admin, payload: { phone_number: '+6281100000009', verified_name: 'Other' } });
  const otherNumberId = (number.json() as { id: string }).id;
  const key = await kabar.app.inject({ method: 'POST', url: '/admin/api-keys', headers: admin, payload: { business_id: demo.businessId, name: 'bench', role: 'agent' } });
  const apiKey = (key.json() as { key: string }).key;
  await kabar.close();

  const seeding = performance.now();
  seed(join(dataDir, 'kabar.db'), demo, { businessId: otherBusinessId, wabaId: otherWabaId, phoneNumberId: otherNumberId });
  process.stdout.write(`stored ${total.toLocaleString('en')} messages in ${((performance.now() - seeding) / 1000).toFixed(1)} s\n`);

  kabar = await buildApp(options);
  await kabar.app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(kabar.app.server.address() as AddressInfo).port}`;
  const headers = { authorization: `Bearer ${apiKey}` };
  const page = async (query: Record<string, string>): Promise<{ ms: number; rows: number; next: string | null }> => {
    const started = performance.now();
    const response = await fetch(`${base}/admin/messages?${new URLSearchParams({ limit: '50', ...query }).toString()}`, { headers });
    const body = (await response.json()) as { data: unknown[]; paging: { next_before: string | null } };
    const ms = performance.now() - started;
    if (response.status !== 200) throw new Error(`GET /admin/messages answered ${response.status}`);
    return { ms, rows: body.data.length, next: body.paging.next_before };
  };

  const results: Figures[] = [];
  const walk = async (scenario: string, query: Record<string, string>, limit: number): Promise<void> => {
    const timings: number[] = [];
    let rows = 0;
    let before: string | undefined;
    for (let request = 0; request < limit; request += 1) {
      const answer = await page({ ...query, ...(before === undefined ? {} : { before }) });
      timings.push(answer.ms);
      rows += answer.rows;
      if (answer.next === null) break;
      before = answer.next;
    }
    results.push(figures(scenario, timings, rows));
    process.stdout.write(`${scenario}: ${timings.length} pages\n`);
  };
  await walk('warm-up', {}, 50);
  results.length = 0;
  await walk('every page of the business, newest to oldest', {}, Number.MAX_SAFE_INTEGER);
  await walk('one customer (wa_id index)', { q: '628120000042' }, samples);
  await walk('failed only (bounded scan)', { status: 'failed' }, samples);
  await walk('inbound only', { direction: 'inbound' }, samples);
  await walk('text search "pesan 12" (bounded scan)', { q: 'pesan 12' }, samples);
  await kabar.close();
  rmSync(dataDir, { recursive: true, force: true });

  const lines = ['| scenario | requests | rows | p50 ms | p95 ms | p99 ms | max ms |', '|---|---:|---:|---:|---:|---:|---:|'];
  for (const entry of results) lines.push(`| ${entry.scenario} | ${entry.requests} | ${entry.rows.toLocaleString('en')} | ${entry.p50} | ${entry.p95} | ${entry.p99} | ${entry.max} |`);
  process.stdout.write(`\nMessage log on ${total.toLocaleString('en')} messages (SQLite), 50 a page:\n${lines.join('\n')}\n`);
  const worst = Math.max(...results.map((entry) => entry.p99));
  process.stdout.write(`${worst < 100 ? 'Target met' : 'Target MISSED'}: worst p99 ${worst} ms (target < 100 ms)\n`);
  mkdirSync(join(repoRoot, 'bench', 'results'), { recursive: true });
  writeFileSync(join(repoRoot, 'bench', 'results', 'message-log.json'), `${JSON.stringify({ date: new Date().toISOString(), messages: total, results }, null, 2)}\n`);
}

await main();
