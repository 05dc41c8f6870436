import { afterAll, describe, expect, it } from 'vitest';
import { conversationIdFor } from '../../src/core/billing/index.js';
import { SimClock } from '../../src/core/shared/index.js';
import { dialects, freshDatabase } from '../support/databases.js';
import { startKabar, testEpoch } from '../support/kabar.js';
import { WebhookSink } from '../support/webhook-sink.js';
import { approvePromo, keyOf, ledger, sendMarketing, sendText, sendUtility, statuses, usePricing } from './support.js';

const hour = 3_600_000;

for (const dialect of dialects) {
  describe(`conversation state on ${dialect}`, () => {
    const database = freshDatabase(dialect);
    afterAll(() => database.cleanup());

    it('keeps an open conversation across a restart: a template sent after it belongs to it and is not charged again', async () => {
      const sink = await WebhookSink.start();
      const before = await startKabar(dialect, database, SimClock.frozenAt(testEpoch));
      await before.subscribe(sink);
      await usePricing(before, '2022-02');
      await approvePromo(before);
      const first = await sendMarketing(before, '6281234567010');
      await before.advance('1m');
      await before.close();

      const after = await startKabar(dialect, database, SimClock.frozenAt(testEpoch + 5 * hour));
      const second = await sendMarketing(after, '6281234567010');
      await after.advance('1m');
      const marketing = conversationIdFor(keyOf(first), 'marketing');
      expect((await statuses(after)).get(`${second}|delivered`)).toMatchObject({ conversation: { id: marketing, origin: { type: 'marketing' } }, pricing: { billable: true, pricing_model: 'CBP', category: 'marketing' } });
      expect((await ledger(after)).map((charge) => [charge.key, charge.category])).toEqual([[marketing, 'marketing']]);
      const open = await after.kabar.app.inject({ method: 'GET', url: `/admin/billing/conversations?wa_id=6281234567010&open=true`, headers: after.admin });
      expect(open.json()).toMatchObject({ data: [{ id: marketing, origin: 'marketing', expires_at: new Date(testEpoch + 2_000 + 24 * hour).toISOString(), closed_at: null }] });
      await after.close();
      await sink.close();
    });

    it('keeps the state consistent when one clock advance applies the statuses of many sends to one user', async () => {
      const sink = await WebhookSink.start();
      const t = await startKabar(dialect, database, SimClock.frozenAt(testEpoch + 48 * hour));
      await t.subscribe(sink);
      const user = '6281234567020';
      await t.userWrites('Halo', user);
      // Seven sends in the same second: every sent and delivered status is applied in one batch.
      const sends = [
        await sendMarketing(t, user),
        await sendText(t, user, 'Satu'),
        await sendUtility(t, user),
        await sendMarketing(t, user),
        await sendText(t, user, 'Dua'),
        await sendUtility(t, user),
        await sendMarketing(t, user),
      ];
      await t.advance('10s');
      const found = await statuses(t);
      const [marketing, text] = sends;
      const utility = sends[2] ?? '';
      const ids = { marketing: conversationIdFor(keyOf(marketing ?? ''), 'marketing'), utility: conversationIdFor(keyOf(utility), 'utility') };
      // The first template was delivered first: the texts after it are covered by the open marketing conversation.
      expect(sends.map((wamid) => found.get(`${wamid}|delivered`)?.conversation?.id)).toEqual([ids.marketing, ids.marketing, ids.utility, ids.marketing, ids.marketing, ids.utility, ids.marketing]);
      expect(sends.map((wamid) => found.get(`${wamid}|sent`)?.conversation?.id)).toEqual([ids.marketing, ids.marketing, ids.utility, ids.marketing, ids.marketing, ids.utility, ids.marketing]);
      expect(text).toBeDefined();
      const charges = (await ledger(t)).filter((charge) => charge.wa_id === user);
      expect(charges.map((charge) => [charge.key, charge.category, charge.amount])).toEqual([
        [ids.marketing, 'marketing', 0.0411],
        [ids.utility, 'utility', 0.02],
      ]);
      await t.close();
      await sink.close();
    });
  });
}
