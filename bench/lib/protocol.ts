/**
 * The line protocol between bench/run.ts and a server child: the child prints one ready line when it
 * listens and, when told to stop (SIGTERM or its stdin closing), one stats line before it exits.
 */
import { monitorEventLoopDelay, performance, type EventLoopUtilization, type Histogram } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import type { FastifyInstance } from 'fastify';

export const readyPrefix = 'BENCH_READY ';
export const statsPrefix = 'BENCH_STATS ';
/** Lines the parent writes to a server's stdin around the measured run. */
export const measureStartLine = 'BENCH_MEASURE_START';
export const measureEndLine = 'BENCH_MEASURE_END';

export interface ReadyInfo {
  readonly port: number;
  /** Scenario-specific values the load generator needs (tokens, node ids). */
  readonly details: Readonly<Record<string, string>>;
}

export type ServerStats = Readonly<Record<string, number>>;

/** BENCH_SQLITE_SYNCHRONOUS (FULL or NORMAL) for the durable servers; undefined keeps their default. */
export function sqliteSynchronous(): 'FULL' | 'NORMAL' | undefined {
  const value = process.env['BENCH_SQLITE_SYNCHRONOUS']?.trim().toUpperCase();
  if (value === undefined || value === '') return undefined;
  if (value !== 'FULL' && value !== 'NORMAL') throw new Error(`BENCH_SQLITE_SYNCHRONOUS must be FULL or NORMAL, not '${value}'`);
  return value;
}

export function parseReady(line: string): ReadyInfo | undefined {
  if (!line.startsWith(readyPrefix)) return undefined;
  const value: unknown = JSON.parse(line.slice(readyPrefix.length));
  if (typeof value !== 'object' || value === null) return undefined;
  const { port, details } = value as { port?: unknown; details?: unknown };
  if (typeof port !== 'number') return undefined;
  const entries = typeof details === 'object' && details !== null ? Object.entries(details) : [];
  return { port, details: Object.fromEntries(entries.filter((entry): entry is [string, string] => typeof entry[1] === 'string')) };
}

export function parseStats(line: string): ServerStats | undefined {
  if (!line.startsWith(statsPrefix)) return undefined;
  const value: unknown = JSON.parse(line.slice(statsPrefix.length));
  if (typeof value !== 'object' || value === null) return undefined;
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, number] => typeof entry[1] === 'number'));
}

export interface ServeOptions {
  readonly details?: Readonly<Record<string, string>>;
  /** Figures to report at shutdown, e.g. rows committed. */
  readonly stats?: () => Promise<ServerStats> | ServerStats;
  /** Runs after the HTTP server has closed. */
  readonly close?: () => Promise<void> | void;
  /** Figures of the measured run only, beside the event loop's delay. */
  readonly measured?: readonly MeasuredRun[];
}

/** Figures a server gathers over the measured run only: reset on the parent's start line, read on its end line. */
export interface MeasuredRun {
  start(): void;
  end(): ServerStats;
}

/** A histogram of nanoseconds as `<name>_p50_ms`, `_p99_ms` and `_max_ms`, in ms to two decimals. */
export function histogramFigures(name: string, histogram: Pick<Histogram, 'percentile' | 'max'>): ServerStats {
  const ms = (nanoseconds: number): number => Math.round(nanoseconds / 1e4) / 100;
  return { [`${name}_p50_ms`]: ms(histogram.percentile(50)), [`${name}_p99_ms`]: ms(histogram.percentile(99)), [`${name}_max_ms`]: ms(histogram.max) };
}

/**
 * The event loop's delay: how long a ready callback waited for the loop, which is what a request
 * waits behind long tasks. Less sensitive to other work on the machine than the load's own latency.
 * With it, the loop's utilization: the share of the measured run it was running rather than waiting
 * for I/O (under load, a loop that waits while requests wait is waiting for a WAL sync).
 */
function eventLoopDelay(): MeasuredRun {
  const histogram = monitorEventLoopDelay({ resolution: 2 });
  let utilization: EventLoopUtilization | undefined;
  return {
    start() {
      histogram.reset();
      histogram.enable();
      utilization = performance.eventLoopUtilization();
    },
    end() {
      histogram.disable();
      const used = performance.eventLoopUtilization(utilization);
      return { ...histogramFigures('event_loop_delay', histogram), event_loop_utilization: Math.round(used.utilization * 1000) / 1000 };
    },
  };
}

/** Starts and ends every measured figure on the parent's lines; returns what the last measured run gave. */
function duringMeasurement(runs: readonly MeasuredRun[]): () => ServerStats {
  let measured: ServerStats = {};
  createInterface({ input: process.stdin }).on('line', (line) => {
    if (line === measureStartLine) {
      for (const run of runs) run.start();
    } else if (line === measureEndLine) {
      measured = Object.fromEntries(runs.flatMap((run) => Object.entries(run.end())));
    }
  });
  return () => measured;
}

/** Listens on an ephemeral loopback port, announces it, and shuts down cleanly when asked. */
export async function serve(app: FastifyInstance, options: ServeOptions = {}): Promise<void> {
  const measured = duringMeasurement([eventLoopDelay(), ...(options.measured ?? [])]);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('the server has no TCP address');
  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    try {
      const stats = { ...measured(), ...((await options.stats?.()) ?? {}) };
      process.stdout.write(`${statsPrefix}${JSON.stringify(stats)}\n`);
      await app.close();
      await options.close?.();
    } finally {
      // A clean exit (not a signal death) is what lets --cpu-prof write its profile.
      process.exit(0);
    }
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
  // The parent holds our stdin open; if it dies, the pipe closes and we stop too.
  process.stdin.on('end', () => void stop());
  process.stdin.resume();
  const ready: ReadyInfo = { port: address.port, details: options.details ?? {} };
  process.stdout.write(`${readyPrefix}${JSON.stringify(ready)}\n`);
}
