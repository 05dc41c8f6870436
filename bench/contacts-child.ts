/**
 * One engine's contacts benchmark, in its own process so that its peak RSS is the import's alone:
 * serves Kabar on a local port and imports the file as a user does, `kabar contacts import` in its
 * own process streaming it to the multipart route; then times contact searches over HTTP
 * (app.inject). Prints one JSON line.
 */
import { createReadStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse';
import { buildApp } from '../src/server/index.js';
import { firstNames, lastNames, tags } from './lib/contacts-file.js';

const [file, engine] = process.argv.slice(2);
if (file === undefined || (engine !== 'sqlite' && engine !== 'postgres')) throw new Error('usage: contacts-child.ts <file.csv> sqlite|postgres');
const databaseUrl = process.env['BENCH_DATABASE_URL'];
if (engine === 'postgres' && databaseUrl === undefined) throw new Error('BENCH_DATABASE_URL is needed for postgres');
const searches = Number(process.env['BENCH_SEARCHES'] ?? 1000);

function percentile(values: readonly number[], share: number): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * share))] ?? 0;
}

/** Reading the same file with csv-parse alone: the ceiling an importer using it can reach. */
async function parseOnly(): Promise<number> {
  const started = performance.now();
  let rows = 0;
  for await (const row of createReadStream(file ?? '').pipe(parse({ relax_column_count: true }))) rows += (row as unknown[]).length > 0 ? 1 : 0;
  return (rows - 1) / ((performance.now() - started) / 1000);
}

/**
 * CPU time of this process's main thread alone, in µs (Linux: /proc); the import's reading thread
 * runs beside it, and on two cores the main thread's time is what bounds the rate.
 */
function mainThreadCpuMicros(): number | undefined {
  try {
    const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return ((Number(fields[11]) + Number(fields[12])) * 1_000_000) / 100;
  } catch {
    return undefined;
  }
}

/** The repository: this file runs compiled from dist/bench/, or as source from bench/. */
const root = fileURLToPath(new URL(import.meta.url.includes('/dist/bench/') ? '../../' : '../', import.meta.url));

/**
 * `kabar contacts import <file>` in a process of its own, as a user runs it: it opens the job and
 * streams the file to the multipart route (polling the job's progress twice a second), and this
 * process serves it. Answers the finished job as the CLI prints it (`--json`).
 */
async function importWithCli(port: number, adminToken: string, business: string): Promise<{ rowsRead: number; created: number; failed: number; status: string }> {
  const cli = spawn(process.execPath, [join(root, 'bin', 'kabar.js'), 'contacts', 'import', file ?? '', '--business', business, '--json'], {
    env: { ...process.env, KABAR_URL: `http://127.0.0.1:${port}`, KABAR_ADMIN_TOKEN: adminToken },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  cli.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const [code] = (await once(cli, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`kabar contacts import exited with ${code}: ${output}`);
  const job = JSON.parse(output) as { rows_read: number; created: number; failed: number; status: string };
  return { rowsRead: job.rows_read, created: job.created, failed: job.failed, status: job.status };
}

const dataDir = mkdtempSync(join(tmpdir(), 'kabar-bench-contacts-'));
const schema = `kabar_bench_${process.pid}`;
const kabar = await buildApp({ dataDir, ...(engine === 'postgres' ? { databaseUrl, postgresSchema: schema } : {}), pollIntervalMs: 0 });
try {
  const token = { authorization: `Bearer ${kabar.adminToken ?? ''}` };
  const created = await kabar.app.inject({ method: 'POST', url: '/admin/businesses', headers: token, payload: { name: 'Bench' } });
  const business = created.json<{ id: string }>().id;
  await kabar.app.inject({ method: 'POST', url: `/admin/businesses/${business}/contacts/settings`, headers: token, payload: { default_country: 'ID' } });
  await kabar.app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = kabar.app.server.address() as AddressInfo;
  const rssBefore = process.memoryUsage().rss;
  let peakRss = rssBefore;
  const sampler = setInterval(() => {
    const usage = process.memoryUsage();
    peakRss = Math.max(peakRss, usage.rss);
    if (process.env['BENCH_MEMORY_TRACE'] === '1') process.stderr.write(`rss ${Math.round(usage.rss / 1048576)} heapUsed ${Math.round(usage.heapUsed / 1048576)} heapTotal ${Math.round(usage.heapTotal / 1048576)} external ${Math.round(usage.external / 1048576)}\n`);
  }, process.env['BENCH_MEMORY_TRACE'] === '1' ? 2_000 : 50);
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const mainCpuStarted = mainThreadCpuMicros();
  const done = await importWithCli(port, kabar.adminToken ?? '', business);
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStarted);
  const mainCpuEnded = mainThreadCpuMicros();
  const mainCpuMicrosPerRow = mainCpuStarted === undefined || mainCpuEnded === undefined ? undefined : (mainCpuEnded - mainCpuStarted) / Math.max(1, done.rowsRead);
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);

  // Searches: the start of a name, the start of a number in local form, a tag; and a contact by id as the baseline.
  const random = (() => {
    let seed = 42;
    return () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
  })();
  const pick = <Item>(items: readonly Item[]): Item => items[Math.floor(random() * items.length)] as Item;
  const timings: Record<string, number[]> = { name: [], number: [], tag: [], by_id: [] };
  const first = (await kabar.app.inject({ method: 'GET', url: `/admin/businesses/${business}/contacts?limit=500`, headers: token })).json<{ data: { id: string }[] }>().data;
  const queries: [string, string][] = [];
  for (let index = 0; index < searches; index += 1) {
    const name = `${pick(firstNames)} ${pick(lastNames)}`.slice(0, 2 + Math.floor(random() * 8));
    queries.push(['name', `name=${encodeURIComponent(name)}`]);
    queries.push(['number', `number=${encodeURIComponent(`0812${String(Math.floor(random() * 1000)).padStart(3, '0').slice(0, 1 + Math.floor(random() * 3))}`)}`]);
    queries.push(['tag', `tag=${pick(tags)}`]);
    queries.push(['by_id', pick(first).id]);
  }
  for (const [kind, query] of queries) {
    const url = kind === 'by_id' ? `/admin/businesses/${business}/contacts/${query}` : `/admin/businesses/${business}/contacts?${query}&limit=50`;
    const at = performance.now();
    const response = await kabar.app.inject({ method: 'GET', url, headers: token });
    timings[kind]?.push(performance.now() - at);
    if (response.statusCode !== 200) throw new Error(`${url} answered ${response.statusCode}: ${response.body}`);
  }
  // After the import, so that what it allocated does not count in the import's peak RSS.
  const baselineRowsPerSecond = await parseOnly();
  const search = Object.fromEntries(Object.entries(timings).map(([kind, values]) => [kind, { p50: percentile(values, 0.5), p99: percentile(values, 0.99), max: Math.max(...values), count: values.length }]));
  process.stdout.write(
    `${JSON.stringify({ engine, rows: done.rowsRead, created: done.created, failed: done.failed, status: done.status, seconds, rowsPerSecond: done.rowsRead / seconds, cpuMicrosPerRow: (cpu.user + cpu.system) / Math.max(1, done.rowsRead), mainCpuMicrosPerRow, baselineRowsPerSecond, peakRssMb: peakRss / 1024 / 1024, rssBeforeMb: rssBefore / 1024 / 1024, search })}\n`,
  );
} finally {
  await kabar.close();
  rmSync(dataDir, { recursive: true, force: true });
  if (engine === 'postgres') {
    const pg = await import('pg');
    const client = new pg.default.Client({ connectionString: databaseUrl });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  }
}
