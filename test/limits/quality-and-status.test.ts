import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../support/databases.js';
import { startKabarWithSink, type TestKabar } from '../support/kabar.js';
import type { WebhookSink } from '../support/webhook-sink.js';
import type { Tenant } from '../support/tenant.js';
import { changesOf, errorOf, graphNumber, limitsOf, sendTemplate, sendToMany, tenant, user, userActs } from './support.js';

/**
 * Quality and number status moved with the clock: blocks drive quality to Low and the number to
 * Flagged; 7 days of Low bring it back to Connected one tier lower, a recovery within 7 days at the
 * same tier; a limit used up at Low restricts it. A number without a human escalation path is warned,
 * has its limit lowered after 7 days, and cannot rise until it declares one, which clears the alert.
 */
for (const dialect of dialects) {
  describe(`quality rating and number status on ${dialect}`, () => {
    let t: TestKabar;
    let sink: WebhookSink;
    let close: () => Promise<void>;

    beforeAll(async () => {
      ({ t, sink, close } = await startKabarWithSink(dialect));
    });
    afterAll(() => close());

    /** A verified number lifted to TIER_10K by 500 unique customers in a day (policy 2022-09). */
    async function atTier10K(name: string, first: number, options: { readonly escalation?: boolean } = {}): Promise<Tenant> {
      const business = await tenant(t, name, { verified: true, callbackUrl: sink.url, ...options });
      await sendToMany(t, business, first, 500);
      await t.kabar.services.settle();
      expect(await graphNumber(t, business, 'messaging_limit_tier')).toMatchObject({ messaging_limit_tier: 'TIER_10K' });
      return business;
    }

    async function blocks(business: Tenant, first: number, count: number): Promise<void> {
      for (let index = 0; index < count; index += 1) await userActs(t, business, 'block', user(first, index));
    }

    // 500 sends, 100 blocks, a week of simulated time and the charts' timeline: more than the default 20 s on a loaded machine.
    it('blocks drive quality to Low and the number to Flagged; still Low 7 days later it is Connected one tier lower', { timeout: 60_000 }, async () => {
      const number = await atTier10K('Toko Diblokir', 6282100000000);
      await blocks(number, 6282100000000, 100);
      await t.advance('1h');
      expect(await graphNumber(t, number, 'quality_rating,status,messaging_limit_tier')).toMatchObject({ quality_rating: 'RED', status: 'FLAGGED', messaging_limit_tier: 'TIER_10K' });
      const flagged = await limitsOf(t, number);
      expect(flagged.quality.explanation).toContain('100 blocks (100 in the last 24 h) out of 500 recipients');
      expect(flagged.history.find((event) => event.kind === 'quality')).toMatchObject({ from: 'GREEN', to: 'RED' });
      await t.kabar.services.settle();
      expect(changesOf(sink.received, number.wabaId, 'phone_number_quality_update')).toContainEqual(expect.objectContaining({ event: 'FLAGGED', current_limit: 'TIER_10K' }));

      // A Flagged number still sends within its limit.
      expect((await sendTemplate(t, number, user(6282100009000, 0))).statusCode).toBe(200);
      await t.advance('6d');
      expect(await graphNumber(t, number, 'status')).toMatchObject({ status: 'FLAGGED' });
      await t.advance('1d');
      expect(await graphNumber(t, number, 'status,messaging_limit_tier')).toMatchObject({ status: 'CONNECTED', messaging_limit_tier: 'TIER_1K' });
      const lowered = await limitsOf(t, number);
      expect(lowered.history.find((event) => event.kind === 'tier')).toMatchObject({ from: 'TIER_10K', to: 'TIER_1K' });
      expect(lowered.history.find((event) => event.kind === 'tier')?.cause).toContain('its quality stayed Low for 7 days after it was flagged');
      await t.kabar.services.settle();
      expect(changesOf(sink.received, number.wabaId, 'phone_number_quality_update')).toContainEqual({ display_phone_number: expect.any(String) as unknown, event: 'DOWNGRADE', current_limit: 'TIER_1K', old_limit: 'TIER_10K' });
      const statuses = (await t.kabar.app.inject({ method: 'GET', url: `/admin/phone_numbers/${number.phoneNumberId}`, headers: t.admin })).json<{ status_history?: { from: string; to: string; cause: string }[] }>();
      const history = statuses.status_history ?? [];
      expect(history.map((change) => `${change.from}→${change.to}`)).toEqual(expect.arrayContaining(['CONNECTED→FLAGGED', 'FLAGGED→CONNECTED']));

      // The console's charts: tier, quality and status over a range, each change with its reason.
      interface Series { start: string; current: string; changes: { at: string; from: string; to: string; cause: string }[] }
      const timeline = async (query: string) => t.kabar.app.inject({ method: 'GET', url: `/admin/phone_numbers/${number.phoneNumberId}/timeline${query}`, headers: t.admin });
      const whole = (await timeline('')).json<{ since: string; until: string; tier: Series; quality: Series; status: Series; truncated: boolean }>();
      expect(Date.parse(whole.until) - Date.parse(whole.since)).toBe(30 * 24 * 60 * 60 * 1000);
      expect(whole.tier.changes.filter((change) => change.from !== change.to).map((change) => `${change.from}→${change.to}`)).toEqual(['TIER_1K→TIER_10K', 'TIER_10K→TIER_1K']);
      expect(whole.tier.current).toBe('TIER_1K');
      expect(whole.tier.changes.at(-1)?.cause).toContain('its quality stayed Low for 7 days after it was flagged');
      expect(whole.quality.changes.map((change) => `${change.from}→${change.to}`)).toContain('GREEN→RED');
      expect(whole.quality.changes.find((change) => change.to === 'RED')?.cause).toContain('100 blocks');
      expect(whole.status.changes.map((change) => `${change.from}→${change.to}`)).toEqual(expect.arrayContaining(['CONNECTED→FLAGGED', 'FLAGGED→CONNECTED']));
      expect(whole.status.current).toBe('CONNECTED');
      expect(whole.truncated).toBe(false);
      // A range that starts after the flag: the number was Flagged then, at TIER_10K, with only the way back inside it.
      const flaggedAt = whole.status.changes.find((change) => change.to === 'FLAGGED')?.at ?? '';
      const later = (await timeline(`?since=${new Date(Date.parse(flaggedAt) + 1000).toISOString()}`)).json<{ tier: Series; status: Series }>();
      expect(later.status).toMatchObject({ start: 'FLAGGED', current: 'CONNECTED' });
      expect(later.status.changes.map((change) => change.to)).toEqual(['CONNECTED']);
      expect(later.tier.start).toBe('TIER_10K');
      expect(errorOf(await timeline('?since=yesterday'))).toMatchObject({ code: 131009 });
      expect(errorOf(await timeline(`?since=${whole.until}&until=${whole.since}`))).toMatchObject({ code: 131009 });
      expect(errorOf(await t.kabar.app.inject({ method: 'GET', url: '/admin/phone_numbers/999999999999999/timeline', headers: t.admin }))).toMatchObject({ code: 100 });
    });

    it('a number whose quality recovers within 7 days is Connected again at the same tier', async () => {
      const number = await atTier10K('Toko Pulih', 6282200000000);
      await blocks(number, 6282200000000, 60);
      await t.advance('1h');
      expect(await graphNumber(t, number, 'quality_rating,status')).toMatchObject({ quality_rating: 'RED', status: 'FLAGGED' });
      // Older than a day, the blocks weigh half: Medium again at the next check (every 5 h).
      await t.advance('30h');
      expect(await graphNumber(t, number, 'quality_rating,status,messaging_limit_tier')).toMatchObject({ quality_rating: 'YELLOW', status: 'CONNECTED', messaging_limit_tier: 'TIER_10K' });
      await t.advance('6d');
      expect(await graphNumber(t, number, 'status,messaging_limit_tier')).toMatchObject({ status: 'CONNECTED', messaging_limit_tier: 'TIER_10K' });
      await t.kabar.services.settle();
      // Verification lifted it out of the trial tier, 500 customers to tier 2, then flagged and unflagged.
      expect(changesOf(sink.received, number.wabaId, 'phone_number_quality_update').map((change) => change['event'])).toEqual(['UPGRADE', 'UPGRADE', 'FLAGGED', 'UNFLAGGED']);
    });

    it('a number that uses up its limit while its quality is Low is Restricted until capacity frees up', async () => {
      const trial = await tenant(t, 'Warung Dibatasi', { callbackUrl: sink.url });
      await sendToMany(t, trial, 6282300000000, 40);
      await blocks(trial, 6282300000000, 20);
      await t.advance('1h');
      expect(await graphNumber(t, trial, 'quality_rating,status')).toMatchObject({ quality_rating: 'RED', status: 'FLAGGED' });
      await sendToMany(t, trial, 6282300000100, 10);
      await t.kabar.services.settle();
      expect(await graphNumber(t, trial, 'status')).toMatchObject({ status: 'RESTRICTED' });
      const refused = await sendTemplate(t, trial, user(6282300000200, 0));
      expect(errorOf(refused)).toMatchObject({ code: 131048 });
      expect(errorOf(refused).error_data?.details).toContain('The number is Restricted');
      // Meta's current account_update: the event and the restriction with its expiration (Unix seconds), no phone_number.
      const release = (await limitsOf(t, trial)).next_release;
      expect(release).not.toBeNull();
      expect(changesOf(sink.received, trial.wabaId, 'account_update')).toEqual([
        { event: 'ACCOUNT_RESTRICTION', restriction_info: [{ restriction_type: 'RESTRICTED_BIZ_INITIATED_MESSAGING', expiration: Math.floor(Date.parse(release?.at ?? '') / 1000) }] },
      ]);
      await t.advance('1d');
      expect(await graphNumber(t, trial, 'status')).toMatchObject({ status: 'FLAGGED' });
      expect((await sendTemplate(t, trial, user(6282300000200, 0))).statusCode).toBe(200);
    });
  });

  describe(`the human escalation path on ${dialect}`, () => {
    let t: TestKabar;
    let sink: WebhookSink;
    let close: () => Promise<void>;

    beforeAll(async () => {
      ({ t, sink, close } = await startKabarWithSink(dialect));
    });
    afterAll(() => close());

    it("rates quality by the business's own thresholds when it sets them", async () => {
      const business = await tenant(t, 'Toko Ketat', { escalation: false });
      // Sending without an escalation path costs 10 points: a score of 90.
      expect((await sendTemplate(t, business, user(6282500000000, 0))).statusCode).toBe(200);
      const url = `/admin/businesses/${business.businessId}/quality-thresholds`;
      expect((await t.kabar.app.inject({ method: 'GET', url, headers: t.admin })).json()).toMatchObject({ green: 80, yellow: 60 });
      expect(errorOf(await t.kabar.app.inject({ method: 'POST', url, headers: t.admin, payload: { green: 50, yellow: 70 } }))).toMatchObject({ code: 131009 });
      expect((await t.kabar.app.inject({ method: 'POST', url, headers: t.admin, payload: { green: 95, yellow: 40 } })).json()).toMatchObject({ green: 95, yellow: 40 });
      const checked = await t.kabar.app.inject({ method: 'POST', url: `/admin/phone_numbers/${business.phoneNumberId}/quality/check`, headers: t.admin });
      expect(checked.json()).toMatchObject({ quality_rating: 'YELLOW', quality: { score: 90, rating: 'YELLOW' } });
      expect(checked.json<{ quality: { explanation: string } }>().quality.explanation).toContain('High ≥ 95, Medium ≥ 40): no human escalation path declared (−10)');
      expect(await graphNumber(t, business, 'quality_rating')).toMatchObject({ quality_rating: 'YELLOW' });
    });

    it('refuses indirect routes with the reason', async () => {
      const business = await tenant(t, 'Toko Tanpa Jalur', { escalation: false });
      const declare = (payload: Record<string, unknown>) => t.kabar.app.inject({ method: 'POST', url: `/admin/phone_numbers/${business.phoneNumberId}/escalation_path`, headers: t.admin, payload });
      for (const [payload, reason] of [
        [{ kind: 'social_media', value: 'https://instagram.com/toko' }, 'a social media page sends the customer elsewhere'],
        [{ kind: 'help_center', value: 'https://help.toko.example' }, 'a help-centre site offers articles, not a person'],
        [{ kind: 'app_link', value: 'https://toko.example/app' }, 'an app link sends the customer to an app'],
        [{ kind: 'web_form', value: 'https://www.facebook.com/toko' }, 'social media page (www.facebook.com)'],
      ] as const) {
        const refused = await declare(payload);
        expect(refused.statusCode).toBe(400);
        expect(errorOf(refused).message).toContain(reason);
      }
      expect((await declare({ kind: 'store_visit', value: 'Jl. Merdeka 1, Bandung' })).json()).toMatchObject({ escalation_path: { kind: 'store_visit', value: 'Jl. Merdeka 1, Bandung' } });
    });

    it('warns a number without one, lowers its limit after 7 days, clears the alert and lets it rise only once a path is declared', async () => {
      const business = await tenant(t, 'Toko Tanpa Manusia', { verified: true, escalation: false, callbackUrl: sink.url });
      const small = await tenant(t, 'Warung Kecil', { verified: true, escalation: false, callbackUrl: sink.url });
      await sendToMany(t, business, 6282400000000, 500);
      await sendToMany(t, small, 6282400000000, 20);
      await t.kabar.services.settle();
      expect(await graphNumber(t, business, 'messaging_limit_tier')).toMatchObject({ messaging_limit_tier: 'TIER_10K' });
      const alerts = () => changesOf(sink.received, business.wabaId, 'account_alerts').filter((alert) => (alert['alert_info'] as { alert_type: string }).alert_type === 'HUMAN_ESCALATION_PATH_MISSING');
      expect(alerts()).toHaveLength(1);
      expect((await limitsOf(t, business)).escalation_path).toMatchObject({ kind: 'missing' });

      await t.advance('6d');
      expect(alerts()).toHaveLength(2);
      expect(await graphNumber(t, business, 'messaging_limit_tier')).toMatchObject({ messaging_limit_tier: 'TIER_10K' });
      await t.advance('1d');
      expect(await graphNumber(t, business, 'messaging_limit_tier')).toMatchObject({ messaging_limit_tier: 'TIER_1K' });
      expect((await limitsOf(t, business)).history.find((event) => event.kind === 'tier')?.cause).toContain('no human escalation path 7 days after the first warning');
      // Under 1,000 customers a day, nothing changes at once.
      expect(await graphNumber(t, small, 'messaging_limit_tier')).toMatchObject({ messaging_limit_tier: 'TIER_1K' });

      // 500 new customers would earn tier 2 again, but not without a path.
      await sendToMany(t, business, 6282400001000, 500);
      await t.kabar.services.settle();
      expect(await graphNumber(t, business, 'messaging_limit_tier')).toMatchObject({ messaging_limit_tier: 'TIER_1K' });
      expect((await limitsOf(t, business)).history[0]?.cause).toContain('upgrade held back: it has no human escalation path');

      const declared = await t.kabar.app.inject({ method: 'POST', url: `/admin/phone_numbers/${business.phoneNumberId}/escalation_path`, headers: t.admin, payload: { kind: 'agent_handover' } });
      expect(declared.statusCode).toBe(200);
      await t.kabar.services.settle();
      // The alert is cleared: account_alerts again for the same type, with alert_status NONE.
      expect(alerts()).toHaveLength(3);
      expect(alerts()[2]).toEqual({
        entity_type: 'PHONE_NUMBER',
        entity_id: business.phoneNumberId,
        alert_info: { alert_severity: 'INFORMATIONAL', alert_status: 'NONE', alert_type: 'HUMAN_ESCALATION_PATH_MISSING', alert_description: 'A human escalation path was declared: agent_handover.' },
      });
      expect(alerts().map((alert) => (alert['alert_info'] as { alert_status: string }).alert_status)).toEqual(['ACTIVE', 'ACTIVE', 'NONE']);
      // Declaring another path later clears nothing more.
      expect((await t.kabar.app.inject({ method: 'POST', url: `/admin/phone_numbers/${business.phoneNumberId}/escalation_path`, headers: t.admin, payload: { kind: 'email', value: 'cs@example.com' } })).statusCode).toBe(200);
      await t.kabar.services.settle();
      expect(alerts()).toHaveLength(3);
      await sendToMany(t, business, 6282400002000, 1);
      await t.kabar.services.settle();
      expect(await graphNumber(t, business, 'messaging_limit_tier')).toMatchObject({ messaging_limit_tier: 'TIER_10K' });
    });
  });
}
