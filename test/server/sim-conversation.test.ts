import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../support/databases.js';
import { startKabar, type TestKabar } from '../support/kabar.js';

interface Listed {
  readonly direction: 'inbound' | 'outbound';
  readonly text: { readonly body: string };
  readonly status: string;
  readonly error_code?: number;
  readonly timestamp: string;
}

const user = '15550100031';

for (const dialect of dialects) {
  describe(`GET /sim/users/:waId/messages on ${dialect}`, () => {
    let t: TestKabar;

    beforeAll(async () => {
      t = await startKabar(dialect);
    });

    afterAll(async () => {
      await t.close();
      await t.database.cleanup();
    });

    const userWrites = (text: string) => t.kabar.app.inject({ method: 'POST', url: '/sim/messages', headers: t.admin, payload: { from: user, text } });
    const businessSends = (text: string) =>
      t.kabar.app.inject({ method: 'POST', url: `/v21.0/${t.demo.phoneNumberId}/messages`, headers: t.auth, payload: { messaging_product: 'whatsapp', to: user, text: { body: text } } });
    const advance = (by: string) => t.kabar.app.inject({ method: 'POST', url: '/sim/clock/advance', headers: t.admin, payload: { by } });
    const list = async (query = ''): Promise<Listed[]> => {
      const response = await t.kabar.app.inject({ method: 'GET', url: `/sim/users/${user}/messages${query}`, headers: t.admin });
      expect(response.statusCode).toBe(200);
      return response.json<{ data: Listed[] }>().data;
    };
    const summary = (messages: readonly Listed[]): string[] => messages.map((message) => `${message.direction} ${message.text.body} ${message.status}`);

    it('refuses a field the route does not take instead of dropping it, and writes nothing', async () => {
      const before = (await list()).length;
      const misplaced = await t.kabar.app.inject({ method: 'POST', url: '/sim/messages', headers: t.admin, payload: { from: user, text: 'Dari iklan', referral: { source_url: 'https://fb.me/ad' } } });
      expect(misplaced.statusCode).toBe(400);
      expect(misplaced.json<{ error: { message: string } }>().error.message).toContain('referral is not a known parameter');
      const misspelt = await t.kabar.app.inject({ method: 'POST', url: `/sim/users/${user}/messages`, headers: t.admin, payload: { text: 'Halo', contxt: 'wamid.x' } });
      expect(misspelt.statusCode).toBe(400);
      expect(misspelt.json<{ error: { message: string } }>().error.message).toContain('contxt is not a known parameter');
      expect((await list()).length).toBe(before);
    });

    it('shows both sides oldest first, the business side only once it reached the phone', async () => {
      await userWrites('Halo, ada stok?');
      await advance('1s');
      await businessSends('Ada, kak!');
      await advance('1s');
      await businessSends('Mau berapa?');
      expect(summary(await list())).toEqual(['inbound Halo, ada stok? received']);
      await advance('1s');
      expect(summary(await list())).toEqual(['inbound Halo, ada stok? received', 'outbound Ada, kak! delivered']);
      await advance('1s');
      await userWrites('Dua');
      await advance('3s');
      const conversation = await list();
      expect(summary(conversation)).toEqual(['inbound Halo, ada stok? received', 'outbound Ada, kak! read', 'outbound Mau berapa? read', 'inbound Dua received']);
      const times = conversation.map((message) => Date.parse(message.timestamp));
      expect(times).toEqual([...times].sort((left, right) => left - right));
    });

    it('keeps the direction filters: received is what reached the phone, sent is what the user wrote', async () => {
      expect(summary(await list('?direction=received'))).toEqual(['outbound Ada, kak! read', 'outbound Mau berapa? read']);
      expect(summary(await list('?direction=sent'))).toEqual(['inbound Halo, ada stok? received', 'inbound Dua received']);
    });

    it('limits to the latest messages, still oldest first', async () => {
      expect(summary(await list('?limit=2'))).toEqual(['outbound Mau berapa? read', 'inbound Dua received']);
    });

    it('leaves out what never reached the phone unless undelivered=true asks for it, failed ones with their code', async () => {
      await advance('25h');
      await businessSends('Masih ada promo?');
      const failed = { direction: 'outbound', text: { body: 'Masih ada promo?' }, status: 'failed', error_code: 131047 };
      expect((await list()).at(-1)).toMatchObject({ text: { body: 'Dua' } });
      expect((await list('?undelivered=true')).at(-1)).toMatchObject(failed);
      expect((await list('?direction=received&undelivered=true')).at(-1)).toMatchObject(failed);
      await userWrites('Halo lagi');
      await businessSends('Ada!');
      expect((await list('?undelivered=true')).slice(-2)).toMatchObject([{ text: { body: 'Halo lagi' } }, { text: { body: 'Ada!' }, status: 'accepted' }]);
      await advance('1s');
      expect((await list('?undelivered=true')).at(-1)).toMatchObject({ text: { body: 'Ada!' }, status: 'sent' });
      expect((await list()).at(-1)).toMatchObject({ text: { body: 'Halo lagi' } });
    });
  });
}
