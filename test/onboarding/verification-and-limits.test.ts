import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../support/databases.js';
import { errorOf, isField, managementChanges, startOnboarding, type Client, type SignedUp } from '../support/onboarding.js';
import type { WebhookSink } from '../support/webhook-sink.js';

/**
 * Classic signup: business verification is a request with a review. A simulated reviewer decides at
 * its configured time, or an operator decides early; verification lifts the cap on numbers from 2
 * (the trial tier) to 20.
 */
for (const dialect of dialects) {
  describe(`business verification and number limits on ${dialect}`, () => {
    let sink: WebhookSink;
    let client: Client;
    let close: () => Promise<void>;
    let account: SignedUp;
    const add = (national: string) => client.addNumber(account, '62', national, 'Sinar Jaya');

    beforeAll(async () => {
      ({ sink, client, close } = await startOnboarding(dialect));
    });

    afterAll(() => close());

    it('rejects the verification of a classic signup with the reviewer\'s reason when its delay runs out, and keeps the business in the trial tier', async () => {
      const settings = await client.operator('POST', '/admin/onboarding/settings', { reviewers: { business_verification: { outcome: 'reject', delay: '1d', reason: 'The registration document is unreadable.' } } });
      expect(settings.json<{ reviewers: Record<string, unknown> }>().reviewers['business_verification']).toEqual({ outcome: 'reject', delay_ms: 86_400_000, reason: 'The registration document is unreadable.' });
      account = await client.signup('classic', 'Sinar Jaya');
      await client.subscribe(account, sink);
      const review = (await client.operator('GET', `/admin/reviews/${account.verification_review_id ?? ''}`)).json<Record<string, unknown>>();
      expect(review).toMatchObject({ kind: 'business_verification', status: 'pending', details: { documents: [{ type: 'business_registration', name: 'akta.pdf' }] } });
      expect((await client.operator('GET', `/admin/businesses/${account.business_id}`)).json()).toMatchObject({ verification_status: 'pending' });

      await client.advance('23h');
      expect((await client.operator('GET', `/admin/businesses/${account.business_id}`)).json()).toMatchObject({ verification_status: 'pending' });
      await client.advance('1h');
      expect((await client.operator('GET', `/admin/businesses/${account.business_id}`)).json()).toMatchObject({
        verification_status: 'rejected',
        verification_reason: 'The registration document is unreadable.',
        max_phone_numbers: 2,
      });
      await sink.next(isField('account_review_update', (value) => value['decision'] === 'REJECTED'));
      const feed = (await client.operator('GET', `/admin/notifications?business_id=${account.business_id}&kind=business.verification`)).json<{ data: { severity: string; body: string }[] }>().data;
      expect(feed[0]).toMatchObject({ severity: 'warning', body: expect.stringContaining('unreadable') as unknown });

      expect((await add('81100003001')).statusCode).toBe(200);
      expect((await add('81100003002')).statusCode).toBe(200);
      const third = await add('81100003003');
      expect(third.statusCode).toBe(400);
      expect(errorOf(third)).toMatchObject({ code: 100, error_data: { details: expect.stringContaining('the most an unverified business in the trial tier may hold (2)') as unknown } });
    });

    it('approves a second verification request decided early by an operator, lifting the cap to 20 numbers', async () => {
      const request = await client.operator('POST', `/admin/businesses/${account.business_id}/verification`, { documents: [{ type: 'business_registration', name: 'akta-2.pdf' }, { type: 'utility_bill', name: 'pln.pdf' }] });
      expect(request.statusCode).toBe(201);
      const reviewId = request.json<{ id: string }>().id;
      const pending = (await client.operator('GET', '/admin/reviews?status=pending&kind=business_verification')).json<{ data: { id: string }[] }>().data;
      expect(pending.map((review) => review.id)).toContain(reviewId);

      const decided = await client.operator('POST', `/admin/reviews/${reviewId}/decision`, { decision: 'approve' });
      expect(decided.json()).toMatchObject({ status: 'approved', decided_by: 'operator' });
      expect(errorOf(await client.operator('POST', `/admin/reviews/${reviewId}/decision`, { decision: 'reject' }))).toMatchObject({ code: 100 });
      expect((await client.operator('GET', `/admin/businesses/${account.business_id}`)).json()).toMatchObject({ verification_status: 'verified', verification_reason: null, max_phone_numbers: 20 });
      const capability = await sink.next(isField('business_capability_update'));
      expect(managementChanges(capability).find((change) => change.field === 'business_capability_update')?.value).toEqual({ max_phone_numbers_per_business: 20 });
      await sink.next(isField('account_review_update', (value) => value['decision'] === 'APPROVED'));
      // The reviewer's timer of the decided review is gone: advancing past it changes nothing.
      await client.advance('2d');
      expect((await client.operator('GET', `/admin/reviews/${reviewId}`)).json()).toMatchObject({ status: 'approved', decided_by: 'operator' });

      // Numbers of a verified business start in tier 1 (the operator's default setting).
      const third = await add('81100003003');
      expect(third.statusCode).toBe(200);
      expect(await client.field(account, third.json<{ id: string }>().id, 'messaging_limit_tier')).toBe('TIER_1K');
      for (let index = 4; index <= 20; index += 1) {
        const added = await add(`8110000${String(3000 + index)}`);
        expect(added.statusCode, `number ${index}`).toBe(200);
      }
      const twentyFirst = await add('81100003021');
      expect(errorOf(twentyFirst)).toMatchObject({ code: 100, error_data: { details: expect.stringContaining('already holds 20 phone numbers, the most a business portfolio may hold (20)') as unknown } });
      const listed = (await client.graph('GET', `/${account.waba_id}/phone_numbers`, account.access_token)).json<{ data: unknown[] }>().data;
      expect(listed).toHaveLength(20);
    });

    it('refuses a number that is someone\'s WhatsApp account until it is deleted there, and warns when it comes from the Business App', async () => {
      const other = await client.signup('express', 'Warung Bu Sri');
      await client.operator('POST', '/sim/users', { wa_id: '6281100004001', name: 'Sri' });
      const refused = await client.addNumber(other, '62', '81100004001', 'Warung Bu Sri');
      expect(errorOf(refused)).toMatchObject({ code: 100, error_data: { details: expect.stringContaining('registered to a WhatsApp account') as unknown } });
      expect((await client.operator('POST', '/sim/accounts/6281100004001', { account: 'none' })).json()).toMatchObject({ on_whatsapp: false, account: 'none' });
      expect((await client.addNumber(other, '62', '81100004001', 'Warung Bu Sri')).statusCode).toBe(200);

      await client.operator('POST', '/sim/accounts/+6281100004002', { account: 'business_app' });
      const migrated = await client.addNumber(other, '62', '81100004002', 'Warung Bu Sri');
      expect(migrated.json()).toMatchObject({ warnings: [expect.stringContaining('chat history may be lost') as unknown] });
      const id = migrated.json<{ id: string }>().id;
      await client.verify(other, id, '6281100004002');
      await client.graph('POST', `/${id}/register`, other.access_token, { messaging_product: 'whatsapp', pin: '246810' });
      // Registered on the Cloud API, the number has left the Business App.
      expect((await client.operator('GET', '/sim/users')).json<{ data: { wa_id: string; on_whatsapp: boolean }[] }>().data).toContainEqual(expect.objectContaining({ wa_id: '6281100004002', on_whatsapp: false }));

      await client.operator('POST', '/sim/accounts/6281100004003', { account: 'other_provider' });
      const transfer = await client.signup('express', 'Warung Transfer');
      expect(errorOf(await client.addNumber(transfer, '62', '81100004003', 'Warung Transfer'))).toMatchObject({ error_data: { details: expect.stringContaining('migrate_phone_number') as unknown } });
      const transferred = await client.graph('POST', `/${transfer.waba_id}/phone_numbers`, transfer.access_token, { country_code: '62', phone_number: '81100004003', verified_name: 'Warung Transfer', migrate_phone_number: true });
      expect(transferred.statusCode).toBe(200);
    });

    it('starts new numbers of a verified business in the trial tier when the operator says so', async () => {
      await client.operator('POST', '/admin/onboarding/settings', { starting_tier: 'trial' });
      const verified = await client.signup('classic', 'Maju Bersama');
      await client.operator('POST', `/admin/reviews/${verified.verification_review_id ?? ''}/decision`, { decision: 'approve' });
      const number = await client.addNumber(verified, '62', '81100005001', 'Maju Bersama');
      expect(await client.field(verified, number.json<{ id: string }>().id, 'messaging_limit_tier')).toBe('TIER_50');
      await client.operator('POST', '/admin/onboarding/settings', { starting_tier: 'tier_1' });
    });
  });
}
