import { describe, expect, it } from 'vitest';
import { records, unitOf } from '../../src/core/shared/index.js';
import { statusChanged, type MessageRecord } from '../../src/core/messaging/index.js';
import { ChangeFeed } from '../../src/server/console/change-feed.js';

/** An outbound text as stored once sent. */
function sentText(key: string): MessageRecord {
  return { key, businessId: 'b1', wabaId: 'w1', phoneNumberId: 'p1', direction: 'outbound', waId: '15550100001', type: 'text', content: { body: 'Hi' }, category: null, status: 'sent', errorCode: null, contextKey: null, bizOpaqueCallbackData: null, idempotencyKey: null, requestFingerprint: null, createdAt: 0, updatedAt: 0 };
}

describe('the console change feed', () => {
  it('replays what a client missed while it holds it, and asks for a reset once it no longer does', () => {
    const feed = new ChangeFeed({ lookupMessages: () => Promise.resolve([]), capacity: 10 });
    const published = Array.from({ length: 35 }, (_, index) => feed.publish('webhook', 'b1', { index }));
    const last = published.at(-1);
    // The last `capacity` changes are always there, in order.
    const recent = feed.since(published[24]?.id ?? '');
    expect(recent.kind).toBe('replay');
    expect(recent.kind === 'replay' ? recent.changes.map((change) => change.data['index']) : []).toEqual([25, 26, 27, 28, 29, 30, 31, 32, 33, 34]);
    expect(feed.since(last?.id ?? '')).toEqual({ kind: 'replay', changes: [] });
    // A client that missed more than the feed still holds starts again.
    expect(feed.since(published[0]?.id ?? '')).toEqual({ kind: 'reset' });
    expect(feed.since('another-boot.3')).toEqual({ kind: 'reset' });
  });

  it('keeps its memory bounded however many changes go through it', () => {
    const feed = new ChangeFeed({ lookupMessages: () => Promise.resolve([]), capacity: 100 });
    let first = '';
    for (let index = 0; index < 10_000; index += 1) {
      const change = feed.publish('webhook', 'b1', { index });
      if (index === 0) first = change.id;
    }
    expect(feed.since(first)).toEqual({ kind: 'reset' });
    // It holds at least the last 100 changes and never more than twice that.
    const boot = first.split('.')[0] ?? '';
    const held = feed.since(`${boot}.9900`);
    expect(held.kind === 'replay' ? held.changes.map((change) => change.data['index']) : []).toEqual(Array.from({ length: 100 }, (_, index) => 9_900 + index));
    expect(feed.since(`${boot}.9799`)).toEqual({ kind: 'reset' });
  });
});

describe('the console change feed before anyone listens', () => {
  it('neither keeps nor looks up the changes of commits until the first client subscribes, then keeps them for a reconnect', async () => {
    const looked: string[][] = [];
    const feed = new ChangeFeed({ lookupMessages: (keys) => (looked.push([...keys]), Promise.resolve([])), capacity: 10 });
    const status = (key: string) => unitOf(records(statusChanged, [{ key, status: 'delivered', errorCode: null, updatedAt: 1, message: sentText(key) }]));
    await feed.publishUnits([status('m1')]);
    feed.publishAttempts([]);
    expect(looked).toEqual([]);
    const marker = feed.publish('clock', null, { now: 1 });
    const stop = feed.subscribe(() => undefined);
    stop();
    // Nobody listens now, but a client did: what commits from here on is kept for its reconnect.
    await feed.publishUnits([status('m2')]);
    expect(looked).toEqual([['m2']]);
    expect(feed.since(marker.id)).toEqual({ kind: 'replay', changes: [] });
  });
});
