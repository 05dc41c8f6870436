import { describe, expect, it } from 'vitest';
import type { AccountsRepository, PhoneNumber } from '../../accounts/index.js';
import { payloadsOf, record, recordKind, type IdSource } from '../../shared/index.js';
import { outboxQueued, type WebhookTarget } from '../../webhooks/index.js';
import type { MessageRecord } from '../domain/message.model.js';
import type { PlannedStatus } from '../domain/planned-status.js';
import { statusChanged, type MessagingRepository } from '../ports.js';
import type { StatusContext, StatusStage } from '../stages.js';
import { message as storedMessage } from '../../../../test/support/stored-messages.js';
import { applyPlannedStatuses } from './apply-planned-statuses.js';

const number = { id: 'p1', wabaId: 'w1', businessId: 'b1', phoneNumber: '15550100000' } as PhoneNumber;
const noted = recordKind<{ readonly stage: string; readonly messageKey: string }>('test.noted');

/** An outbound text of number p1, accepted, to a user of its own. */
function message(index: number): MessageRecord {
  return storedMessage(`A${String(index).padStart(5, '0')}`, `62812345${String(index).padStart(4, '0')}`);
}

function planned(record: MessageRecord, event: PlannedStatus['event'], dueAt: number): PlannedStatus {
  return { dueAt, messageKey: record.key, event, flight: { current: record } };
}

let sequence = 0;
const ids: IdSource = { key: () => `k${String((sequence += 1))}`, nodeId: () => String((sequence += 1)) };

function deps(stages: readonly StatusStage[], targets: readonly WebhookTarget[]) {
  // The statuses here all carry their message (a flight): nothing but the number is read.
  const accounts = { findPhoneNumber: (id: string) => (id === number.id ? number : undefined) } as unknown as AccountsRepository;
  const messages = { findMessages: () => Promise.resolve([]) } as unknown as MessagingRepository;
  return { accounts, messages, targets: { forWaba: () => [...targets] }, ids, stages };
}

/** A stage that records what it was given and adds `fields` to the status, at once or through a promise. */
function stage(name: string, fields: Record<string, unknown>, seen: StatusContext[], later = false): StatusStage {
  return {
    name,
    onStatus(context) {
      seen.push(context);
      const addition = { payload: fields, records: [record(noted, { stage: name, messageKey: context.message.key })] };
      return later ? Promise.resolve(addition) : addition;
    },
  };
}

const statusesIn = (body: string): Record<string, unknown>[] => {
  const envelope = JSON.parse(body) as { entry: { changes: { value: { statuses: Record<string, unknown>[] } }[] }[] };
  return envelope.entry.flatMap((entry) => entry.changes.flatMap((change) => change.value.statuses));
};

describe('applyPlannedStatuses', () => {
  it('runs every stage on the message as it was before the status, merges their fields (the later wins) and queues one webhook a target', async () => {
    const seen: StatusContext[] = [];
    const stages = [stage('first', { pricing: 'first', conversation: 'first' }, seen), stage('second', { pricing: 'second' }, seen, true)];
    const targets = [
      { appId: 'a1', url: 'https://hooks.example.com/one' },
      { appId: 'a2', url: 'https://hooks.example.com/two' },
    ];
    const sent = message(1);
    const applied = await applyPlannedStatuses(deps(stages, targets), [planned(sent, 'sent', 1_000)]);

    expect(applied.rejected).toEqual([]);
    expect(seen.map((context) => [context.message.status, context.event, context.at])).toEqual([
      ['accepted', 'sent', 1_000],
      ['accepted', 'sent', 1_000],
    ]);
    expect(payloadsOf(applied.unit, statusChanged).map((change) => [change.key, change.status, change.updatedAt])).toEqual([[sent.key, 'sent', 1_000]]);
    expect(payloadsOf(applied.unit, noted)).toEqual([
      { stage: 'first', messageKey: sent.key },
      { stage: 'second', messageKey: sent.key },
    ]);
    const outbox = payloadsOf(applied.unit, outboxQueued);
    expect(outbox.map((row) => [row.appId, row.url, row.messageKey])).toEqual([
      ['a1', 'https://hooks.example.com/one', sent.key],
      ['a2', 'https://hooks.example.com/two', sent.key],
    ]);
    const [status] = statusesIn(outbox[0]?.body ?? '');
    expect(status).toMatchObject({ status: 'sent', recipient_id: sent.waId, pricing: 'second', conversation: 'first' });
  });

  it('with no webhook target, queues no webhook and still commits the status and what the stages added', async () => {
    const seen: StatusContext[] = [];
    const sent = message(2);
    const applied = await applyPlannedStatuses(deps([stage('only', { pricing: 'p' }, seen)], []), [planned(sent, 'sent', 2_000), planned(sent, 'delivered', 3_000)]);

    expect(payloadsOf(applied.unit, outboxQueued)).toEqual([]);
    expect(payloadsOf(applied.unit, statusChanged).map((change) => change.status)).toEqual(['sent', 'delivered']);
    expect(payloadsOf(applied.unit, noted)).toHaveLength(2);
    // The second status sees the message as the first left it.
    expect(seen.map((context) => context.message.status)).toEqual(['accepted', 'sent']);
  });

  it('drops a status that would not move its message forward, without running the stages', async () => {
    const seen: StatusContext[] = [];
    const delivered = { ...message(3), status: 'delivered' as const };
    const applied = await applyPlannedStatuses(deps([stage('only', {}, seen)], []), [planned(delivered, 'sent', 4_000)]);

    expect(payloadsOf(applied.unit, statusChanged)).toEqual([]);
    expect(seen).toEqual([]);
  });

  it('sets aside a status whose stage fails, at once or through a promise, and applies the rest of the batch', async () => {
    const failing = (key: string, later: boolean): StatusStage => ({
      name: 'failing',
      onStatus(context) {
        if (context.message.key !== key) return {};
        if (later) return Promise.reject(new Error('the rate card could not be read'));
        throw new Error('the profile could not be read');
      },
    });
    const [first, second, third] = [message(4), message(5), message(6)];
    const applied = await applyPlannedStatuses(deps([failing(first.key, false), failing(second.key, true)], [{ appId: 'a1', url: 'https://hooks.example.com/one' }]), [
      planned(first, 'sent', 5_000),
      planned(second, 'sent', 5_000),
      planned(third, 'sent', 5_000),
    ]);

    expect(applied.rejected.map((rejected) => [rejected.planned.messageKey, rejected.reason])).toEqual([
      [first.key, 'the profile could not be read'],
      [second.key, 'the rate card could not be read'],
    ]);
    expect(payloadsOf(applied.unit, statusChanged).map((change) => change.key)).toEqual([third.key]);
    expect(payloadsOf(applied.unit, outboxQueued).map((row) => row.messageKey)).toEqual([third.key]);
  });

  it('moves each message in flight only once its unit has committed', async () => {
    const sent = message(7);
    const status = planned(sent, 'sent', 6_000);
    const applied = await applyPlannedStatuses(deps([], []), [status]);

    expect(status.flight?.current.status).toBe('accepted');
    applied.settle?.();
    expect(status.flight?.current).toMatchObject({ status: 'sent', updatedAt: 6_000 });
  });
});
