import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../support/databases.js';
import { errorOf, isField, startOnboarding, type Client, type SignedUp } from '../support/onboarding.js';
import type { WebhookSink } from '../support/webhook-sink.js';

/**
 * Display names are reviewed (PENDING_REVIEW → APPROVED or DECLINED, told as
 * `phone_number_name_update`), and a change of name is reviewed again. The green tick needs a
 * verified business, a two-step PIN and an approved name; an operator judges notability.
 */
for (const dialect of dialects) {
  describe(`display names and the green tick on ${dialect}`, () => {
    let sink: WebhookSink;
    let client: Client;
    let close: () => Promise<void>;
    let verified: SignedUp;
    let number = '';

    beforeAll(async () => {
      ({ sink, client, close } = await startOnboarding(dialect));
      verified = await client.signup('classic', 'Batik Sekar');
      await client.subscribe(verified, sink);
      await client.operator('POST', `/admin/reviews/${verified.verification_review_id ?? ''}/decision`, { decision: 'approve' });
    });

    afterAll(() => close());

    it('approves a display name that follows the guidelines after the reviewer\'s day, and declines one that does not', async () => {
      number = (await client.addNumber(verified, '62', '81100007001', 'Batik Sekar')).json<{ id: string }>().id;
      const shouting = (await client.addNumber(verified, '62', '81100007002', 'BATIK SEKAR!!')).json<{ id: string }>().id;
      expect(await client.field(verified, number, 'name_status')).toBe('PENDING_REVIEW');
      await client.advance('1d');
      expect(await client.field(verified, number, 'name_status')).toBe('APPROVED');
      expect(await client.field(verified, shouting, 'name_status')).toBe('DECLINED');
      await sink.next(isField('phone_number_name_update', (value) => value['decision'] === 'APPROVED' && value['requested_verified_name'] === 'Batik Sekar'));
      const declined = await sink.next(isField('phone_number_name_update', (value) => value['decision'] === 'REJECTED'));
      expect(declined.json).toMatchObject({ entry: [{ changes: [{ value: { display_phone_number: '6281100007002', requested_verified_name: 'BATIK SEKAR!!', rejection_reason: 'NAME_FORMAT_UNACCEPTABLE' } }] }] });

      // A declined name is replaced by asking for another; it goes to review again.
      expect((await client.graph('POST', `/${shouting}`, verified.access_token, { new_display_name: 'Batik Sekar Solo' })).json()).toEqual({ success: true });
      expect((await client.graph('GET', `/${shouting}?fields=verified_name,name_status`, verified.access_token)).json()).toMatchObject({ verified_name: 'Batik Sekar Solo', name_status: 'PENDING_REVIEW' });
    });

    it('reviews a change of an approved name again, and applies it at the next registration', async () => {
      await client.verify(verified, number, '6281100007001');
      await client.graph('POST', `/${number}/register`, verified.access_token, { messaging_product: 'whatsapp', pin: '135790' });
      expect((await client.graph('POST', `/${number}`, verified.access_token, { new_display_name: 'Batik Sekar Official' })).json()).toEqual({ success: true });
      expect(errorOf(await client.graph('POST', `/${number}`, verified.access_token, { new_display_name: 'Batik Sekar Lain' }))).toMatchObject({ code: 100 });
      const changing = await client.graph('GET', `/${number}?fields=verified_name,name_status,new_name_status,new_display_name`, verified.access_token);
      expect(changing.json()).toMatchObject({ verified_name: 'Batik Sekar', name_status: 'APPROVED', new_name_status: 'PENDING_REVIEW', new_display_name: 'Batik Sekar Official' });
      const [review] = (await client.operator('GET', `/admin/reviews?status=pending&kind=display_name&phone_number_id=${number}`)).json<{ data: { id: string }[] }>().data;
      await client.operator('POST', `/admin/reviews/${review?.id ?? ''}/decision`, { decision: 'approve' });
      expect(await client.field(verified, number, 'new_name_status')).toBe('APPROVED');
      expect(await client.field(verified, number, 'verified_name')).toBe('Batik Sekar');
      await client.graph('POST', `/${number}/register`, verified.access_token, { messaging_product: 'whatsapp', pin: '135790' });
      expect((await client.graph('GET', `/${number}?fields=verified_name,new_name_status`, verified.access_token)).json()).toEqual({ id: number, verified_name: 'Batik Sekar Official', new_name_status: 'NONE' });
    });

    it('refuses the green tick to an unverified business with the reasons', async () => {
      const express = await client.signup('express', 'Kopi Senja');
      const id = (await client.operator('POST', `/admin/wabas/${express.waba_id}/phone_numbers`, { phone_number: '+6281100007101', verified_name: 'Kopi Senja' })).json<{ id: string }>().id;
      const refused = await client.graph('POST', `/${id}/official_business_account`, express.access_token, { business_website_url: 'https://kopisenja.example', primary_country_of_operation: 'Indonesia', primary_language: 'Indonesian' });
      expect(refused.statusCode).toBe(400);
      expect(errorOf(refused)).toMatchObject({ code: 100, error_data: { details: expect.stringContaining('the business is not verified (verification unverified)') as unknown } });
      expect((await client.graph('GET', `/${id}/official_business_account`, express.access_token)).json()).toEqual({ id, oba_status: 'NOT_STARTED' });
      expect(await client.field(express, id, 'is_official_business_account')).toBe(false);
    });

    it('grants the green tick to an eligible number once an operator judges it notable', async () => {
      const request = { business_website_url: 'https://batiksekar.example', primary_country_of_operation: 'Indonesia', primary_language: 'Indonesian', supporting_links: ['https://news.example/batik-sekar'] };
      expect((await client.graph('POST', `/${number}/official_business_account`, verified.access_token, request)).json()).toEqual({ success: true });
      expect((await client.graph('GET', `/${number}/official_business_account`, verified.access_token)).json()).toEqual({ id: number, oba_status: 'PENDING' });
      // Notability is the operator's call: the reviewer waits, however long the clock runs.
      await client.advance('30d');
      const [review] = (await client.operator('GET', `/admin/reviews?status=pending&kind=official_business_account`)).json<{ data: { id: string; details: Record<string, unknown> }[] }>().data;
      expect(review?.details).toMatchObject({ business_website_url: 'https://batiksekar.example', supporting_links: ['https://news.example/batik-sekar'] });
      await client.operator('POST', `/admin/reviews/${review?.id ?? ''}/decision`, { decision: 'approve' });
      expect(await client.field(verified, number, 'is_official_business_account')).toBe(true);
      await sink.next(isField('account_alerts', (value) => (value['alert_info'] as { alert_type: string }).alert_type === 'OBA_APPROVED' && value['entity_id'] === number));
      expect((await client.operator('GET', `/sim/business-profiles/${number}`)).json()).toMatchObject({ name: 'Batik Sekar Official', official_business_account: true });
      expect(errorOf(await client.graph('POST', `/${number}/official_business_account`, verified.access_token, request))).toMatchObject({ code: 100 });
    });

    it('tells a rejected green tick with the operator\'s reason', async () => {
      const id = (await client.operator('POST', `/admin/wabas/${verified.waba_id}/phone_numbers`, { phone_number: '+6281100007003', verified_name: 'Batik Sekar Jogja', pin: '112233' })).json<{ id: string }>().id;
      await client.graph('POST', `/${id}/official_business_account`, verified.access_token, { business_website_url: 'https://batiksekar.example', primary_country_of_operation: 'Indonesia', primary_language: 'Indonesian' });
      const [review] = (await client.operator('GET', `/admin/reviews?status=pending&kind=official_business_account&phone_number_id=${id}`)).json<{ data: { id: string }[] }>().data;
      await client.operator('POST', `/admin/reviews/${review?.id ?? ''}/decision`, { decision: 'reject', reason: 'Not enough press coverage.' });
      expect((await client.graph('GET', `/${id}/official_business_account`, verified.access_token)).json()).toEqual({ id, oba_status: 'REJECTED', status_message: 'Not enough press coverage.' });
      const alert = await sink.next(isField('account_alerts', (value) => (value['alert_info'] as { alert_type: string }).alert_type === 'OBA_REJECTED'));
      expect(JSON.stringify(alert.json)).toContain('Not enough press coverage.');
    });
  });
}
