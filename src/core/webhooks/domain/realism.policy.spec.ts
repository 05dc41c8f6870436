import { describe, expect, it } from 'vitest';
import { managementWebhook, messagesWebhook, stringifyAscii } from '../../../wire/index.js';
import type { OutboxRecord } from './outbox.model.js';
import { afterRealisticAttempt, combinedBody, heldUntil, noRealism, postOrder, realismDraws, realismPolicy } from './realism.policy.js';
import { retryPolicy } from './retry.policy.js';

const t0 = Date.UTC(2026, 10, 25);
const metadata = { display_phone_number: '15550001111', phone_number_id: '222' };
const statusBody = (wabaId: string, id: string, status: 'sent' | 'delivered' | 'read'): string =>
  stringifyAscii(messagesWebhook(wabaId, { messaging_product: 'whatsapp', metadata, statuses: [{ id, status, timestamp: '1', recipient_id: '628' }] }));

function row(overrides: Partial<OutboxRecord> = {}): OutboxRecord {
  return {
    key: '019ABCDEF012000001A7', businessId: 'b', appId: 'a', url: 'http://x', body: statusBody('100', 'wamid.1', 'sent'), status: 'pending', attempts: 0,
    nextAttemptAt: t0, createdAt: t0, deliveredAt: null, finishedAt: null, lastError: null, messageKey: '019ABCDEF0120000003C', ...overrides,
  };
}

const allOn = { batching: true, duplicates: true, outOfOrder: true };

describe('webhook realism policy', () => {
  it('merges several bodies into one envelope: one entry per WABA in order of first appearance, every change in row order', () => {
    const bodies = [statusBody('100', 'wamid.1', 'sent'), statusBody('200', 'wamid.2', 'sent'), statusBody('100', 'wamid.1', 'delivered')];
    const combined = JSON.parse(combinedBody(bodies)) as { object: string; entry: { id: string; changes: { value: { statuses: { id: string; status: string }[] } }[] }[] };
    expect(combined.object).toBe('whatsapp_business_account');
    expect(combined.entry.map((entry) => entry.id)).toEqual(['100', '200']);
    expect(combined.entry.map((entry) => entry.changes.map((change) => change.value.statuses.map((status) => `${status.id} ${status.status}`)))).toEqual([
      [['wamid.1 sent'], ['wamid.1 delivered']],
      [['wamid.2 sent']],
    ]);
  });

  it('keeps a single body byte for byte, and writes a combined one in pure ASCII', () => {
    const text = stringifyAscii(messagesWebhook('100', { messaging_product: 'whatsapp', metadata, messages: [{ from: '628', id: 'wamid.3', timestamp: '1', type: 'text', text: { body: 'Café ☕ 🎉' } }] }));
    expect(combinedBody([text])).toBe(text);
    const combined = combinedBody([text, statusBody('100', 'wamid.1', 'read')]);
    expect(/^[\x20-\x7e]*$/.test(combined)).toBe(true);
    expect(combined).toContain('\\ud83c\\udf89');
  });

  it("gives a merged management entry the latest of its events' times", () => {
    const first = stringifyAscii(managementWebhook('100', 'account_alerts', { a: 1 }, t0));
    const later = stringifyAscii(managementWebhook('100', 'message_template_status_update', { b: 2 }, t0 + 5_000));
    expect(JSON.parse(combinedBody([first, later]))).toEqual({
      object: 'whatsapp_business_account',
      entry: [{ id: '100', time: t0 / 1000 + 5, changes: [{ field: 'account_alerts', value: { a: 1 } }, { field: 'message_template_status_update', value: { b: 2 } }] }],
    });
  });

  it('holds back about a quarter of never-tried webhooks for 1 to 10 s, the same ones for the same seed', () => {
    const rows = Array.from({ length: 400 }, (_, index) => row({ messageKey: `019ABCDEF012${index.toString(16).padStart(6, '0')}3C`, body: statusBody('100', `wamid.${index}`, 'delivered') }));
    const holds = rows.map((candidate) => heldUntil(candidate, allOn, 7, t0 + 50));
    const held = holds.filter((until) => until !== undefined);
    expect(held.length).toBeGreaterThan(400 * realismPolicy.holdShare * 0.6);
    expect(held.length).toBeLessThan(400 * realismPolicy.holdShare * 1.4);
    for (const until of held) expect(until).toBeGreaterThanOrEqual(t0 + 50 + 1_000);
    for (const until of held) expect(until).toBeLessThanOrEqual(t0 + 50 + 10_000);
    expect(rows.map((candidate) => heldUntil(candidate, allOn, 7, t0 + 50))).toEqual(holds);
    expect(rows.map((candidate) => heldUntil(candidate, allOn, 8, t0 + 50))).not.toEqual(holds);
  });

  it('holds nothing with out-of-order off, and never a webhook already tried or held once', () => {
    const rows = Array.from({ length: 50 }, (_, index) => row({ messageKey: `019ABCDEF012${index.toString(16).padStart(6, '0')}3C` }));
    expect(rows.some((candidate) => heldUntil(candidate, allOn, 7, t0) !== undefined)).toBe(true);
    expect(rows.every((candidate) => heldUntil(candidate, { ...allOn, outOfOrder: false }, 7, t0) === undefined)).toBe(true);
    expect(rows.every((candidate) => heldUntil({ ...candidate, attempts: 1 }, allOn, 7, t0) === undefined)).toBe(true);
    expect(rows.every((candidate) => heldUntil({ ...candidate, nextAttemptAt: t0 + 3_000 }, allOn, 7, t0 + 3_000) === undefined)).toBe(true);
  });

  it('draws the same for the same event whatever the random parts of its keys', () => {
    const first = row({ key: '019ABCDEF0120000050A', messageKey: '019ABCDEF01200000311' });
    const again = row({ key: '019ABCDEF01200000599', messageKey: '019ABCDEF012000003FE' });
    expect(realismDraws(7, again)).toEqual(realismDraws(7, first));
    expect(realismDraws(7, row({ body: statusBody('100', 'wamid.1', 'read') }))).not.toEqual(realismDraws(7, first));
  });

  it('shuffles the rows of one POST by the seed only with out-of-order on', () => {
    const rows = Array.from({ length: 12 }, (_, index) => row({ key: `019ABCDEF012${index.toString(16).padStart(6, '0')}00`, messageKey: `019ABCDEF012${index.toString(16).padStart(6, '0')}3C` }));
    expect(postOrder(rows, noRealism, 7)).toEqual(rows);
    const shuffled = postOrder(rows, allOn, 7);
    expect(shuffled).not.toEqual(rows);
    expect([...shuffled].sort((left, right) => left.key.localeCompare(right.key))).toEqual(rows);
    expect(postOrder(rows, allOn, 7)).toEqual(shuffled);
  });

  it('with duplicates on, leaves a first delivery pending for its copy, then ends delivered at the first time', () => {
    const duplicates = { ...noRealism, duplicates: true };
    const first = afterRealisticAttempt(row(), { delivered: true }, t0 + 10, duplicates, 7);
    expect(first).toMatchObject({ status: 'pending', attempts: 1, deliveredAt: t0 + 10, finishedAt: null });
    expect(first.nextAttemptAt - (t0 + 10)).toBeGreaterThanOrEqual(realismPolicy.duplicateAfterMs[0]);
    expect(first.nextAttemptAt - (t0 + 10)).toBeLessThanOrEqual(realismPolicy.duplicateAfterMs[1]);
    expect(afterRealisticAttempt(first, { delivered: true }, first.nextAttemptAt, duplicates, 7)).toMatchObject({ status: 'delivered', attempts: 2, deliveredAt: t0 + 10, finishedAt: first.nextAttemptAt });
    const failedCopy = afterRealisticAttempt(first, { delivered: false, error: 'HTTP 500' }, first.nextAttemptAt, duplicates, 7);
    expect(failedCopy).toMatchObject({ status: 'pending', attempts: 2, deliveredAt: t0 + 10, lastError: 'HTTP 500' });
    const givenUp = afterRealisticAttempt({ ...failedCopy, attempts: 40 }, { delivered: false, error: 'HTTP 500' }, t0 + retryPolicy.giveUpAfterMs, duplicates, 7);
    expect(givenUp).toMatchObject({ status: 'delivered', deliveredAt: t0 + 10, finishedAt: t0 + retryPolicy.giveUpAfterMs });
  });

  it('without duplicates, delivers once as the retry policy says', () => {
    expect(afterRealisticAttempt(row(), { delivered: true }, t0 + 1, noRealism, 7)).toMatchObject({ status: 'delivered', attempts: 1, deliveredAt: t0 + 1 });
  });
});
