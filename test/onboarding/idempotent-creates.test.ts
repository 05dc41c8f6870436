import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { dialects } from '../support/databases.js';
import { startKabar, type TestKabar } from '../support/kabar.js';
import { Client, errorOf } from '../support/onboarding.js';

const tables = ['businesses', 'wabas', 'apps', 'access_tokens', 'phone_numbers', 'reviews'] as const;

/** A retried create, with the same Idempotency-Key, answers the first answer and creates nothing new. */
for (const dialect of dialects) {
  describe(`idempotent creates on ${dialect}`, () => {
    let t: TestKabar;
    let client: Client;

    beforeAll(async () => {
      t = await startKabar(dialect);
      client = new Client(t);
    });

    afterAll(async () => {
      await t.close();
      await t.database.cleanup();
    });

    const counts = async (): Promise<Record<(typeof tables)[number], number>> => {
      const result = { businesses: 0, wabas: 0, apps: 0, access_tokens: 0, phone_numbers: 0, reviews: 0 };
      for (const table of tables) {
        const rows = await sql<{ count: number | string }>`select count(*) as count from ${sql.table(table)}`.execute(t.kabar.services.database.db);
        result[table] = Number(rows.rows[0]?.count ?? 0);
      }
      return result;
    };

    it('makes one business for a signup retried with the same key, and refuses the key for another signup', async () => {
      const body = { mode: 'classic', business_name: 'Toko Retry', documents: [{ type: 'business_registration', name: 'akta.pdf' }] };
      const key = { 'idempotency-key': 'signup-toko-retry-1' };
      const first = await client.operator('POST', '/admin/signups', body, key);
      expect(first.statusCode).toBe(201);
      const after = await counts();
      const retries = await Promise.all([client.operator('POST', '/admin/signups', body, key), client.operator('POST', '/admin/signups', { ...body, business_name: 'Toko Retry' }, key)]);
      for (const retry of retries) {
        expect(retry.statusCode).toBe(201);
        expect(retry.json()).toEqual(first.json());
      }
      expect(await counts()).toEqual(after);
      const reused = await client.operator('POST', '/admin/signups', { ...body, business_name: 'Toko Lain' }, key);
      expect(errorOf(reused)).toMatchObject({ code: 131009, error_data: { details: expect.stringContaining('already used for a different request') as unknown } });
      // The token the first answer carried works.
      const token = first.json<{ access_token: string; waba_id: string }>();
      expect((await client.graph('GET', `/${token.waba_id}`, token.access_token)).statusCode).toBe(200);
    });

    it('makes one of each for the admin create routes retried with the same key, even when the retries race', async () => {
      const business = (await client.operator('POST', '/admin/businesses', { name: 'Race Co' }, { 'idempotency-key': 'b-1' })).json<{ id: string }>();
      const before = await counts();
      const twice = async (url: string, payload: Record<string, unknown>, key: string): Promise<unknown> => {
        const answers = await Promise.all([0, 1, 2].map(() => client.operator('POST', url, payload, { 'idempotency-key': key })));
        for (const answer of answers) expect(answer.statusCode, url).toBe(201);
        expect(new Set(answers.map((answer) => answer.body)).size, url).toBe(1);
        return answers[0]?.json();
      };
      expect(await twice('/admin/businesses', { name: 'Race Co' }, 'b-1')).toEqual(business);
      const waba = (await twice(`/admin/businesses/${business.id}/wabas`, { name: 'Race WABA' }, 'w-1')) as { id: string };
      const app = (await twice(`/admin/businesses/${business.id}/apps`, { name: 'Race App' }, 'a-1')) as { id: string };
      await twice(`/admin/apps/${app.id}/tokens`, {}, 't-1');
      const number = (await twice(`/admin/wabas/${waba.id}/phone_numbers`, { phone_number: '+6281100008001', verified_name: 'Race Co' }, 'n-1')) as { id: string; status: string };
      expect(number.status).toBe('CONNECTED');
      expect(await counts()).toEqual({ ...before, wabas: before.wabas + 1, apps: before.apps + 1, access_tokens: before.access_tokens + 1, phone_numbers: before.phone_numbers + 1, reviews: before.reviews + 2 });
      // Without a key, each request creates.
      await client.operator('POST', '/admin/businesses', { name: 'Race Co' });
      expect((await counts()).businesses).toBe(before.businesses + 1);
    });
  });
}
