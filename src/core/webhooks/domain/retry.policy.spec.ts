import { describe, expect, it } from 'vitest';
import type { OutboxRecord } from './outbox.model.js';
import { afterAttempt, retryDelayMs, retryPolicy } from './retry.policy.js';

const t0 = Date.UTC(2026, 10, 25);
const record: OutboxRecord = { key: 'K', businessId: 'b', appId: 'a', url: 'http://x', body: '{}', status: 'pending', attempts: 0, nextAttemptAt: t0, createdAt: t0, deliveredAt: null, finishedAt: null, lastError: null };

describe('webhook retry policy', () => {
  it('backs off exponentially from 5 s and caps at one hour', () => {
    expect([1, 2, 3, 4].map(retryDelayMs)).toEqual([5_000, 10_000, 20_000, 40_000]);
    expect(retryDelayMs(30)).toBe(3_600_000);
  });

  it('marks a 2xx delivered and a failure pending with the next attempt time', () => {
    expect(afterAttempt(record, { delivered: true }, t0 + 1)).toMatchObject({ status: 'delivered', attempts: 1, deliveredAt: t0 + 1, finishedAt: t0 + 1 });
    expect(afterAttempt(record, { delivered: false, error: 'HTTP 500' }, t0)).toMatchObject({ status: 'pending', attempts: 1, nextAttemptAt: t0 + 5_000, finishedAt: null, lastError: 'HTTP 500' });
  });

  it('gives up once the next attempt would fall past 7 days', () => {
    const old = { ...record, attempts: 40 };
    expect(afterAttempt(old, { delivered: false, error: 'timeout' }, t0 + retryPolicy.giveUpAfterMs - 1_000)).toMatchObject({ status: 'dead', finishedAt: t0 + retryPolicy.giveUpAfterMs - 1_000 });
    expect(afterAttempt(old, { delivered: false, error: 'timeout' }, t0 + retryPolicy.giveUpAfterMs - 4_000_000).status).toBe('pending');
  });
});
