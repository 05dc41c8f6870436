import { SimClock } from '../../src/core/shared/index.js';
import type { DemoCredentials } from '../../src/core/onboarding/index.js';
import { buildApp, type KabarApp, type KabarOptions } from '../../src/server/index.js';
import { freshDatabase, type TestDatabase } from './databases.js';
import { WebhookSink } from './webhook-sink.js';

export const testEpoch = Date.UTC(2026, 10, 25, 9, 0, 0);
export const adminToken = 'test-admin-token';

/** An outbox row as `/admin/webhooks/outbox` lists it. */
export interface OutboxRowView {
  readonly key: string;
  readonly status: string;
  readonly attempts: number;
  readonly last_error: string | null;
  readonly body: unknown;
}

export interface TestKabar {
  readonly kabar: KabarApp;
  readonly demo: DemoCredentials;
  readonly clock: SimClock;
  readonly database: TestDatabase;
  /** Points the demo WABA's webhooks at a receiver (Kabar performs the hub.challenge handshake first). */
  subscribe(receiver: { readonly url: string; readonly verifyToken: string }): Promise<void>;
  /** Graph request headers for the demo token. */
  readonly auth: { authorization: string };
  readonly admin: { authorization: string };
  /** Moves the simulated clock over the API, then lets whatever fell due happen. */
  advance(by: string): Promise<void>;
  /** A simulated user writes to the demo number; whatever follows is settled. */
  userWrites(text: string, from?: string): Promise<void>;
  /** The outbox row whose webhook body contains `text`. */
  outboxRow(text: string): Promise<OutboxRowView | undefined>;
  close(): Promise<void>;
}

/**
 * Kabar on a fresh database with a frozen clock and, unless `network` is 'stored', a fixed simulator
 * schedule (sent after 1 s, delivered 1 s later, always read 3 s after that) instead of what
 * `POST /sim/network` stored; workers run only when something kicks them.
 */
export async function startKabar(
  dialect: 'sqlite' | 'postgres',
  database: TestDatabase = freshDatabase(dialect),
  clock = SimClock.frozenAt(testEpoch),
  network: 'fixed' | 'stored' = 'fixed',
  options: Partial<Pick<KabarOptions, 'webhookRetentionMs' | 'features' | 'smtpUrl' | 'emailFrom' | 'nodeTag'>> = {},
): Promise<TestKabar> {
  const kabar = await buildApp({
    ...options,
    ...database.options,
    clock,
    adminToken,
    pollIntervalMs: 0,
    ...(network === 'fixed'
      ? { simSeed: 7, simSchedule: { sentAfterMs: [1_000, 1_000], deliveredAfterSentMs: [1_000, 1_000], readAfterDeliveredMs: [3_000, 3_000], readProbability: 1 } }
      : {}),
  });
  const demo = await kabar.services.ensureDemo(undefined);
  return {
    kabar,
    demo,
    clock,
    database,
    auth: { authorization: `Bearer ${demo.accessToken}` },
    admin: { authorization: `Bearer ${adminToken}` },
    async advance(by) {
      await kabar.app.inject({ method: 'POST', url: '/sim/clock/advance', headers: { authorization: `Bearer ${adminToken}` }, payload: { by } });
      await kabar.services.settle();
    },
    async userWrites(text, from = '15550100021') {
      await kabar.app.inject({ method: 'POST', url: '/sim/messages', headers: { authorization: `Bearer ${adminToken}` }, payload: { from, text } });
      await kabar.services.settle();
    },
    async outboxRow(text) {
      const response = await kabar.app.inject({ method: 'GET', url: '/admin/webhooks/outbox?limit=1000', headers: { authorization: `Bearer ${adminToken}` } });
      return response.json<{ data: OutboxRowView[] }>().data.find((row) => JSON.stringify(row.body).includes(text));
    },
    async subscribe(receiver) {
      const response = await kabar.app.inject({
        method: 'POST',
        url: `/v21.0/${demo.wabaId}/subscribed_apps`,
        headers: { authorization: `Bearer ${demo.accessToken}` },
        payload: { override_callback_uri: receiver.url, verify_token: receiver.verifyToken },
      });
      if (response.statusCode !== 200) throw new Error(`subscription refused: ${response.body}`);
    },
    async close() {
      await kabar.close();
    },
  };
}

/**
 * Sets the demo number's throughput level over the admin API. Tests that send faster than 80
 * messages a second, or more than the pair rate limit allows to one user, in simulated time and are
 * not about throughput set `UNLIMITED` (Kabar's load-test level), so that the rule they test is the
 * only one that acts.
 */
export async function setThroughput(t: Pick<TestKabar, 'kabar' | 'demo' | 'admin'>, level: 'STANDARD' | 'HIGH' | 'UNLIMITED'): Promise<void> {
  const response = await t.kabar.app.inject({ method: 'POST', url: `/admin/phone_numbers/${t.demo.phoneNumberId}/throughput`, headers: t.admin, payload: { level } });
  if (response.statusCode !== 200) throw new Error(`the throughput level was refused: ${response.body}`);
}

/** Kabar with a webhook receiver subscribed to the demo WABA; `close` stops both and drops the database. */
export async function startKabarWithSink(
  dialect: 'sqlite' | 'postgres',
  options: Partial<Pick<KabarOptions, 'webhookRetentionMs' | 'features'>> = {},
): Promise<{ t: TestKabar; sink: WebhookSink; close(): Promise<void> }> {
  const t = await startKabar(dialect, freshDatabase(dialect), SimClock.frozenAt(testEpoch), 'fixed', options);
  const sink = await WebhookSink.start();
  await t.subscribe(sink);
  return {
    t,
    sink,
    async close() {
      await t.close();
      await sink.close();
      await t.database.cleanup();
    },
  };
}
