import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { dialects } from '../support/databases.js';
import type { TestKabar } from '../support/kabar.js';
import { errorOf, startOnboarding, type Client, type SignedUp } from '../support/onboarding.js';

/**
 * Who may do what in onboarding: the operator signs businesses up, decides reviews and takes the
 * shortcut; a business's admin drives its own numbers; an agent only reads; another business's
 * numbers and reviews look like missing ones.
 */
for (const dialect of dialects) {
  describe(`access to onboarding on ${dialect}`, () => {
    let t: TestKabar;
    let client: Client;
    let close: () => Promise<void>;
    let mine: SignedUp;
    let theirs: SignedUp;
    let myNumber = '';
    let theirNumber = '';
    const keys: Record<'admin' | 'agent', string> = { admin: '', agent: '' };
    const as = (role: 'admin' | 'agent', method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>): Promise<LightMyRequestResponse> =>
      t.kabar.app.inject({ method, url, headers: { authorization: `Bearer ${keys[role]}` }, ...(payload === undefined ? {} : { payload }) });

    beforeAll(async () => {
      ({ t, client, close } = await startOnboarding(dialect));
      mine = await client.signup('express', 'Toko Saya');
      theirs = await client.signup('express', 'Toko Mereka');
      myNumber = (await client.operator('POST', `/admin/wabas/${mine.waba_id}/phone_numbers`, { phone_number: '+6281100009201', verified_name: 'Toko Saya', connect: false })).json<{ id: string }>().id;
      theirNumber = (await client.operator('POST', `/admin/wabas/${theirs.waba_id}/phone_numbers`, { phone_number: '+6281100009202', verified_name: 'Toko Mereka', connect: false })).json<{ id: string }>().id;
      for (const role of ['admin', 'agent'] as const) {
        keys[role] = (await client.operator('POST', '/admin/api-keys', { business_id: mine.business_id, name: role, role })).json<{ key: string }>().key;
      }
    });

    afterAll(() => close());

    it('keeps signup, review decisions, reviewer settings and the shortcut to the operator', async () => {
      const [review] = (await client.operator('GET', `/admin/reviews?business_id=${mine.business_id}&kind=display_name`)).json<{ data: { id: string }[] }>().data;
      for (const [method, url, payload] of [
        ['POST', '/admin/signups', { mode: 'express', business_name: 'Sneaky' }],
        ['POST', `/admin/reviews/${review?.id ?? ''}/decision`, { decision: 'approve' }],
        ['POST', '/admin/onboarding/settings', { starting_tier: 'trial' }],
        ['POST', `/admin/phone_numbers/${myNumber}/connect`, {}],
        ['POST', `/sim/accounts/6281100009299`, { account: 'none' }],
      ] as const) {
        const refused = await as('admin', method, url, payload);
        expect(refused.statusCode, url).toBe(403);
        expect(errorOf(refused).code, url).toBe(10);
      }
    });

    it('lets a business admin drive its own number, and shows another business\'s number and reviews as missing', async () => {
      expect((await as('admin', 'POST', `/admin/phone_numbers/${myNumber}/request_code`, {})).statusCode).toBe(200);
      const inbox = (await as('admin', 'GET', `/sim/codes/${myNumber}`)).json<{ data: { code: string }[] }>();
      expect((await as('admin', 'POST', `/admin/phone_numbers/${myNumber}/verify_code`, { code: inbox.data[0]?.code ?? '' })).json()).toMatchObject({ code_verification_status: 'VERIFIED' });
      for (const url of [`/admin/phone_numbers/${theirNumber}`, `/sim/codes/${theirNumber}`, `/admin/businesses/${theirs.business_id}`, `/sim/business-profiles/${theirNumber}`]) {
        expect(errorOf(await as('admin', 'GET', url)), url).toMatchObject({ code: 100, error_subcode: 33 });
      }
      expect(errorOf(await as('admin', 'POST', `/admin/phone_numbers/${theirNumber}/pin`, { pin: '123456' }))).toMatchObject({ code: 100, error_subcode: 33 });
      const reviews = (await as('admin', 'GET', '/admin/reviews')).json<{ data: { business_id: string }[] }>().data;
      expect(reviews.length).toBeGreaterThan(0);
      expect(reviews.every((review) => review.business_id === mine.business_id)).toBe(true);
    });

    it('lets an agent read but not change, and only an owner ask for business verification', async () => {
      expect((await as('agent', 'GET', `/admin/phone_numbers/${myNumber}`)).json()).toMatchObject({ id: myNumber, code_verification_status: 'VERIFIED' });
      expect((await as('agent', 'GET', `/admin/businesses/${mine.business_id}`)).json()).toMatchObject({ verification_status: 'unverified' });
      expect((await as('agent', 'POST', `/admin/phone_numbers/${myNumber}/pin`, { pin: '123456' })).statusCode).toBe(403);
      expect((await as('admin', 'POST', `/admin/businesses/${mine.business_id}/verification`, { documents: [{ type: 'business_registration', name: 'akta.pdf' }] })).statusCode).toBe(403);
    });
  });
}
