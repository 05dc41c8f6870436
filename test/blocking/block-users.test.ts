import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Text } from 'whatsapp-api-js/messages';
import type { ServerBlockResponse, ServerUnblockResponse } from 'whatsapp-api-js/types';
import { dialects } from '../support/databases.js';
import { startWithLibrary, type LibraryClient } from '../support/library-client.js';
import type { RunningKabar } from '../support/running-kabar.js';
import { provisionTenant, type Tenant } from '../support/tenant.js';
import { jpegBytes, type GraphError } from '../support/media-files.js';

interface BlockAnswer {
  readonly messaging_product: string;
  readonly block_users: {
    readonly added_users?: { input: string; wa_id?: string }[];
    readonly removed_users?: { input: string; wa_id?: string }[];
    readonly failed_users?: { input: string; wa_id?: string; errors: { message: string; code: number; error_data: { details: string } }[] }[];
  };
  readonly error?: GraphError['error'] & { type: string; fbtrace_id: string };
}

interface BlockedPage {
  readonly data: { messaging_product: string; wa_id: string }[];
  readonly paging: { cursors: { before: string; after: string }; next?: string; previous?: string };
}

/**
 * The Block Users API through whatsapp-api-js and plain fetch: per-user results and the 139100
 * envelope, the 24-hour rule on the simulated clock, idempotent block and unblock, the limits, the
 * pages of the blocklist, what a block does to both directions, and another business's token.
 */
for (const dialect of dialects) {
  describe(`block users on ${dialect}`, () => {
    let kabar: RunningKabar;
    let library: LibraryClient;
    let close: () => Promise<void>;
    let tenant: Tenant;

    beforeAll(async () => {
      ({ kabar, library, close } = await startWithLibrary(dialect));
      tenant = await provisionTenant(kabar.kabar.app, kabar.admin, { name: 'Toko Lain', phoneNumber: '+6281300000078' });
    });

    afterAll(() => close());

    const blockUsersUrl = (phoneNumberId = kabar.demo.phoneNumberId, query = ''): string => `${kabar.baseUrl}/v24.0/${phoneNumberId}/block_users${query}`;

    async function call<Body>(method: 'POST' | 'DELETE' | 'GET', url: string, body?: unknown, token = kabar.demo.accessToken): Promise<{ status: number; body: Body }> {
      const response = await fetch(url, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: response.status, body: (await response.json()) as Body };
    }

    const usersBody = (users: readonly string[]): unknown => ({ messaging_product: 'whatsapp', block_users: users.map((user) => ({ user })) });

    async function writes(from: string, text: string, to?: string): Promise<{ message: { status: string; id: string }; withheld?: { reason: string; details: string } }> {
      const answer = (await kabar.operator('POST', '/sim/messages', { from, text, ...(to === undefined ? {} : { to }) })) as { message: { status: string; id: string }; withheld?: { reason: string; details: string } };
      await kabar.kabar.services.settle();
      return answer;
    }

    it('blocks a user who wrote within 24 h through whatsapp-api-js, normalising the number as a send does', async () => {
      await writes('6281277700021', 'Halo, ada promo?');
      const answer: ServerBlockResponse = await library.client.blockUser(kabar.demo.phoneNumberId, '+62 812-7770-0021');
      expect(library.lastStatus).toBe(200);
      expect(answer).toStrictEqual({ messaging_product: 'whatsapp', block_users: { added_users: [{ input: '+62 812-7770-0021', wa_id: '6281277700021' }] } });
      const listed = await call<BlockedPage>('GET', blockUsersUrl());
      expect(listed.status).toBe(200);
      expect(listed.body.data).toContainEqual({ messaging_product: 'whatsapp', wa_id: '6281277700021' });
    });

    it('blocks on the 24-hour rule of the simulated clock: 23 h after the last message yes, 24 h after no (131047 in the 139100 envelope)', async () => {
      await writes('6281277700031', 'Pesan pertama');
      await writes('6281277700032', 'Pesan pertama');
      await kabar.advance('23h');
      await writes('6281277700032', 'Masih di sini');
      await kabar.advance('1h');
      const mixed = await call<BlockAnswer>('POST', blockUsersUrl(), usersBody(['6281277700031', '6281277700032', 'bukan-nomor']));
      expect(mixed.status).toBe(400);
      expect(mixed.body.messaging_product).toBe('whatsapp');
      expect(mixed.body.block_users.added_users).toEqual([{ input: '6281277700032', wa_id: '6281277700032' }]);
      expect(mixed.body.block_users.failed_users).toEqual([
        { input: '6281277700031', wa_id: '6281277700031', errors: [{ message: 'Re-engagement required', code: 131047, error_data: { details: 'User has not messaged in the last 24 hours.' } }] },
        { input: 'bukan-nomor', errors: [{ message: 'Re-engagement required', code: 131047, error_data: { details: expect.stringMatching(/not a valid WhatsApp user/) } }] },
      ]);
      expect(mixed.body.error).toMatchObject({
        message: '(#139100) Failed to block/unblock users',
        type: 'OAuthException',
        code: 139100,
        error_data: { details: 'Failed to block some users, see the block_users response list for details' },
        fbtrace_id: expect.any(String),
      });
      // Only the user inside the window is on the list.
      const listed = (await call<BlockedPage>('GET', blockUsersUrl(undefined, '?limit=100'))).body.data.map((entry) => entry.wa_id);
      expect(listed).toContain('6281277700032');
      expect(listed).not.toContain('6281277700031');
    });

    it('refuses to block the number itself (131021) and another business number, each on its own line', async () => {
      const answer = await call<BlockAnswer>('POST', blockUsersUrl(), usersBody(['+1 555-010-0000', '+6281300000078']));
      expect(answer.status).toBe(400);
      expect(answer.body.block_users.added_users).toEqual([]);
      expect(answer.body.block_users.failed_users?.map((user) => [user.wa_id, user.errors[0]?.code, user.errors[0]?.message])).toEqual([
        ['15550100000', 131021, 'Failed to block self phone number'],
        ['6281300000078', 131047, 'Re-engagement required'],
      ]);
      expect(answer.body.error?.code).toBe(139100);
    });

    it('is idempotent: blocking a blocked user again, even after 24 h, and unblocking one who is not blocked both succeed', async () => {
      await writes('6281277700041', 'Halo');
      expect((await call<BlockAnswer>('POST', blockUsersUrl(), usersBody(['6281277700041']))).status).toBe(200);
      await kabar.advance('30h');
      const again = await call<BlockAnswer>('POST', blockUsersUrl(), usersBody(['6281277700041', '6281277700041']));
      expect(again).toEqual({ status: 200, body: { messaging_product: 'whatsapp', block_users: { added_users: [{ input: '6281277700041', wa_id: '6281277700041' }, { input: '6281277700041', wa_id: '6281277700041' }] } } });
      const never: ServerUnblockResponse = await library.client.unblockUser(kabar.demo.phoneNumberId, '6281277709999');
      expect(library.lastStatus).toBe(200);
      expect(never).toStrictEqual({ messaging_product: 'whatsapp', block_users: { removed_users: [{ input: '6281277709999', wa_id: '6281277709999' }] } });
      // Unblocking has no 24-hour rule.
      const unblocked = await library.client.unblockUser(kabar.demo.phoneNumberId, '6281277700041');
      expect(unblocked).toStrictEqual({ messaging_product: 'whatsapp', block_users: { removed_users: [{ input: '6281277700041', wa_id: '6281277700041' }] } });
      const listed = (await call<BlockedPage>('GET', blockUsersUrl(undefined, '?limit=100'))).body.data.map((entry) => entry.wa_id);
      expect(listed).not.toContain('6281277700041');
    });

    it("withholds a blocked user's messages from the business, refuses sends to them with 131026, and unblocking restores both", async () => {
      const user = '6281277700051';
      await writes(user, 'Sebelum diblokir');
      expect(await kabar.outboxRow('Sebelum diblokir')).toBeDefined();
      await library.client.blockUser(kabar.demo.phoneNumberId, user);
      expect(library.lastStatus).toBe(200);

      // Inbound: the simulator answers 200 with the message at one tick, and says why; nothing reaches the business.
      const text = await writes(user, 'Kenapa saya diblokir?');
      expect(text.message.status).toBe('sent');
      expect(text.withheld).toEqual({ reason: 'blocked', details: expect.stringMatching(/blocked 6281277700051.*one tick/) });
      const viaUserRoute = (await kabar.operator('POST', `/sim/users/${user}/messages`, { text: 'Halo lagi?' })) as { message: { status: string }; withheld?: { reason: string } };
      expect(viaUserRoute).toMatchObject({ message: { status: 'sent' }, withheld: { reason: 'blocked' } });
      const photo = new FormData();
      photo.append('caption', 'Foto dari yang diblokir');
      photo.append('image', new Blob([jpegBytes(2_000, 3)], { type: 'image/jpeg' }), 'foto.jpg');
      const media = await fetch(`${kabar.baseUrl}/sim/users/${user}/media`, { method: 'POST', headers: kabar.admin, body: photo });
      expect(media.status).toBe(200);
      const mediaAnswer = (await media.json()) as { message: { status: string }; withheld?: { reason: string }; media_id?: string };
      expect(mediaAnswer).toMatchObject({ message: { status: 'sent' }, withheld: { reason: 'blocked' } });
      expect(mediaAnswer.media_id).toBeUndefined();
      await kabar.kabar.services.settle();
      expect(await kabar.outboxRow('Foto dari yang diblokir')).toBeUndefined();
      expect(await kabar.outboxRow('Kenapa saya diblokir?')).toBeUndefined();
      expect(await kabar.outboxRow('Halo lagi?')).toBeUndefined();
      const phone = (await kabar.operator('GET', `/sim/users/${user}/messages?limit=50`)) as { data: { text: { body: string } }[] };
      expect(phone.data.map((message) => message.text.body)).toEqual(['Sebelum diblokir']);

      // Outbound: refused on the request, nothing stored.
      const refused = (await library.client.sendMessage(kabar.demo.phoneNumberId, user, new Text('Maaf'))) as unknown as GraphError;
      expect(library.lastStatus).toBe(400);
      expect(refused.error).toMatchObject({ code: 131026, message: '(#131026) Message undeliverable', error_data: { details: expect.stringMatching(/blocked 6281277700051.*DELETE/) } });

      await library.client.unblockUser(kabar.demo.phoneNumberId, user);
      expect(library.lastStatus).toBe(200);
      const sent = (await library.client.sendMessage(kabar.demo.phoneNumberId, user, new Text('Sudah dibuka lagi'))) as { messages?: { id: string }[] };
      expect(library.lastStatus).toBe(200);
      expect(sent.messages?.[0]?.id).toEqual(expect.any(String));
      const back = await writes(user, 'Terima kasih');
      expect(back.message.status).toBe('received');
      expect(back.withheld).toBeUndefined();
      expect(await kabar.outboxRow('Terima kasih')).toBeDefined();
    });

    it('pages the blocklist with limit, after and before cursors', async () => {
      const users = ['6281277700061', '6281277700062', '6281277700063', '6281277700064', '6281277700065'];
      for (const user of users) await writes(user, 'Halo', tenant.phoneNumberId);
      expect((await call<BlockAnswer>('POST', blockUsersUrl(tenant.phoneNumberId), usersBody(users), tenant.token)).status).toBe(200);

      const first = await call<BlockedPage>('GET', blockUsersUrl(tenant.phoneNumberId, '?limit=2'), undefined, tenant.token);
      expect(first.status).toBe(200);
      expect(first.body.data).toEqual(users.slice(0, 2).map((waId) => ({ messaging_product: 'whatsapp', wa_id: waId })));
      expect(first.body.paging.previous).toBeUndefined();
      expect(first.body.paging.next).toEqual(expect.stringContaining(`after=${first.body.paging.cursors.after}`));

      const second = await call<BlockedPage>('GET', blockUsersUrl(tenant.phoneNumberId, `?limit=2&after=${first.body.paging.cursors.after}`), undefined, tenant.token);
      expect(second.body.data.map((entry) => entry.wa_id)).toEqual(users.slice(2, 4));
      expect(second.body.paging.previous).toBeDefined();
      const third = await call<BlockedPage>('GET', second.body.paging.next ?? '', undefined, tenant.token);
      expect(third.body.data.map((entry) => entry.wa_id)).toEqual(users.slice(4));
      expect(third.body.paging.next).toBeUndefined();

      const back = await call<BlockedPage>('GET', blockUsersUrl(tenant.phoneNumberId, `?limit=2&before=${second.body.paging.cursors.before}`), undefined, tenant.token);
      expect(back.body.data.map((entry) => entry.wa_id)).toEqual(users.slice(0, 2));
      expect(back.body.paging.previous).toBeUndefined();
      expect(back.body.paging.next).toBeDefined();

      const bad = await call<GraphError>('GET', blockUsersUrl(tenant.phoneNumberId, '?after=not-a-cursor'), undefined, tenant.token);
      expect(bad.status).toBe(400);
      expect(bad.body.error.code).toBe(100);
    });

    it("answers another business's token as for a node it cannot see, on every method", async () => {
      for (const method of ['POST', 'DELETE', 'GET'] as const) {
        const answer = await call<GraphError>(method, blockUsersUrl(), method === 'GET' ? undefined : usersBody(['6281277700021']), tenant.token);
        expect(answer.status, method).toBe(400);
        expect(answer.body.error, method).toMatchObject({ code: 100, error_subcode: 33 });
      }
      // The demo's block still holds.
      expect((await call<BlockedPage>('GET', blockUsersUrl(undefined, '?limit=100'))).body.data.map((entry) => entry.wa_id)).toContain('6281277700021');
    });

    it('refuses more than 1,000 users with 130429 and blocks nothing; refuses a body without messaging_product or users', async () => {
      await writes('6281277700071', 'Halo');
      const users = ['6281277700071', ...Array.from({ length: 1_000 }, (_, index) => `62812888${String(index).padStart(5, '0')}`)];
      const tooMany = await call<GraphError>('POST', blockUsersUrl(), usersBody(users));
      expect(tooMany.status).toBe(400);
      expect(tooMany.body.error).toMatchObject({ code: 130429, message: '(#130429) Rate limit hit' });
      expect((await call<BlockedPage>('GET', blockUsersUrl(undefined, '?limit=1000'))).body.data.map((entry) => entry.wa_id)).not.toContain('6281277700071');
      const exactly = await call<BlockAnswer>('DELETE', blockUsersUrl(), usersBody(users.slice(0, 1_000)));
      expect(exactly.status).toBe(200);
      expect(exactly.body.block_users.removed_users).toHaveLength(1_000);

      const noProduct = await call<GraphError>('POST', blockUsersUrl(), { block_users: [{ user: '6281277700071' }] });
      expect(noProduct.status).toBe(400);
      expect(noProduct.body.error.code).toBe(100);
      const empty = await call<GraphError>('POST', blockUsersUrl(), { messaging_product: 'whatsapp', block_users: [] });
      expect(empty.status).toBe(400);
      expect(empty.body.error.code).toBe(100);
    });

    it('stops at 64,000 blocked users with 139101 for each user over the limit', async () => {
      // Filled directly in the store to one short of the limit.
      const blocklist = `/admin/phone_numbers/${tenant.phoneNumberId}/blocked_users`;
      const before = ((await kabar.operator('GET', blocklist)) as { total: number }).total;
      const db = kabar.kabar.services.database.db;
      const filler = Array.from({ length: 64_000 - 1 - before }, (_, index) => ({ phone_number_id: tenant.phoneNumberId, wa_id: `4479${String(index).padStart(8, '0')}`, business_id: tenant.businessId, blocked_at: 0 }));
      for (let start = 0; start < filler.length; start += 2_000) await db.insertInto('blocked_users').values(filler.slice(start, start + 2_000)).execute();
      await writes('6281277700081', 'Halo', tenant.phoneNumberId);
      await writes('6281277700082', 'Halo', tenant.phoneNumberId);
      const answer = await call<BlockAnswer>('POST', blockUsersUrl(tenant.phoneNumberId), usersBody(['6281277700081', '6281277700082']), tenant.token);
      expect(answer.status).toBe(400);
      expect(answer.body.block_users.added_users).toEqual([{ input: '6281277700081', wa_id: '6281277700081' }]);
      expect(answer.body.block_users.failed_users).toEqual([
        { input: '6281277700082', wa_id: '6281277700082', errors: [{ message: 'Blocklist limit reached', code: 139101, error_data: { details: expect.stringMatching(/64,000/) } }] },
      ]);
      expect(await kabar.operator('GET', blocklist)).toMatchObject({ total: 64_000 });
    });
  });
}
