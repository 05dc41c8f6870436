/**
 * Kabar itself (buildApp) on a fresh SQLite data dir with the demo business seeded, served under the
 * bench protocol. The load generator does the rest over HTTP: subscribes its webhook sink, has a
 * simulated user write in, then sends text messages with the demo token.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { buildApp, type KabarApp } from '../../src/server/index.js';
import { SimClock } from '../../src/core/shared/index.js';
import { serve, sqliteSynchronous, type ServerStats } from './protocol.js';
import { sendStageTimes } from './send-stage-times.js';
import { formatSqlLines, traceSql } from './sql-trace.js';

export interface KabarServerOptions {
  /**
   * Freeze the simulated clock: sends are accepted and their statuses planned, but none falls due
   * until the load generator advances the clock after the measurement.
   */
  readonly frozenClock?: boolean;
  /**
   * Put the demo number at tier 4 (`TIER_UNLIMITED`) with this many distinct customers messaged in
   * the last 23 hours (stored contacts), then start again so that its rolling window is rebuilt
   * holding them: the admission of every send then works against a window of that size.
   */
  readonly windowRecipients?: number;
}

/** The demo number at tier 4 with `count` customers in its rolling window, as stored contacts. */
async function fillWindow(kabar: KabarApp, phoneNumberId: string, businessId: string, count: number): Promise<void> {
  const { db } = kabar.services.database;
  const now = kabar.services.clock.now();
  const hour = 3_600_000;
  await db.updateTable('phone_numbers').set({ messaging_limit_tier: 'TIER_UNLIMITED' }).where('id', '=', phoneNumberId).execute();
  for (let start = 0; start < count; start += 2_000) {
    const rows = Array.from({ length: Math.min(2_000, count - start) }, (_, offset) => {
      const index = start + offset;
      return { phone_number_id: phoneNumberId, business_id: businessId, wa_id: String(6_289_000_000_000 + index), last_at: now - 23 * hour + Math.floor((index * 22 * hour) / count) };
    });
    await db.insertInto('limit_contacts').values(rows).execute();
  }
}

export async function serveKabar(options: KabarServerOptions = {}): Promise<void> {
  const sqlLines = process.env['BENCH_SQL_STATS'] === '1' ? traceSql() : undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'kabar-bench-kabar-'));
  const synchronous = sqliteSynchronous();
  const clock = options.frozenClock === true ? SimClock.frozenAt(Date.now()) : undefined;
  const build = (token?: string) =>
    buildApp({ dataDir, ...(clock === undefined ? {} : { clock }), ...(synchronous === undefined ? {} : { sqliteSynchronous: synchronous }), ...(token === undefined ? {} : { adminToken: token }) });
  let kabar = await build();
  let demo = await kabar.services.ensureDemo(undefined);
  const adminToken = kabar.adminToken;
  if (adminToken === undefined) throw new Error('a fresh data dir should have generated an admin token');
  if (options.windowRecipients !== undefined) {
    await fillWindow(kabar, demo.phoneNumberId, demo.businessId, options.windowRecipients);
    await kabar.close();
    kabar = await build(adminToken);
    demo = await kabar.services.ensureDemo(demo.accessToken);
  }

  async function stats(): Promise<ServerStats> {
    await kabar.services.committer.drain();
    // Statuses held for their rows (SQLite) are written, so that the counts by status are true.
    await kabar.services.committer.flushHeld();
    const { db } = kabar.services.database;
    const figures: Record<string, number> = {};
    const messages = await db.selectFrom('messages').select(['direction', db.fn.countAll<number>().as('count')]).groupBy('direction').execute();
    for (const row of messages) figures[`messages_${row.direction}`] = Number(row.count);
    const messageStatuses = await db
      .selectFrom('messages')
      .where('direction', '=', 'outbound')
      .select(['status', db.fn.countAll<number>().as('count')])
      .groupBy('status')
      .execute();
    for (const row of messageStatuses) figures[`outbound_${row.status}`] = Number(row.count);
    const outbox = await db.selectFrom('outbox').select(['status', db.fn.countAll<number>().as('count')]).groupBy('status').execute();
    for (const row of outbox) figures[`outbox_${row.status}`] = Number(row.count);
    figures['statuses_planned'] = kabar.services.scheduler.pending;
    // Durable like FULL: SQLite syncs each commit itself (2), or Kabar syncs the WAL after each write.
    const mode = await sql<{ synchronous: number }>`PRAGMA synchronous`.execute(db);
    const walSyncs = kabar.services.database.walSyncs?.();
    figures['synchronous_full'] = mode.rows[0]?.synchronous === 2 || walSyncs !== undefined ? 1 : 0;
    if (walSyncs !== undefined) figures['wal_syncs'] = walSyncs.finished;
    const checkpoints = kabar.services.database.walCheckpoints?.();
    if (checkpoints !== undefined) {
      figures['wal_checkpoints'] = checkpoints.runs;
      figures['wal_checkpoints_busy'] = checkpoints.busy;
      figures['wal_frames_last'] = checkpoints.walFrames;
    }
    for (const [name, file] of [['db_bytes', 'kabar.db'], ['wal_bytes', 'kabar.db-wal']] as const) {
      try {
        figures[name] = statSync(join(dataDir, file)).size;
      } catch {
        figures[name] = 0;
      }
    }
    if (sqlLines !== undefined) {
      const sends = figures['messages_outbound'] ?? 0;
      process.stderr.write(`\nSQLite statements in this server, per outbound message (${sends}):\n${formatSqlLines(sqlLines(), sends)}\n`);
    }
    return figures;
  }

  await serve(kabar.app, {
    ...(process.env['BENCH_STAGE_TIMES'] === '1' ? { measured: [sendStageTimes(kabar.app)] } : {}),
    details: {
      adminToken,
      accessToken: demo.accessToken,
      phoneNumberId: demo.phoneNumberId,
      wabaId: demo.wabaId,
      businessId: demo.businessId,
    },
    stats,
    close: async () => {
      await kabar.services.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  });
}
