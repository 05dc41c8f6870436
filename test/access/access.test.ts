import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { dialects } from '../support/databases.js';
import { startKabar, type TestKabar } from '../support/kabar.js';
import { asSignedIn, createUser, secondBusiness, signIn, testPassword } from '../support/console-users.js';

interface GraphError {
  readonly error: { readonly code: number; readonly error_subcode?: number };
}

const errorOf = (body: string): GraphError['error'] => (JSON.parse(body) as GraphError).error;

for (const dialect of dialects) {
  describe(`people and access on ${dialect}`, () => {
    let t: TestKabar;
    beforeEach(async () => {
      t = await startKabar(dialect);
      await createUser(t, { businessId: t.demo.businessId, email: 'owner@toko.test', role: 'owner' });
      await createUser(t, { businessId: t.demo.businessId, email: 'admin@toko.test', role: 'admin' });
      await createUser(t, { businessId: t.demo.businessId, email: 'agent@toko.test', role: 'agent' });
    }, 60_000);
    afterEach(async () => {
      await t.close();
      await t.database.cleanup();
    });

    it('signs in with an HttpOnly, SameSite=Strict session cookie, and signs out', async () => {
      const response = await t.kabar.app.inject({ method: 'POST', url: '/admin/session', payload: { email: 'Owner@Toko.test', password: testPassword } });
      expect(response.statusCode).toBe(201);
      const cookie = String(response.headers['set-cookie']);
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Strict/);
      const owner = asSignedIn(t, response);
      const who = await owner.request({ method: 'GET', url: '/admin/session' });
      expect(who.json()).toMatchObject({ actor: { kind: 'user', label: 'owner@toko.test', role: 'owner' }, business: { id: t.demo.businessId } });
      expect((await owner.request({ method: 'DELETE', url: '/admin/session' })).statusCode).toBe(200);
      const after = await owner.request({ method: 'GET', url: '/admin/session' });
      expect(after.statusCode).toBe(401);
      expect(errorOf(after.body).code).toBe(190);
    });

    it('refuses a cookie-authenticated write without the CSRF token or from another origin', async () => {
      const owner = await signIn(t, 'owner@toko.test');
      const write = { method: 'POST' as const, url: '/admin/api-keys', payload: { name: 'ci', role: 'agent' } };
      const bare = await t.kabar.app.inject({ ...write, headers: { cookie: owner.cookie } });
      expect(bare.statusCode).toBe(403);
      expect(errorOf(bare.body).code).toBe(10);
      const wrong = await t.kabar.app.inject({ ...write, headers: { cookie: owner.cookie, 'x-csrf-token': 'guess' } });
      expect(wrong.statusCode).toBe(403);
      const foreign = await t.kabar.app.inject({ ...write, headers: { cookie: owner.cookie, 'x-csrf-token': owner.csrf, origin: 'https://evil.example' } });
      expect(foreign.statusCode).toBe(403);
      const fine = await owner.request(write);
      expect(fine.statusCode).toBe(201);
      // Nor may another site's page sign a browser in.
      const crossSite = await t.kabar.app.inject({ method: 'POST', url: '/admin/session', headers: { origin: 'https://evil.example' }, payload: { email: 'owner@toko.test', password: testPassword } });
      expect(crossSite.statusCode).toBe(403);
    });

    it('checks the least role each route declares: agents read, admins set up, owners move the clock', async () => {
      const agent = await signIn(t, 'agent@toko.test');
      const admin = await signIn(t, 'admin@toko.test');
      const owner = await signIn(t, 'owner@toko.test');
      expect((await agent.request({ method: 'GET', url: '/admin/messages' })).statusCode).toBe(200);
      const settings = await agent.request({ method: 'GET', url: '/admin/users' });
      expect(settings.statusCode).toBe(403);
      expect(errorOf(settings.body).code).toBe(10);
      expect((await admin.request({ method: 'GET', url: '/admin/users' })).statusCode).toBe(200);
      expect((await agent.request({ method: 'GET', url: `/admin/wabas/${t.demo.wabaId}/templates` })).statusCode).toBe(200);
      expect((await agent.request({ method: 'POST', url: `/admin/wabas/${t.demo.wabaId}/templates`, payload: { name: 'x', language: 'id', category: 'UTILITY', components: [] } })).statusCode).toBe(403);
      expect((await admin.request({ method: 'POST', url: '/sim/clock/advance', payload: { by: '1h' } })).statusCode).toBe(403);
      expect((await owner.request({ method: 'POST', url: '/sim/clock/advance', payload: { by: '1h' } })).statusCode).toBe(200);
      // Provisioning stays the operator's.
      expect((await owner.request({ method: 'POST', url: '/admin/businesses', payload: { name: 'Mine' } })).statusCode).toBe(403);
      expect((await owner.request({ method: 'GET', url: '/admin/dead-letters' })).statusCode).toBe(403);
      // The operator token keeps working for the CLI and tests.
      expect((await t.kabar.app.inject({ method: 'GET', url: '/admin/users', query: { business_id: t.demo.businessId }, headers: t.admin })).statusCode).toBe(200);
    });

    it('throttles sign-in after 5 failures for 15 minutes of platform time, then lets the right password in', async () => {
      for (let attempt = 0; attempt < 5; attempt += 1) {
        const wrong = await t.kabar.app.inject({ method: 'POST', url: '/admin/session', payload: { email: 'owner@toko.test', password: 'wrong password' } });
        expect(wrong.statusCode).toBe(401);
      }
      const blocked = await t.kabar.app.inject({ method: 'POST', url: '/admin/session', payload: { email: 'owner@toko.test', password: testPassword } });
      expect(blocked.statusCode).toBe(429);
      expect(errorOf(blocked.body).code).toBe(4);
      // Another account from the same address is not locked by this one's failures.
      expect((await t.kabar.app.inject({ method: 'POST', url: '/admin/session', payload: { email: 'agent@toko.test', password: testPassword } })).statusCode).toBe(201);
      await t.kabar.app.inject({ method: 'POST', url: '/sim/clock/advance', headers: t.admin, payload: { by: '15m' } });
      expect((await t.kabar.app.inject({ method: 'POST', url: '/admin/session', payload: { email: 'owner@toko.test', password: testPassword } })).statusCode).toBe(201);
    });

    it('invites by e-mail: a one-time link to set a password, within 7 days, no higher than the inviter', async () => {
      const admin = await signIn(t, 'admin@toko.test');
      const tooHigh = await admin.request({ method: 'POST', url: '/admin/invitations', payload: { email: 'boss@toko.test', role: 'owner' } });
      expect(tooHigh.statusCode).toBe(403);
      const invited = await admin.request({ method: 'POST', url: '/admin/invitations', payload: { email: 'Siti@Toko.test', role: 'agent' } });
      expect(invited.statusCode).toBe(201);
      const { token, link } = invited.json() as { token: string; link: string };
      expect(link).toContain(`/console/invitation#${token}`);
      const preview = await t.kabar.app.inject({ method: 'POST', url: '/admin/invitations/preview', payload: { token } });
      expect(preview.json()).toMatchObject({ email: 'siti@toko.test', role: 'agent', business: { id: t.demo.businessId } });
      const short = await t.kabar.app.inject({ method: 'POST', url: '/admin/invitations/accept', payload: { token, name: 'Siti', password: 'short' } });
      expect(short.statusCode).toBe(400);
      const accepted = await t.kabar.app.inject({ method: 'POST', url: '/admin/invitations/accept', payload: { token, name: 'Siti', password: 'kata sandi panjang' } });
      expect(accepted.statusCode).toBe(201);
      expect(accepted.json()).toMatchObject({ actor: { label: 'siti@toko.test', role: 'agent' } });
      const again = await t.kabar.app.inject({ method: 'POST', url: '/admin/invitations/accept', payload: { token, name: 'Eve', password: 'kata sandi panjang' } });
      expect(again.statusCode).toBe(401);
      expect((await signIn(t, 'siti@toko.test', 'kata sandi panjang')).csrf).toMatch(/.+/);

      const late = await admin.request({ method: 'POST', url: '/admin/invitations', payload: { email: 'late@toko.test', role: 'agent' } });
      await t.kabar.app.inject({ method: 'POST', url: '/sim/clock/advance', headers: t.admin, payload: { by: '7d' } });
      const expired = await t.kabar.app.inject({ method: 'POST', url: '/admin/invitations/accept', payload: { token: (late.json() as { token: string }).token, name: 'Late', password: 'kata sandi panjang' } });
      expect(expired.statusCode).toBe(401);
      expect(expired.body).toContain('expired');
    });

    it('makes API keys scoped to a business and a role, shown once and stored hashed, and revokes them', async () => {
      const admin = await signIn(t, 'admin@toko.test');
      expect((await admin.request({ method: 'POST', url: '/admin/api-keys', payload: { name: 'too much', role: 'owner' } })).statusCode).toBe(403);
      const created = await admin.request({ method: 'POST', url: '/admin/api-keys', payload: { name: 'reporting', role: 'agent' } });
      expect(created.statusCode).toBe(201);
      const { key, id } = created.json() as { key: string; id: string };
      expect(key).toMatch(/^kbk_/);
      const listed = await admin.request({ method: 'GET', url: '/admin/api-keys' });
      expect(listed.body).not.toContain(key);
      expect(listed.json()).toMatchObject({ data: [{ id, name: 'reporting', role: 'agent', hint: `…${key.slice(-4)}` }] });
      const stored = await sql<{ key_hash: string }>`select key_hash from api_keys`.execute(t.kabar.services.database.db);
      expect(stored.rows.map((row) => row.key_hash)).not.toContain(key);
      const bearer = { authorization: `Bearer ${key}` };
      expect((await t.kabar.app.inject({ method: 'GET', url: '/admin/messages', headers: bearer })).statusCode).toBe(200);
      expect((await t.kabar.app.inject({ method: 'GET', url: '/admin/users', headers: bearer })).statusCode).toBe(403);
      expect((await admin.request({ method: 'DELETE', url: `/admin/api-keys/${id}` })).statusCode).toBe(200);
      expect((await t.kabar.app.inject({ method: 'GET', url: '/admin/messages', headers: bearer })).statusCode).toBe(401);
    });

    it('keeps an append-only audit log of every admin write: who, what, on what, how it ended', async () => {
      const owner = await signIn(t, 'owner@toko.test');
      await owner.request({ method: 'POST', url: `/admin/businesses/${t.demo.businessId}/policy`, payload: { limits: '2022-01' } });
      await owner.request({ method: 'POST', url: '/admin/invitations', payload: { email: 'new@toko.test', role: 'admin' } });
      await t.kabar.app.inject({ method: 'POST', url: '/admin/session', payload: { email: 'owner@toko.test', password: 'nope nope nope' } });
      const audit = await owner.request({ method: 'GET', url: '/admin/audit' });
      const entries = (audit.json() as { data: { action: string; actor: { label: string }; target: string; status: number; details: Record<string, unknown> }[] }).data;
      expect(entries.map((entry) => entry.action)).toEqual(expect.arrayContaining(['policy.choose', 'invitations.create', 'session.start']));
      expect(entries.find((entry) => entry.action === 'policy.choose')).toMatchObject({ actor: { label: 'owner@toko.test' }, target: `id=${t.demo.businessId}`, status: 200, details: { limits: '2022-01' } });
      // A failed sign-in belongs to no business yet: the operator sees it, with the address tried.
      const all = await t.kabar.app.inject({ method: 'GET', url: '/admin/audit', headers: t.admin });
      const failed = (all.json() as { data: { action: string; status: number }[] }).data.find((entry) => entry.action === 'session.start' && entry.status === 401);
      expect(failed).toMatchObject({ actor: { label: 'anonymous' }, details: { email: 'owner@toko.test' } });
      expect(JSON.stringify(entries) + all.body).not.toContain(testPassword);
      const db = t.kabar.services.database.db;
      await expect(sql`update audit_log set action = 'nothing'`.execute(db)).rejects.toThrow(/append-only/);
      await expect(sql`delete from audit_log`.execute(db)).rejects.toThrow(/append-only/);
    });

    it('shows a user of another business nothing of the first: other ids answer like missing nodes', async () => {
      const other = await secondBusiness(t);
      await createUser(t, { businessId: other.businessId, email: 'owner@lain.test', role: 'owner' });
      const sent = await t.kabar.app.inject({ method: 'POST', url: '/sim/messages', headers: t.admin, payload: { from: '6281234567890', text: 'Halo toko demo' } });
      const wamid = (sent.json() as { message: { id: string } }).message.id;
      const stranger = await signIn(t, 'owner@lain.test');
      const refusals = [
        await stranger.request({ method: 'GET', url: '/admin/messages', query: { business_id: t.demo.businessId } }),
        await stranger.request({ method: 'GET', url: `/admin/messages/${encodeURIComponent(wamid)}` }),
        await stranger.request({ method: 'GET', url: `/admin/businesses/${t.demo.businessId}/policy` }),
        await stranger.request({ method: 'GET', url: '/admin/users', query: { business_id: t.demo.businessId } }),
        await stranger.request({ method: 'POST', url: `/admin/businesses/${t.demo.businessId}/apps`, payload: { name: 'sneaky' } }),
        await stranger.request({ method: 'POST', url: '/sim/messages', payload: { from: '6281234567890', to: t.demo.phoneNumberId, text: 'x' } }),
        await stranger.request({ method: 'GET', url: `/admin/wabas/${t.demo.wabaId}/templates` }),
        await stranger.request({ method: 'POST', url: `/admin/wabas/${t.demo.wabaId}/templates`, payload: { name: 'sneaky', language: 'id', category: 'UTILITY', components: [{ type: 'BODY', text: 'Halo' }] } }),
        await stranger.request({ method: 'POST', url: '/sim/users/6281234567890/block', payload: { phone_number_id: t.demo.phoneNumberId } }),
      ];
      for (const refused of refusals) {
        expect(refused.statusCode, refused.body).toBe(400);
        expect(errorOf(refused.body)).toMatchObject({ code: 100, error_subcode: 33 });
      }
      const own = await stranger.request({ method: 'GET', url: '/admin/messages' });
      expect((own.json() as { data: unknown[] }).data).toEqual([]);
      const chat = await stranger.request({ method: 'GET', url: '/sim/users/6281234567890/messages' });
      expect((chat.json() as { data: unknown[] }).data).toEqual([]);
      const overview = await stranger.request({ method: 'GET', url: '/admin/overview' });
      expect((overview.json() as { numbers: { id: string }[] }).numbers.map((number) => number.id)).toEqual([other.phoneNumberId]);
      const businesses = await stranger.request({ method: 'GET', url: '/admin/businesses' });
      expect((businesses.json() as { data: { id: string }[] }).data.map((business) => business.id)).toEqual([other.businessId]);
      const users = await stranger.request({ method: 'GET', url: '/sim/users' });
      expect((users.json() as { data: unknown[] }).data).toEqual([]);
      const audit = await stranger.request({ method: 'GET', url: '/admin/audit' });
      const entries = (audit.json() as { data: { business_id: string }[] }).data;
      expect(entries.length).toBeGreaterThan(0);
      expect(entries.every((entry) => entry.business_id === other.businessId)).toBe(true);
    });

    it('keeps a business with at least one owner, and nobody changes their own role', async () => {
      const owner = await signIn(t, 'owner@toko.test');
      const users = (await owner.request({ method: 'GET', url: '/admin/users' })).json() as { data: { id: string; email: string }[] };
      const ownerId = users.data.find((user) => user.email === 'owner@toko.test')?.id ?? '';
      const agentId = users.data.find((user) => user.email === 'agent@toko.test')?.id ?? '';
      expect((await owner.request({ method: 'POST', url: `/admin/users/${ownerId}`, payload: { role: 'agent' } })).statusCode).toBe(403);
      expect((await owner.request({ method: 'POST', url: `/admin/users/${agentId}`, payload: { role: 'admin' } })).json()).toMatchObject({ role: 'admin' });
      const agentSession = await signIn(t, 'admin@toko.test');
      expect((await owner.request({ method: 'DELETE', url: `/admin/users/${agentId}` })).statusCode).toBe(200);
      expect((await signIn(t, 'admin@toko.test')).csrf).toBeDefined();
      expect((await agentSession.request({ method: 'GET', url: '/admin/session' })).statusCode).toBe(200);
      const removed = await t.kabar.app.inject({ method: 'POST', url: '/admin/session', payload: { email: 'agent@toko.test', password: testPassword } });
      expect(removed.statusCode).toBe(401);
    });
  });
}
