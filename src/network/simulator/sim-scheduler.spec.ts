import { describe, expect, it, vi } from 'vitest';
import { statusChanged, type AppliedStatuses, type MessageRecord, type PlannedStatus } from '../../core/messaging/index.js';
import { SimClock, emptyUnit, payloadsOf, records, unitOf, type CommitOutcome, type UnitOfWork } from '../../core/shared/index.js';
import { SimScheduler } from './sim-scheduler.js';

const t0 = Date.UTC(2026, 10, 25, 9, 0, 0);

function planned(messageKey: string, dueAt: number, event: PlannedStatus['event']): PlannedStatus {
  return { messageKey, dueAt, event };
}

/** An outbound text as stored before its first status. */
function outbound(key: string): MessageRecord {
  return { key, businessId: 'b1', wabaId: 'w1', phoneNumberId: 'p1', direction: 'outbound', waId: '15550100001', type: 'text', content: { body: 'Hi' }, category: null, status: 'accepted', errorCode: null, contextKey: null, bizOpaqueCallbackData: null, idempotencyKey: null, requestFingerprint: null, createdAt: t0, updatedAt: t0 };
}

/** Each due status becomes one status change of its message. */
function asChanges(due: readonly PlannedStatus[]): AppliedStatuses {
  return { unit: unitOf(records(statusChanged, due.map((entry) => ({ key: entry.messageKey, status: 'sent' as const, errorCode: null, updatedAt: entry.dueAt, message: outbound(entry.messageKey) })))), rejected: [] };
}

function keysOf(units: readonly UnitOfWork[]): string[] {
  return units.flatMap((unit) => payloadsOf(unit, statusChanged)).map((change) => change.key);
}

describe('SimScheduler', () => {
  it('applies due statuses in time order and leaves later ones queued', async () => {
    const clock = SimClock.frozenAt(t0);
    const applied: PlannedStatus[][] = [];
    const scheduler = new SimScheduler({
      clock,
      apply: (due) => {
        applied.push([...due]);
        return Promise.resolve({ unit: emptyUnit, rejected: [] });
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
    const scheduler = new SimScheduler({
      clock,
      apply: (due) => Promise.resolve(asChanges(due)),
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
    });
    scheduler.add([planned('A', t0 - 1, 'sent')]);
    await expect(scheduler.runDue()).rejects.toThrow('disk full');
    expect(scheduler.pending).toBe(1);
    expect(await scheduler.runDue()).toBe(1);
    expect(keysOf(committed)).toEqual(['A']);
  });

  it('dead-letters a status the core could not apply and commits the rest of its batch', async () => {
    const clock = SimClock.frozenAt(t0);
    const committed: UnitOfWork[] = [];
    const deadLetters: string[] = [];
    const scheduler = new SimScheduler({
      clock,
      apply: (due) => {
        const bad = due.filter((entry) => entry.messageKey === 'BAD');
        const good = asChanges(due.filter((entry) => entry.messageKey !== 'BAD'));
        return Promise.resolve({ unit: good.unit, rejected: bad.map((entry) => ({ planned: entry, reason: 'malformed key' })) });
      },
      writer: { commit: (unit) => (committed.push(unit), Promise.resolve({ committed: true })) },
      onDeadLetter: (entry, reason) => deadLetters.push(`${entry.messageKey}: ${reason}`),
    });
    scheduler.add([planned('A', t0, 'sent'), planned('BAD', t0, 'sent'), planned('C', t0, 'sent')]);
    expect(await scheduler.runDue()).toBe(3);
    expect(keysOf(committed)).toEqual(['A', 'C']);
    expect(deadLetters).toEqual(['BAD: malformed key']);
    expect(scheduler.pending).toBe(0);
  });

  it('isolates a status whose commit fails while the others of its batch commit', async () => {
    const clock = SimClock.frozenAt(t0);
    const committed: UnitOfWork[] = [];
    const deadLetters: string[] = [];
    const scheduler = new SimScheduler({
      clock,
      apply: (due) => Promise.resolve(asChanges(due)),
      writer: {
        commit(unit) {
          if (keysOf([unit]).includes('POISON')) return Promise.reject(new Error('invalid byte sequence'));
          committed.push(unit);
          return Promise.resolve({ committed: true });
        },
      },
      onDeadLetter: (entry, reason) => deadLetters.push(`${entry.messageKey}: ${reason}`),
    });
    scheduler.add([planned('A', t0, 'sent'), planned('POISON', t0, 'sent'), planned('C', t0, 'sent')]);
    await scheduler.runDue();
    expect(keysOf(committed)).toEqual(['A', 'C']);
    expect(deadLetters).toEqual(['POISON: invalid byte sequence']);
    scheduler.add([planned('D', t0, 'sent')]);
    await scheduler.runDue();
    expect(keysOf(committed)).toEqual(['A', 'C', 'D']);
  });

  it('throws a batch back when every status fails alone too (the database is down), losing none', async () => {
    const clock = SimClock.frozenAt(t0);
    const deadLetters: string[] = [];
    let down = true;
    const committed: UnitOfWork[] = [];
    const scheduler = new SimScheduler({
      clock,
      apply: (due) => Promise.resolve(asChanges(due)),
      writer: { commit: (unit) => (down ? Promise.reject(new Error('connection refused')) : (committed.push(unit), Promise.resolve({ committed: true }))) },
      onDeadLetter: (entry) => deadLetters.push(entry.messageKey),
    });
    scheduler.add([planned('A', t0, 'sent'), planned('B', t0, 'sent')]);
    await expect(scheduler.runDue()).rejects.toThrow('connection refused');
    expect(scheduler.pending).toBe(2);
    down = false;
    expect(await scheduler.runDue()).toBe(2);
    expect(keysOf(committed).sort()).toEqual(['A', 'B']);
    expect(deadLetters).toEqual([]);
  });

  it('hands its batches to commitLater where the writer has it, and commits a status retried alone at once', async () => {
    const clock = SimClock.frozenAt(t0);
    const later: UnitOfWork[] = [];
    const atOnce: UnitOfWork[] = [];
    const poisoned = (unit: UnitOfWork): boolean => keysOf([unit]).includes('POISON');
    const scheduler = new SimScheduler({
      clock,
      apply: (due) => Promise.resolve(asChanges(due)),
      writer: {
        commit: (unit) => (poisoned(unit) ? Promise.reject(new Error('invalid byte sequence')) : (atOnce.push(unit), Promise.resolve({ committed: true }))),
        commitLater: (unit) => (poisoned(unit) ? Promise.reject(new Error('invalid byte sequence')) : (later.push(unit), Promise.resolve({ committed: true }))),
      },
      onDeadLetter: () => undefined,
    });
    scheduler.add([planned('A', t0, 'sent'), planned('B', t0, 'sent')]);
    expect(await scheduler.runDue()).toBe(2);
    expect([keysOf(later), keysOf(atOnce)]).toEqual([['A', 'B'], []]);
    scheduler.add([planned('C', t0, 'sent'), planned('POISON', t0, 'sent')]);
    await scheduler.runDue();
    expect([keysOf(later), keysOf(atOnce)]).toEqual([['A', 'B'], ['C']]);
  });

  it('applies a backlog in bounded batches, in order, and lets other work run between them', async () => {
    const clock = SimClock.frozenAt(t0);
    const events: string[] = [];
    const scheduler = new SimScheduler({
      clock,
      maxBatch: 4,
      apply: (due) => {
        events.push(`apply ${due.map((entry) => entry.messageKey).join(',')}`);
        // Work that arrives while a batch is applied (a request) runs before the next batch.
        setImmediate(() => events.push('request'));
        return Promise.resolve(asChanges(due));
      },
      writer: { commit: (): Promise<CommitOutcome> => Promise.resolve({ committed: true }) },
    });
    scheduler.add(Array.from({ length: 10 }, (_, index) => planned(`M${index}`, t0 - 10 + index, 'sent')));
    expect(await scheduler.runDue()).toBe(10);
    expect(events).toEqual(['apply M0,M1,M2,M3', 'request', 'apply M4,M5,M6,M7', 'request', 'apply M8,M9', 'request']);
    expect(scheduler.pending).toBe(0);
  });

  it('keeps its batches small while requests are committing, and large when none is', async () => {
    const clock = SimClock.frozenAt(t0);
    const sizes: number[] = [];
    let requestsCommitting = true;
    const scheduler = new SimScheduler({
      clock,
      maxBatch: 6,
      maxBatchUnderLoad: 2,
      apply: (due) => {
        sizes.push(due.length);
        // The load stops after the second batch: the rest no longer rides with a request's commit.
        if (sizes.length === 2) requestsCommitting = false;
        return Promise.resolve(asChanges(due));
      },
      writer: { commit: (): Promise<CommitOutcome> => Promise.resolve({ committed: true }), requestsCommitting: () => requestsCommitting },
    });
    scheduler.add(Array.from({ length: 11 }, (_, index) => planned(`M${index}`, t0 - 20 + index, 'sent')));
    expect(await scheduler.runDue()).toBe(11);
    expect(sizes).toEqual([2, 2, 6, 1]);
  });

  it('polls again when the next status falls due, sooner than the interval', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const clock = SimClock.frozenAt(t0);
      const applied: string[] = [];
      const scheduler = new SimScheduler({
        clock,
        apply: (due) => (applied.push(...due.map((entry) => entry.messageKey)), Promise.resolve(asChanges(due))),
        writer: { commit: (): Promise<CommitOutcome> => Promise.resolve({ committed: true }) },
      });
      scheduler.add([planned('A', t0 + 30, 'sent')]);
      scheduler.start(1_000);
      clock.advanceTo(t0 + 30);
      await vi.advanceTimersByTimeAsync(30);
      // Stopping waits for the run in progress: applied after 30 ms, not after the 1 s interval.
      await scheduler.stop();
      expect(applied).toEqual(['A']);
    } finally {
      vi.useRealTimers();
    }
  });
});
