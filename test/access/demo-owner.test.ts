import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dialects } from '../support/databases.js';
import { startKabar, type TestKabar } from '../support/kabar.js';

for (const dialect of dialects) {
  describe(`the demo business's first owner on ${dialect}`, () => {
    let t: TestKabar;
    beforeEach(async () => {
      t = await startKabar(dialect);
    });
    afterEach(async () => {
      await t.close();
      await t.database.cleanup();
    });

    const signIn = (email: string, password: string) => t.kabar.app.inject({ method: 'POST', url: '/admin/session', payload: { email, password } });

    it('is created with a password that signs in, kept while known, replaced when lost, never when the owner chose one', async () => {
      const first = await t.kabar.services.ensureDemoOwner(t.demo.businessId, undefined);
      expect(first.email).toBe('owner@demo.kabar.local');
      const password = first.password ?? '';
      expect((await signIn(first.email, password)).json()).toMatchObject({ actor: { role: 'owner' }, business: { id: t.demo.businessId } });

      expect((await t.kabar.services.ensureDemoOwner(t.demo.businessId, password)).password).toBe(password);
      const lost = await t.kabar.services.ensureDemoOwner(t.demo.businessId, undefined);
      expect(lost.password).not.toBe(password);
      expect((await signIn(first.email, password)).statusCode).toBe(401);
      const session = await signIn(first.email, lost.password ?? '');
      expect(session.statusCode).toBe(201);

      const cookie = /kabar_session=[^;]*/.exec(String(session.headers['set-cookie']))?.[0] ?? '';
      const csrf = (session.json() as { csrf_token: string }).csrf_token;
      const change = (current: string, next: string) =>
        t.kabar.app.inject({ method: 'POST', url: '/admin/session/password', headers: { cookie, 'x-csrf-token': csrf }, payload: { current_password: current, new_password: next } });
      expect((await change('not the password', 'mine and only mine')).statusCode).toBe(401);
      expect((await change(lost.password ?? '', 'mine and only mine')).statusCode).toBe(200);
      expect((await t.kabar.services.ensureDemoOwner(t.demo.businessId, undefined)).password).toBeUndefined();
      expect((await signIn(first.email, 'mine and only mine')).statusCode).toBe(201);
    });
  });
}
