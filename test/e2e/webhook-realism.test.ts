import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WhatsAppAPI } from 'whatsapp-api-js';
import type { OnStatusArgs } from 'whatsapp-api-js/emitters';
import { dialects } from '../support/databases.js';
import { startKabarWithSink, type TestKabar } from '../support/kabar.js';
import { advanceSeconds, changeCount, envelopeOf, realismUser, replies, setRealism, signedWith, updatesOf } from '../support/realism.js';
import { statusesOf, type ReceivedWebhook, type WebhookSink } from '../support/webhook-sink.js';

const statuses = ['sent', 'delivered', 'read'] as const;

/** How many times each update arrived. */
function tally(posts: readonly ReceivedWebhook[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const update of posts.flatMap(updatesOf)) counts.set(update, (counts.get(update) ?? 0) + 1);
  return counts;
}

/** Each message's statuses in the order they arrived. */
function arrivalOrder(posts: readonly ReceivedWebhook[], wamid: string): string[] {
  return posts.flatMap(statusesOf).filter((status) => status.id === wamid).map((status) => status.status);
}

interface AttemptView {
  readonly outbox_key: string;
  readonly response_status: number | null;
}

/** Replies in the out-of-order scenario. */
const replyCount = 40;

/**
 * One run of the out-of-order scenario on a fresh Kabar with the tests' seed: 40 replies, then the
 * clock moved a second at a time. Answers, per second, the statuses that arrived (message by index).
 * Which webhooks are held depends on the seed and on the replies' keys, so on everything Kabar
 * stored before them; with 40 replies, the chance that none of them has its `read` overtake its
 * `delivered` is about 1 in 2,000 for any seed.
 */
async function outOfOrderRun(dialect: 'sqlite' | 'postgres'): Promise<{ seconds: string[][]; everyUpdate: string[] }> {
  const { t, sink, close } = await startKabarWithSink(dialect);
  try {
    await setRealism(t, t.demo.appId, { out_of_order: true });
    const wamids = await replies(t, replyCount);
    const seconds: string[][] = [];
    const everyUpdate: string[] = [];
    await advanceSeconds(t, 20, () => {
      const arrived = sink.received.splice(0).flatMap(statusesOf).map((status) => `${wamids.indexOf(status.id)} ${status.status}`);
      everyUpdate.push(...arrived);
      // POSTs of one second are in flight together and may arrive in any order; the seconds are the order.
      seconds.push(arrived.sort());
    });
    return { seconds, everyUpdate };
  } finally {
    await close();
  }
}

for (const dialect of dialects) {
  describe(`webhook realism switches on ${dialect}`, () => {
    let t: TestKabar;
    let sink: WebhookSink;
    let close: () => Promise<void>;

    beforeEach(async () => {
      ({ t, sink, close } = await startKabarWithSink(dialect));
    });

    afterEach(() => close());

    it('with every switch off (the default), sends one change per POST, once, each message\'s statuses in the order they happened', async () => {
      const shown = await t.kabar.app.inject({ method: 'GET', url: `/admin/apps/${t.demo.appId}/webhook-realism`, headers: t.admin });
      expect(shown.json()).toEqual({ app_id: t.demo.appId, batching: false, duplicates: false, out_of_order: false });
      const wamids = await replies(t, 3);
      await advanceSeconds(t, 6);

      expect(sink.received.length).toBe(1 + 3 * 3);
      for (const post of sink.received) {
        expect(envelopeOf(post).entry).toHaveLength(1);
        expect(changeCount(post)).toBe(1);
        expect(updatesOf(post)).toHaveLength(1);
      }
      expect([...tally(sink.received).values()].every((count) => count === 1)).toBe(true);
      for (const wamid of wamids) expect(arrivalOrder(sink.received, wamid)).toEqual([...statuses]);
    });

    it('with duplicates on, delivers every status and message at least twice, each copy signed with the app secret, both attempts in the log', async () => {
      await setRealism(t, t.demo.appId, { duplicates: true });
      const wamids = await replies(t, 2);
      await advanceSeconds(t, 20);

      const counts = tally(sink.received);
      for (const wamid of wamids) for (const status of statuses) expect(counts.get(`${wamid} ${status}`), `${wamid} ${status}`).toBeGreaterThanOrEqual(2);
      expect([...counts].filter(([update]) => update.endsWith(' message')).map(([, count]) => count)).toEqual([2]);
      expect(sink.received.every((post) => signedWith(post, t.demo.appSecret))).toBe(true);

      const outbox = (await t.kabar.app.inject({ method: 'GET', url: `/admin/webhooks/outbox?limit=1000`, headers: t.admin })).json<{ data: { key: string; status: string; attempts: number }[] }>().data;
      expect(outbox).toHaveLength(1 + 2 * 3);
      expect(outbox.every((row) => row.status === 'delivered' && row.attempts === 2)).toBe(true);
      const attempts = (await t.kabar.app.inject({ method: 'GET', url: `/admin/webhooks/attempts?limit=1000`, headers: t.admin })).json<{ data: AttemptView[] }>().data;
      for (const row of outbox) expect(attempts.filter((attempt) => attempt.outbox_key === row.key).map((attempt) => attempt.response_status)).toEqual([200, 200]);
    });

    it('with batching on, carries the updates that fall due together in one POST whose signature covers the whole body', async () => {
      await setRealism(t, t.demo.appId, { batching: true });
      const wamids = await replies(t, 4);
      sink.received.splice(0);
      await t.advance('1s');

      // The four `sent` statuses fell due together: one POST, one entry, four changes.
      expect(sink.received).toHaveLength(1);
      const [batch] = sink.received;
      if (batch === undefined) throw new Error('no POST');
      expect(envelopeOf(batch).entry.map((entry) => entry.id)).toEqual([t.demo.wabaId]);
      expect(changeCount(batch)).toBe(4);
      expect(updatesOf(batch).sort()).toEqual(wamids.map((wamid) => `${wamid} sent`).sort());
      expect(signedWith(batch, t.demo.appSecret)).toBe(true);
      expect(/^[\x20-\x7e]*$/.test(batch.raw)).toBe(true);
      expect(batch.headers['content-length']).toBe(String(Buffer.byteLength(batch.raw)));

      await advanceSeconds(t, 5);
      expect(sink.received.map(changeCount)).toEqual([4, 4, 4]);
      expect([...tally(sink.received).values()].every((count) => count === 1)).toBe(true);
      const outbox = (await t.kabar.app.inject({ method: 'GET', url: `/admin/webhooks/outbox?limit=1000`, headers: t.admin })).json<{ data: { status: string; attempts: number }[] }>().data;
      expect(outbox.every((row) => row.status === 'delivered' && row.attempts === 1)).toBe(true);
    });

    it('with batching on, puts the entries of two WABAs subscribed with the same app in one POST', async () => {
      const waba = (await t.kabar.app.inject({ method: 'POST', url: `/admin/businesses/${t.demo.businessId}/wabas`, headers: t.admin, payload: { name: 'Second WABA' } })).json<{ id: string }>();
      const number = (await t.kabar.app.inject({ method: 'POST', url: `/admin/wabas/${waba.id}/phone_numbers`, headers: t.admin, payload: { phone_number: '+15550100077', verified_name: 'Second line' } })).json<{ id: string }>();
      const subscribed = await t.kabar.app.inject({
        method: 'POST',
        url: `/v21.0/${waba.id}/subscribed_apps`,
        headers: t.auth,
        payload: { override_callback_uri: sink.url, verify_token: sink.verifyToken },
      });
      expect(subscribed.json()).toEqual({ success: true });
      await setRealism(t, t.demo.appId, { batching: true });
      const [first] = await replies(t, 1);
      const [second] = await replies(t, 1, number.id);
      sink.received.splice(0);
      await t.advance('1s');

      expect(sink.received).toHaveLength(1);
      const [batch] = sink.received;
      if (batch === undefined) throw new Error('no POST');
      const entries = envelopeOf(batch).entry;
      expect(entries.map((entry) => entry.id).sort()).toEqual([t.demo.wabaId, waba.id].sort());
      expect(entries.map((entry) => entry.changes.length)).toEqual([1, 1]);
      expect(updatesOf(batch).sort()).toEqual([`${first} sent`, `${second} sent`].sort());
      expect(signedWith(batch, t.demo.appSecret)).toBe(true);
    });

    it('leaves another app subscribed to the same WABA, at the same callback URL, unaffected', async () => {
      const created = await t.kabar.app.inject({ method: 'POST', url: `/admin/businesses/${t.demo.businessId}/apps`, headers: t.admin, payload: { name: 'Plain app', callback_url: sink.url } });
      const other = created.json<{ id: string; app_secret: string }>();
      const token = (await t.kabar.app.inject({ method: 'POST', url: `/admin/apps/${other.id}/tokens`, headers: t.admin, payload: {} })).json<{ access_token: string }>().access_token;
      await t.kabar.app.inject({ method: 'POST', url: `/v21.0/${t.demo.wabaId}/subscribed_apps`, headers: { authorization: `Bearer ${token}` }, payload: {} });
      await setRealism(t, t.demo.appId, { batching: true, duplicates: true, out_of_order: true });
      const wamids = await replies(t, 3);
      await advanceSeconds(t, 25);

      const mine = sink.received.filter((post) => signedWith(post, t.demo.appSecret));
      const theirs = sink.received.filter((post) => signedWith(post, other.app_secret));
      expect(mine.length + theirs.length).toBe(sink.received.length);
      expect(theirs.every((post) => changeCount(post) === 1)).toBe(true);
      expect([...tally(theirs).values()]).toEqual(Array.from({ length: 1 + 3 * 3 }, () => 1));
      for (const wamid of wamids) expect(arrivalOrder(theirs, wamid)).toEqual([...statuses]);
      for (const wamid of wamids) for (const status of statuses) expect(tally(mine).get(`${wamid} ${status}`)).toBeGreaterThanOrEqual(2);
      const shown = await t.kabar.app.inject({ method: 'GET', url: `/admin/apps/${other.id}/webhook-realism`, headers: t.admin });
      expect(shown.json()).toMatchObject({ batching: false, duplicates: false, out_of_order: false });
    });

    it('lets a whatsapp-api-js receiver verify batched and duplicated POSTs and emit every status of them', async () => {
      await setRealism(t, t.demo.appId, { batching: true, duplicates: true });
      const wamids = await replies(t, 3);
      sink.received.splice(0);
      await advanceSeconds(t, 20);
      expect(sink.received.some((post) => changeCount(post) > 1)).toBe(true);

      const checking = new WhatsAppAPI({ token: t.demo.accessToken, appSecret: t.demo.appSecret, v: 'v24.0' });
      const emitted: OnStatusArgs[] = [];
      const oneByOne = new WhatsAppAPI({ token: t.demo.accessToken, secure: false, v: 'v24.0' });
      oneByOne.on.status = (status) => {
        emitted.push(status);
      };
      for (const post of sink.received) {
        const signature = String(post.headers['x-hub-signature-256']);
        // The library checks the signature over the whole batched body, and accepts it.
        await expect(checking.post(post.json as Parameters<WhatsAppAPI['post']>[0], post.raw, signature)).resolves.toBeUndefined();
        // Its post() reads the first update of a body only; a receiver that verified the body hands it the rest one by one.
        expect(await checking.verifyRequestSignature(post.raw, signature)).toBe(true);
        const envelope = envelopeOf(post);
        for (const entry of envelope.entry) {
          for (const change of entry.changes) {
            for (const status of (change.value['statuses'] ?? []) as unknown[]) {
              const single = { object: envelope.object, entry: [{ ...entry, changes: [{ field: change.field, value: { ...change.value, statuses: [status] } }] }] };
              await oneByOne.post(single as Parameters<WhatsAppAPI['post']>[0]);
            }
          }
        }
      }
      const seen = emitted.map((status) => `${status.id} ${status.status}`);
      expect(seen).toEqual(sink.received.flatMap(statusesOf).map((status) => `${status.id} ${status.status}`));
      for (const wamid of wamids) for (const status of statuses) expect(seen.filter((update) => update === `${wamid} ${status}`).length).toBeGreaterThanOrEqual(2);
      expect(emitted.every((status) => status.phone === realismUser && status.phoneID === t.demo.phoneNumberId)).toBe(true);
    });
  });

  describe(`webhooks out of order on ${dialect}`, () => {
    it("lets a message's read overtake its delivered, the same way on every run of the seeded scenario", async () => {
      const first = await outOfOrderRun(dialect);
      const second = await outOfOrderRun(dialect);
      expect(second.seconds).toEqual(first.seconds);

      // Nothing lost and nothing sent twice: every status of the replies arrived once.
      const indexes = Array.from({ length: replyCount }, (_, index) => index);
      expect([...first.everyUpdate].sort()).toEqual(indexes.flatMap((index) => statuses.map((status) => `${index} ${status}`)).sort());
      const secondOf = (update: string): number => first.seconds.findIndex((arrived) => arrived.includes(update));
      const overtaken = indexes.filter((index) => secondOf(`${index} read`) < secondOf(`${index} delivered`));
      expect(overtaken.length).toBeGreaterThan(0);
      // And some later reply's status came before an earlier reply's same status.
      const laterFirst = indexes.slice(1).some((index) => secondOf(`${index} delivered`) < secondOf(`${index - 1} delivered`));
      expect(laterFirst).toBe(true);
    }, 60_000);
  });
}
