/**
 * `npm run bench:contacts` (also the second half of `npm run bench`): a 1,000,000-row contact file
 * imported on SQLite (and PostgreSQL when BENCH_DATABASE_URL is set), each engine in its own process,
 * reporting rows/s, peak RSS and contact search latencies. See docs/benchmarks.md. The child runs the
 * compiled build (`npm run build`, run here first), as `npm start` does, not the source through tsx.
 *
 * Environment: BENCH_CONTACT_ROWS (default 1000000), BENCH_SEARCHES (default 1000 of each kind),
 * BENCH_DATABASE_URL (postgres://… to run PostgreSQL too).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeContactsFile } from './lib/contacts-file.js';
import { repoRoot } from './lib/server-process.js';

const rows = Number(process.env['BENCH_CONTACT_ROWS'] ?? 1_000_000);
const engines = process.env['BENCH_DATABASE_URL'] === undefined ? ['sqlite'] : ['sqlite', 'postgres'];
const directory = mkdtempSync(join(tmpdir(), 'kabar-bench-contacts-file-'));
const file = join(directory, 'contacts.csv');

const targets = { rowsPerSecond: 50_000, peakRssMb: 300, searchP99Ms: 50 };

try {
  process.stdout.write('Building (npm run build)… ');
  execFileSync(process.execPath, [join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(repoRoot, 'tsconfig.build.json')], { stdio: 'inherit' });
  process.stdout.write('done\n');
  process.stdout.write(`Writing ${rows.toLocaleString('en-US')} rows… `);
  await writeContactsFile(file, rows);
  process.stdout.write('done\n');
  const results: Record<string, unknown>[] = [];
  for (const engine of engines) {
    process.stdout.write(`Importing on ${engine}… `);
    const output = execFileSync(process.execPath, [join(repoRoot, 'dist', 'bench', 'contacts-child.js'), file, engine], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024, env: process.env });
    const result = JSON.parse(output.trim().split('\n').pop() ?? '{}') as {
      rowsPerSecond: number;
      baselineRowsPerSecond: number;
      peakRssMb: number;
      seconds: number;
      search: Record<string, { p50: number; p99: number }>;
    };
    results.push(result);
    process.stdout.write(
      `${Math.round(result.rowsPerSecond).toLocaleString('en-US')} rows/s in ${result.seconds.toFixed(1)} s (csv-parse alone ${Math.round(result.baselineRowsPerSecond).toLocaleString('en-US')} rows/s, ratio ${(result.rowsPerSecond / result.baselineRowsPerSecond).toFixed(3)}), peak RSS ${Math.round(result.peakRssMb)} MB; ` +
        `search p99: ${Object.entries(result.search).map(([kind, figures]) => `${kind} ${figures.p99.toFixed(1)} ms`).join(', ')}\n`,
    );
    const met = result.rowsPerSecond >= targets.rowsPerSecond && result.peakRssMb < targets.peakRssMb;
    const searchMet = ['name', 'number', 'tag'].every((kind) => (result.search[kind]?.p99 ?? Infinity) < targets.searchP99Ms);
    if (engine === 'sqlite') process.stdout.write(`  import target (≥ ${targets.rowsPerSecond} rows/s, RSS < ${targets.peakRssMb} MB on SQLite): ${met ? 'MET' : 'NOT MET'}\n`);
    process.stdout.write(`  search target (p99 < ${targets.searchP99Ms} ms by name, number prefix and tag): ${searchMet ? 'MET' : 'NOT MET'}\n`);
  }
  const resultsDirectory = join(repoRoot, 'bench', 'results');
  mkdirSync(resultsDirectory, { recursive: true });
  const report = { date: new Date().toISOString(), rows, node: process.version, commit: execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim(), targets, results };
  writeFileSync(join(resultsDirectory, 'contacts.json'), `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write('Results written to bench/results/contacts.json\n');
} finally {
  rmSync(directory, { recursive: true, force: true });
}
