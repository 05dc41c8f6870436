import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimClock } from '../../src/core/shared/index.js';
import { dialects, freshDatabase } from '../support/databases.js';
import { startKabar, testEpoch, type TestKabar } from '../support/kabar.js';
import { secondBusiness } from '../support/console-users.js';

interface ErrorView {
  readonly error: { readonly code: number; readonly error_subcode?: number };
}

for (const dialect of dialects) {
  describe(`webhook realism settings over the admin API on ${dialect}`, () => {
    const database = freshDatabase(dialect);
    let t: TestKabar;
    const realismOf = (appId: string, headers: Record<string, string> = t.admin) => t.kabar.app.inject({ method: 'GET', url: `/admin/apps/${appId}/webhook-realism`, headers });
    const setRealism = (appId: string, payload: unknown, headers: Record<string, string> = t.admin) =>
      t.kabar.app.inject({ method: 'POST', url: `/admin/apps/${appId}/webhook-realism`, headers, payload: payload as Record<string, unknown> });
    const apiKey = async (businessId: string, role: 'agent' | 'admin'): Promise<Record<string, string>> => {
      const response = await t.kabar.app.inject({ method: 'POST', url: '/admin/api-keys', headers: t.admin, payload: { business_id: businessId, name: `${role} key`, role } });
      return { authorization: `Bearer ${response.json<{ key: string }>().key}` };
    };

    beforeAll(async () => {
      t = await startKabar(dialect, database);
    });

    afterAll(async () => {
      await t.close();
      await database.cleanup();
    });

    it('changes only the switches named, and keeps them across a restart', async () => {
      expect((await setRealism(t.demo.appId, { duplicates: true })).json()).toEqual({ app_id: t.demo.appId, batching: false, duplicates: true, out_of_order: false });
      expect((await setRealism(t.demo.appId, { out_of_order: true, batching: true })).json()).toEqual({ app_id: t.demo.appId, batching: true, duplicates: true, out_of_order: true });
      expect((await setRealism(t.demo.appId, { batching: false })).json()).toMatchObject({ batching: false, duplicates: true, out_of_order: true });
      await t.close();
      t = await startKabar(dialect, database, SimClock.frozenAt(testEpoch));
      expect((await realismOf(t.demo.appId)).json()).toEqual({ app_id: t.demo.appId, batching: false, duplicates: true, out_of_order: true });
    });

    it('refuses a body without a switch, with a value that is not a boolean, or with a name it does not know, and changes nothing', async () => {
      const before = (await realismOf(t.demo.appId)).json<unknown>();
      const refusals: [unknown, number, string][] = [
        [{}, 131008, 'Name at least one switch to change: batching, duplicates, out_of_order'],
        [{ batching: 'maybe' }, 100, 'Param batching must be boolean'],
        [{ outOfOrder: true }, 100, 'Param outOfOrder is not a known parameter; known: batching, duplicates, out_of_order'],
        [{ batching: true, colour: true }, 100, 'Param colour is not a known parameter'],
      ];
      for (const [payload, code, details] of refusals) {
        const response = await setRealism(t.demo.appId, payload);
        expect(response.statusCode, JSON.stringify(payload)).toBe(400);
        expect(response.json<ErrorView & { error: { error_data: { details: string } } }>().error).toMatchObject({ code, error_data: { details: expect.stringContaining(details) as unknown } });
      }
      expect((await realismOf(t.demo.appId)).json()).toEqual(before);
    });

    it('answers an unknown app like a missing node', async () => {
      for (const response of [await realismOf('999999999'), await setRealism('999999999', { batching: true })]) {
        expect(response.statusCode).toBe(400);
        expect(response.json<ErrorView>().error).toMatchObject({ code: 100, error_subcode: 33 });
      }
    });

    it("lets an agent read the switches and an admin change them, and hides the app from another business", async () => {
      const agent = await apiKey(t.demo.businessId, 'agent');
      expect((await realismOf(t.demo.appId, agent)).statusCode).toBe(200);
      const refused = await setRealism(t.demo.appId, { batching: true }, agent);
      expect(refused.statusCode).toBe(403);
      expect(refused.json<ErrorView>().error.code).toBe(10);
      expect((await setRealism(t.demo.appId, { batching: true }, await apiKey(t.demo.businessId, 'admin'))).json()).toMatchObject({ batching: true });

      const other = await apiKey((await secondBusiness(t)).businessId, 'admin');
      for (const response of [await realismOf(t.demo.appId, other), await setRealism(t.demo.appId, { batching: false }, other)]) {
        expect(response.statusCode).toBe(400);
        expect(response.json<ErrorView>().error).toMatchObject({ code: 100, error_subcode: 33 });
      }
      expect((await realismOf(t.demo.appId)).json()).toMatchObject({ batching: true });
    });

    it('writes each change to the audit log', async () => {
      await setRealism(t.demo.appId, { duplicates: false });
      const audit = await t.kabar.app.inject({ method: 'GET', url: `/admin/audit?business_id=${t.demo.businessId}`, headers: t.admin });
      const entry = audit.json<{ data: { action: string; business_id: string; status: number; details: unknown }[] }>().data.find((candidate) => candidate.action === 'webhooks.realism');
      expect(entry).toMatchObject({ business_id: t.demo.businessId, status: 200, details: { duplicates: false } });
    });
  });
}
