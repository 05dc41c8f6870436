import { describe, expect, it } from 'vitest';
import { pruneBefore, retentionPolicy } from './retention.policy.js';

const day = 24 * 60 * 60 * 1000;
const t0 = Date.UTC(2026, 10, 25);

describe('webhook retention policy', () => {
  it('keeps finished webhooks 7 days by default, in batches of 1,000', () => {
    expect(retentionPolicy.keepMs).toBe(7 * day);
    expect(retentionPolicy.batchSize).toBe(1_000);
  });

  it('prunes what finished more than the retention ago, and keeps what finished exactly that long ago', () => {
    const cutoff = pruneBefore(t0 + 7 * day, retentionPolicy.keepMs);
    expect(t0 - 1 < cutoff).toBe(true);
    expect(t0 < cutoff).toBe(false);
    expect(pruneBefore(t0 + 2 * day, day)).toBe(t0 + day);
  });
});
