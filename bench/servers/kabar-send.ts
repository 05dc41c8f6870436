/**
 * Scenario 4: Kabar itself (buildApp) on a fresh SQLite data dir with the demo business seeded. The
 * load generator does the rest over HTTP: subscribes its webhook sink, has a simulated user write in,
 * then sends text messages with the demo token.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../../src/server/index.js';
import { serve, type ServerStats } from '../lib/protocol.js';

const dataDir = mkdtempSync(join(tmpdir(), 'kabar-bench-kabar-'));
const kabar = await buildApp({ dataDir });
const demo = await kabar.services.ensureDemo(undefined);
if (kabar.adminToken === undefined) throw new Error('a fresh data dir should have generated an admin token');

async function stats(): Promise<ServerStats> {
  await kabar.services.committer.drain();
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
  const timers = await db.selectFrom('timers').select(db.fn.countAll<number>().as('count')).executeTakeFirst();
  figures['timers_pending'] = Number(timers?.count ?? 0);
  return figures;
}

await serve(kabar.app, {
  details: {
    adminToken: kabar.adminToken,
    accessToken: demo.accessToken,
    phoneNumberId: demo.phoneNumberId,
    wabaId: demo.wabaId,
  },
  stats,
  close: async () => {
    await kabar.services.close();
    rmSync(dataDir, { recursive: true, force: true });
  },
});
