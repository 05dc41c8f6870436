import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dialects } from '../support/databases.js';
import { startKabar, type TestKabar } from '../support/kabar.js';
import { HostileReceiver } from '../support/hostile-receiver.js';

for (const dialect of dialects) {
  describe(`callbacks that answer with a body that never ends, on ${dialect}`, () => {
    let t: TestKabar;
    let receiver: HostileReceiver;

    beforeEach(async () => {
      t = await startKabar(dialect);
      receiver = await HostileReceiver.start();
    });

    afterEach(async () => {
      await t.close();
      await receiver.close();
      await t.database.cleanup();
    });

    const subscribe = () =>
      t.kabar.app.inject({
        method: 'POST',
        url: `/v21.0/${t.demo.wabaId}/subscribed_apps`,
        headers: t.auth,
        payload: { override_callback_uri: receiver.url, verify_token: 'endless-token' },
      });

    it('refuses the subscription with 2200 after reading a few KiB of the handshake answer, and closes the connection', async () => {
      receiver.get = 'endless';
      const response = await subscribe();
      expect(response.statusCode).toBe(400);
      expect(response.json<{ error: { code: number; error_data: { details: string } } }>().error).toMatchObject({
        code: 2200,
        error_data: { details: 'Callback verification failed: the callback answered with more than 4096 bytes; the answer to the handshake is the bare hub.challenge, a short number.' },
      });
      await receiver.until((current) => current.closedByCaller === 1, 'its handshake connection closed by Kabar');
      expect(receiver).toMatchObject({ requests: 1, answered: 0, open: 0 });
      const listed = await t.kabar.app.inject({ method: 'GET', url: `/v21.0/${t.demo.wabaId}/subscribed_apps`, headers: t.auth });
      expect(JSON.stringify(listed.json())).not.toContain(receiver.url);
    });

    it('counts a 200 whose body never ends as delivered, and closes the connection instead of reading on', async () => {
      expect((await subscribe()).statusCode).toBe(200);
      receiver.post = 'endless';
      await t.kabar.app.inject({ method: 'POST', url: '/sim/messages', headers: t.admin, payload: { from: '6281200006666', text: 'answer me briefly' } });
      await t.kabar.services.settle();
      await receiver.until((current) => current.closedByCaller === 1, 'its delivery connection closed by Kabar');
      const outbox = await t.kabar.app.inject({ method: 'GET', url: '/admin/webhooks/outbox', headers: t.admin });
      expect(outbox.json<{ data: unknown[] }>().data).toMatchObject([{ status: 'delivered', attempts: 1, last_error: null }]);
      const attempts = await t.kabar.app.inject({ method: 'GET', url: '/admin/webhooks/attempts', headers: t.admin });
      expect(attempts.json<{ data: unknown[] }>().data).toMatchObject([{ response_status: 200, error: null }]);
    });
  });
}
