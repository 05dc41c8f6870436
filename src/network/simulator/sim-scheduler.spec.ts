import { describe, expect, it } from 'vitest';
import type { CommitOutcome, PlannedStatus, UnitOfWork } from '../../core/messaging/index.js';
import { SimClock } from '../../core/shared/index.js';
import { SimScheduler } from './sim-scheduler.js';

const t0 = Date.UTC(2026, 10, 25, 9, 0, 0);

function planned(messageKey: string, dueAt: number, event: PlannedStatus['event']): PlannedStatus {
  return { messageKey, dueAt, event };
}

describe('SimScheduler', () => {
  it('applies due statuses in time order and leaves later ones queued', async () => {
    const clock = SimClock.frozenAt(t0);
    const applied: PlannedStatus[][] = [];
    const scheduler = new SimScheduler({
      clock,
      apply: (due) => {
        applied.push([...due]);
        return Promise.resolve({});
      },
      writer: { commit: (): Promise<CommitOutcome> => Promise.resolve({ committed: true }) },
    });
    scheduler.add([planned('B', t0 + 3_000, 'read'), planned('A', t0 + 1_000, 'sent'), planned('A', t0 + 2_000, 'delivered')]);
    clock.advanceTo(t0 + 2_000);
    expect(await scheduler.runDue()).toBe(2);
    expect(applied.flat().map((entry) => `${entry.messageKey}:${entry.event}`)).toEqual(['A:sent', 'A:delivered']);
    expect(scheduler.pending).toBe(1);
  });

  it('keeps the statuses of a failed commit and applies them on the next run', async () => {
    const clock = SimClock.frozenAt(t0);
    let failures = 1;
    const committed: UnitOfWork[] = [];
    const errors: unknown[] = [];
    const scheduler = new SimScheduler({
      clock,
      apply: (due) => Promise.resolve({ statusChanges: due.map((entry) => ({ key: entry.messageKey, status: 'sent' as const, errorCode: null, updatedAt: entry.dueAt })) }),
      writer: {
        commit(unit) {
          if (failures > 0) {
            failures -= 1;
            return Promise.reject(new Error('disk full'));
          }
          committed.push(unit);
          return Promise.resolve({ committed: true });
        },
      },
      onError: (error) => errors.push(error),
    });
    scheduler.add([planned('A', t0 - 1, 'sent')]);
    await expect(scheduler.runDue()).rejects.toThrow('disk full');
    expect(scheduler.pending).toBe(1);
    expect(await scheduler.runDue()).toBe(1);
    expect(committed.flatMap((unit) => unit.statusChanges ?? []).map((change) => change.key)).toEqual(['A']);
  });
});
