/**
 * Diagnostics for the Kabar servers, made by wrapping better-sqlite3 in the server process so that
 * Kabar's code stays untouched. BENCH_SQL_STATS=1 counts and times every statement prepared and run;
 * the wrapper costs a few percent of throughput, so traced runs are for reading, not for the table.
 */
import SqliteDatabase from 'better-sqlite3';

export interface SqlLine {
  readonly sql: string;
  readonly prepares: number;
  readonly runs: number;
  readonly prepareMs: number;
  readonly runMs: number;
  /** The longest single run, and how many runs held the event loop 5 ms or more. */
  readonly maxRunMs: number;
  readonly slowRuns: number;
}

interface Totals {
  prepares: number;
  runs: number;
  prepareMs: number;
  runMs: number;
  maxRunMs: number;
  slowRuns: number;
}

type Runner = (...parameters: unknown[]) => unknown;

/** One line per statement shape: literal lists of placeholders collapse to `?…`. */
function shapeOf(sql: string): string {
  return sql.replace(/\s+/g, ' ').replace(/\((\?, )+\?\)/g, '(?…)').replace(/(\(\?…\), )+\(\?…\)/g, '(?…)…').slice(0, 140);
}

export function traceSql(): () => SqlLine[] {
  const totals = new Map<string, Totals>();
  const prototype = SqliteDatabase.prototype as unknown as { prepare(this: unknown, sql: string): Record<string, unknown> };
  const prepare = prototype.prepare;
  let previous = '';
  prototype.prepare = function tracedPrepare(this: unknown, sql: string) {
    const started = performance.now();
    const statement = prepare.call(this, sql);
    // A commit is charged to the transaction's last statement, which tells whose transaction it was.
    const shape = /^\s*commit\s*$/i.test(sql) ? `commit (after: ${previous.slice(0, 70)})` : shapeOf(sql);
    previous = shapeOf(sql);
    let entry = totals.get(shape);
    if (entry === undefined) {
      entry = { prepares: 0, runs: 0, prepareMs: 0, runMs: 0, maxRunMs: 0, slowRuns: 0 };
      totals.set(shape, entry);
    }
    const line = entry;
    line.prepares += 1;
    line.prepareMs += performance.now() - started;
    for (const method of ['run', 'all', 'get'] as const) {
      const original = statement[method] as Runner;
      statement[method] = (...parameters: unknown[]) => {
        const runStarted = performance.now();
        try {
          return original.apply(statement, parameters);
        } finally {
          const ran = performance.now() - runStarted;
          line.runs += 1;
          line.runMs += ran;
          if (ran > line.maxRunMs) line.maxRunMs = ran;
          if (ran >= 5) line.slowRuns += 1;
        }
      };
    }
    return statement;
  };
  return () =>
    [...totals.entries()]
      .map(([sql, entry]) => ({ sql, ...entry }))
      .sort((left, right) => right.prepareMs + right.runMs - (left.prepareMs + left.runMs));
}

export function formatSqlLines(lines: readonly SqlLine[], perSend: number): string {
  const header = `${'prepares'.padStart(9)} ${'runs'.padStart(9)} ${'/send'.padStart(6)} ${'prep ms'.padStart(8)} ${'run ms'.padStart(8)} ${'max ms'.padStart(7)} ${'≥5 ms'.padStart(6)}  statement`;
  return [
    header,
    ...lines.map(
      (line) =>
        `${String(line.prepares).padStart(9)} ${String(line.runs).padStart(9)} ${(perSend === 0 ? 0 : line.runs / perSend).toFixed(2).padStart(6)} ${line.prepareMs.toFixed(0).padStart(8)} ${line.runMs.toFixed(0).padStart(8)} ${line.maxRunMs.toFixed(1).padStart(7)} ${String(line.slowRuns).padStart(6)}  ${line.sql}`,
    ),
  ].join('\n');
}
