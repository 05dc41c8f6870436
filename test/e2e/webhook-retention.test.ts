import { afterEach, describe, expect, it } from 'vitest';
import { SimClock, records, unitOf } from '../../src/core/shared/index.js';
import { afterAttempt, outboxQueued, type OutboxRecord } from '../../src/core/webhooks/index.js';
import { webhookRetentionFromEnvironment } from '../../src/server/index.js';
import { dialects, freshDatabase } from '../support/databases.js';
import { startKabar, testEpoch, type TestKabar } from '../support/kabar.js';
import { WebhookSink } from '../support/webhook-sink.js';

const day = 24 * 60 * 60 * 1000;

describe('KABAR_WEBHOOK_RETENTION', () => {
  it('reads a duration and refuses anything else', () => {
    expect(webhookRetentionFromEnvironment(undefined)).toBeUndefined();
    expect(webhookRetentionFromEnvironment('7d')).toBe(7 * day);
    expect(webhookRetentionFromEnvironment('36h')).toBe(36 * 60 * 60 * 1000);
    expect(() => webhookRetentionFromEnvironment('a week')).toThrow('KABAR_WEBHOOK_RETENTION must be a positive duration');
    expect(() => webhookRetentionFromEnvironment('-1d')).toThrow('KABAR_WEBHOOK_RETENTION must be a positive duration');
  });
});

for (const dialect of dialects) {
  describe(`retention of the webhook delivery log on ${dialect}`, () => {
    let t: TestKabar;
    let sink: WebhookSink;

    const start = async (options: { webhookRetentionMs?: number } = {}): Promise<void> => {
      t = await startKabar(dialect, freshDatabase(dialect), SimClock.frozenAt(testEpoch), 'fixed', options);
      sink = await WebhookSink.start();
      await t.subscribe(sink);
    };

    afterEach(async () => {
      await t.close();
      await sink.close();
      await t.database.cleanup();
    });

    const get = async <Body>(url: string): Promise<Body> => (await t.kabar.app.inject({ method: 'GET', url, headers: t.admin })).json<Body>();
    const attemptsOf = async (key: string): Promise<number> => (await get<{ data: unknown[] }>(`/admin/webhooks/attempts?outbox_key=${key}`)).data.length;

    it('lists delivered and dead webhooks and their attempts 6 days after they finished, and drops them after 8', async () => {
      await start();
      await t.userWrites('delivered at once');
      const delivered = await t.outboxRow('delivered at once');
      expect(delivered).toMatchObject({ status: 'delivered', attempts: 1 });
      sink.status = 503;
      await t.userWrites('never answered');
      const dying = await t.outboxRow('never answered');

      await t.advance('6d');
      expect(await t.outboxRow('delivered at once')).toMatchObject({ status: 'delivered' });
      expect(await attemptsOf(delivered?.key ?? '')).toBe(1);

      // Eight days after the delivery; the other webhook is given up now, 8 days after it was created.
      await t.advance('2d');
      expect(await t.outboxRow('delivered at once')).toBeUndefined();
      expect(await attemptsOf(delivered?.key ?? '')).toBe(0);
      expect(await t.outboxRow('never answered')).toMatchObject({ status: 'dead', attempts: 3 });

      await t.advance('6d');
      expect(await t.outboxRow('never answered')).toMatchObject({ status: 'dead', attempts: 3 });
      expect(await attemptsOf(dying?.key ?? '')).toBe(3);
      expect(await get('/admin/webhooks/summary')).toEqual({ pending: 0, delivered: 0, dead: 1 });

      await t.advance('2d');
      expect((await get<{ data: unknown[] }>('/admin/webhooks/outbox')).data).toEqual([]);
      expect(await attemptsOf(dying?.key ?? '')).toBe(0);
      expect(await get('/admin/webhooks/summary')).toEqual({ pending: 0, delivered: 0, dead: 0 });
    });

    it('never prunes a pending webhook, even one older than a retention set shorter than its retries', async () => {
      await start({ webhookRetentionMs: day });
      await t.userWrites('delivered at once');
      sink.status = 503;
      await t.userWrites('still retrying');

      await t.advance('3d');
      expect(await t.outboxRow('delivered at once')).toBeUndefined();
      expect(await t.outboxRow('still retrying')).toMatchObject({ status: 'pending', attempts: 2 });
      sink.status = 200;
    });

    it('prunes a large backlog in transactions of at most 1,000 rows, and keeps pending rows however old', async () => {
      await start();
      const url = 'http://127.0.0.1:9/finished';
      const record = (index: number, overrides: Partial<OutboxRecord> = {}): OutboxRecord => ({
        key: `${testEpoch}-${String(index).padStart(6, '0')}`, businessId: t.demo.businessId, appId: t.demo.appId, url, body: '{}', status: 'pending',
        attempts: 0, nextAttemptAt: testEpoch, createdAt: testEpoch, deliveredAt: null, finishedAt: null, lastError: null, ...overrides,
      });
      const finished = Array.from({ length: 2_500 }, (_, index) => record(index));
      // Pending for 30 days already, next attempt far ahead: old, but not finished.
      const pending = [1, 2, 3].map((index) => record(10_000 + index, { createdAt: testEpoch - 30 * day, nextAttemptAt: testEpoch + 30 * day }));
      await t.kabar.services.committer.commit(unitOf(records(outboxQueued, [...finished.map((entry) => ({ ...entry, nextAttemptAt: testEpoch + 30 * day })), ...pending])));
      await t.kabar.services.outbox.recordAttempts(
        finished.map((entry, index) => ({
          record: afterAttempt(entry, { delivered: true }, testEpoch),
          attempt: { key: `A-${index}`, outboxKey: entry.key, attempt: 1, attemptedAt: testEpoch, url, responseStatus: 200, error: null, durationMs: 1 },
        })),
      );
      expect(await get('/admin/webhooks/summary')).toEqual({ pending: 3, delivered: 2_500, dead: 0 });

      t.clock.advanceTo(testEpoch + 8 * day);
      expect(await t.kabar.services.pruner.runDue()).toEqual({ outboxRows: 2_500, attempts: 2_500, batches: [1_000, 1_000, 500] });
      expect(await get('/admin/webhooks/summary')).toEqual({ pending: 3, delivered: 0, dead: 0 });
      expect((await get<{ data: unknown[] }>('/admin/webhooks/attempts?limit=1000')).data).toEqual([]);
    });
  });
}
