import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../support/databases.js';
import { adminToken } from '../support/kabar.js';
import { listenKabarWithSink, type GraphAnswer, type RunningKabar } from '../support/running-kabar.js';
import { approvedMarketingTemplate, templateBody } from '../support/marketing-template.js';
import type { WebhookSink } from '../support/webhook-sink.js';
import { changesOf } from '../limits/support.js';

const bin = join(import.meta.dirname, '..', '..', 'bin', 'kabar.js');

function kabar(running: RunningKabar, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const environment = { ...process.env, KABAR_URL: running.baseUrl, KABAR_ADMIN_TOKEN: adminToken };
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { env: environment }, (error, stdout, stderr) => resolve({ code: error === null ? 0 : Number(error.code ?? 1), stdout, stderr }));
  });
}

/**
 * Throughput on both engines, over real HTTP with the simulated clock standing still unless a test
 * moves it: 80 messages a second per number (130429; the users' messages count too, so the tests
 * let a second pass after users write in), the pair rate limit of one message every 6 s
 * to a user with bursts of up to 45 paid back afterwards (131056), no other send refused; the
 * levels set over the admin API and the CLI; `?fields=throughput`; per-user marketing limits.
 */
for (const dialect of dialects) {
  describe(`throughput on ${dialect}`, () => {
    let running: RunningKabar;
    let sink: WebhookSink;
    let userSerial = 0;

    /** Fresh users who wrote in, so that the number may answer them with free-form text. */
    async function users(count: number): Promise<string[]> {
      const waIds: string[] = [];
      for (let index = 0; index < count; index += 1) {
        userSerial += 1;
        const waId = `62812${String(userSerial).padStart(7, '0')}`;
        await running.operator('POST', '/sim/messages', { from: waId, text: 'Halo' });
        waIds.push(waId);
      }
      return waIds;
    }

    const send = (to: string, text = 'Pesanan Anda sudah dikirim.'): Promise<GraphAnswer> =>
      running.graph('POST', `/${running.demo.phoneNumberId}/messages`, { messaging_product: 'whatsapp', to, type: 'text', text: { body: text } });

    /** Sends `count` messages to each of `waIds` in turn and returns how many were answered 200. */
    async function sendRound(waIds: readonly string[], each: number): Promise<number> {
      let accepted = 0;
      for (let round = 0; round < each; round += 1) {
        for (const waId of waIds) {
          const answer = await send(waId);
          expect(answer.status, `send ${accepted + 1} to ${waId}: ${JSON.stringify(answer.json)}`).toBe(200);
          accepted += 1;
        }
      }
      return accepted;
    }

    let close: () => Promise<void>;

    beforeAll(async () => {
      // The demo WABA's webhooks go to a receiver: level changes and inbound messages are told there.
      ({ running, sink, close } = await listenKabarWithSink(dialect));
    });
    afterAll(() => close());

    it('shows the level as Meta does: STANDARD by default, on ?fields=throughput and among the default fields', async () => {
      const fields = await running.graph('GET', `/${running.demo.phoneNumberId}?fields=throughput`);
      expect(fields.json).toEqual({ throughput: { level: 'STANDARD' }, id: running.demo.phoneNumberId });
      const defaults = await running.graph('GET', `/${running.demo.phoneNumberId}`);
      expect(defaults.json).toMatchObject({ throughput: { level: 'STANDARD' } });
      expect(await running.operator('GET', `/admin/phone_numbers/${running.demo.phoneNumberId}/throughput`)).toEqual({
        phone_number_id: running.demo.phoneNumberId,
        throughput: { level: 'STANDARD' },
        messages_per_second: 80,
        pair_rate_limit: { one_message_every_seconds: 6, burst: 45 },
      });
    });

    it('lets 80 messages through in one second of simulated time, refuses the 81st with 130429 and nothing stored, and lets one more in after 12.5 ms', async () => {
      await running.advance('1h');
      const [first = '', second = '', third = ''] = await users(3);
      // Their messages took 3 of this second's 80 (inbound counts too): the sends start in a fresh second.
      await running.advance('1s');
      const waIds = [first, second];
      expect(await sendRound(waIds, 40)).toBe(80);
      const refused = await send(waIds[0] ?? '');
      expect(refused.status).toBe(400);
      expect(refused.json.error).toMatchObject({ code: 130429, message: '(#130429) Rate limit hit' });
      expect(refused.json.error?.error_data.details).toContain('may send 80 messages per second');
      // Another user does not help: the budget is the number's.
      expect((await send(third)).json.error?.code).toBe(130429);

      await running.advance('13ms');
      expect((await send(third)).status).toBe(200);
      expect((await send(third)).json.error?.code).toBe(130429);
      await running.advance('1s');
      expect(await sendRound([third, ...(await users(1))], 39)).toBe(78);
    });

    it('refuses the pair rate limit with 131056: a burst of 45 to one user, then nothing until the burst is paid back', async () => {
      await running.advance('1h');
      const [waId = ''] = await users(1);
      expect(await sendRound([waId], 45)).toBe(45);
      const refused = await send(waId);
      expect(refused.status).toBe(400);
      expect(refused.json.error).toMatchObject({ code: 131056, message: '(#131056) (Business Account, Consumer Account) pair rate limit hit' });
      expect(refused.json.error?.error_data.details).toContain('one message every 6 s');
      // Other users are not held back by this pair.
      const [other = ''] = await users(1);
      expect((await send(other)).status).toBe(200);
      // 45 messages borrowed 45 × 6 s = 270 s.
      await running.advance('269s');
      expect((await send(waId)).json.error?.code).toBe(131056);
      await running.advance('1s');
      expect((await send(waId)).status).toBe(200);
    });

    it('makes a burst of 20 wait about 2 minutes, and never refuses one message every 6 s', async () => {
      await running.advance('1h');
      const [bursty = '', steady = ''] = await users(2);
      expect(await sendRound([bursty], 20)).toBe(20);
      await running.advance('7s');
      const refused = await send(bursty);
      expect(refused.json.error?.code).toBe(131056);
      expect(refused.json.error?.error_data.details).toContain('1 min 53 s');
      await running.advance('113s');
      expect((await send(bursty)).status).toBe(200);

      for (let index = 0; index < 20; index += 1) {
        expect((await send(steady)).status, `steady message ${index + 1}`).toBe(200);
        await running.advance('6s');
      }
    });

    it('raises the number to HIGH over the admin API: 1,000 messages a second, the 1,001st refused; notifies the upgrade as Meta does', async () => {
      await running.advance('1h');
      const set = await running.operator('POST', `/admin/phone_numbers/${running.demo.phoneNumberId}/throughput`, { level: 'HIGH' });
      expect(set).toMatchObject({ throughput: { level: 'HIGH' }, messages_per_second: 1000 });
      expect((await running.graph('GET', `/${running.demo.phoneNumberId}?fields=throughput`)).json).toMatchObject({ throughput: { level: 'HIGH' } });
      const waIds = await users(25);
      await running.advance('1s');
      expect(await sendRound(waIds, 40)).toBe(1000);
      expect((await send(waIds[0] ?? '')).json.error?.code).toBe(130429);

      const feed = (await running.operator('GET', `/admin/notifications?kind=number.throughput`)) as { data: { title: string; data: Record<string, unknown> }[] };
      expect(feed.data[0]).toMatchObject({ data: { previous_level: 'STANDARD', level: 'HIGH' } });
      await running.kabar.services.settle();
      const told = await sink.next((webhook) => webhook.raw.includes('THROUGHPUT_UPGRADE'));
      const { display_phone_number: display } = (await running.graph('GET', `/${running.demo.phoneNumberId}?fields=display_phone_number`)).json as { display_phone_number?: string };
      expect(told.json).toMatchObject({ object: 'whatsapp_business_account', entry: [{ id: running.demo.wabaId, changes: [{ field: 'phone_number_quality_update' }] }] });
      // As Meta's examples show it, the number in digits only ("+1 555 010 0000" is "15550100000").
      expect(changesOf([told], running.demo.wabaId, 'phone_number_quality_update')).toEqual([{ display_phone_number: display?.replace(/\D/g, ''), event: 'THROUGHPUT_UPGRADE', current_limit: 'TIER_1K' }]);
      // Told once: the level was set once.
      expect(changesOf(sink.received, running.demo.wabaId, 'phone_number_quality_update').filter((change) => change['event'] === 'THROUGHPUT_UPGRADE')).toHaveLength(1);
    }, 120_000);

    it('lifts both limits at UNLIMITED (set with kabar numbers throughput), and comes back to STANDARD the same way', async () => {
      await running.advance('1h');
      const shown = await kabar(running, 'numbers', 'throughput', running.demo.phoneNumberId, 'unlimited');
      expect(shown.code, shown.stderr).toBe(0);
      expect(JSON.parse(shown.stdout)).toMatchObject({ throughput: { level: 'UNLIMITED' }, messages_per_second: null, pair_rate_limit: null });
      expect((await running.graph('GET', `/${running.demo.phoneNumberId}?fields=throughput`)).json).toMatchObject({ throughput: { level: 'UNLIMITED' } });
      const [waId = ''] = await users(1);
      expect(await sendRound([waId], 150)).toBe(150);

      const back = await kabar(running, 'numbers', 'throughput', running.demo.phoneNumberId, 'STANDARD');
      expect(JSON.parse(back.stdout)).toMatchObject({ throughput: { level: 'STANDARD' } });
      const read = await kabar(running, 'numbers', 'throughput', running.demo.phoneNumberId);
      expect(JSON.parse(read.stdout)).toMatchObject({ throughput: { level: 'STANDARD' }, messages_per_second: 80 });
      await running.advance('1h');
      expect(await sendRound([waId], 45)).toBe(45);
      expect((await send(waId)).json.error?.code).toBe(131056);

      const wrong = await kabar(running, 'numbers', 'throughput', running.demo.phoneNumberId, 'FAST');
      expect(wrong.code).not.toBe(0);
      expect(wrong.stderr).toContain('STANDARD, HIGH, UNLIMITED');
      const refused = await fetch(`${running.baseUrl}/admin/phone_numbers/${running.demo.phoneNumberId}/throughput`, {
        method: 'POST',
        headers: { ...running.admin, 'content-type': 'application/json' },
        body: JSON.stringify({ level: 'FAST' }),
      });
      expect(refused.status).toBe(400);
      expect(((await refused.json()) as { error: { code: number } }).error.code).toBe(100);
    }, 90_000);

    it('holds back marketing templates past the per-user limit of the 2024-05 marketing profile with 131049, and none under the default profile', async () => {
      await running.advance('1h');
      await approvedMarketingTemplate(running, 'promo_pekan');
      const [waId = ''] = await users(1);
      // The user wrote in: inside the window nothing is held back. Move past the window first.
      await running.advance('25h');
      const sendPromo = async (): Promise<string> => {
        const answer = await running.graph('POST', `/${running.demo.phoneNumberId}/messages`, templateBody(waId, 'promo_pekan'));
        expect(answer.status, JSON.stringify(answer.json)).toBe(200);
        return answer.json.messages?.[0]?.id ?? '';
      };
      const failedWith = async (wamid: string): Promise<number | null> => {
        const detail = (await running.operator('GET', `/admin/messages/${wamid}`)) as { message: { status: string; error_code: number | null } };
        return detail.message.status === 'failed' ? detail.message.error_code : null;
      };
      for (let index = 0; index < 3; index += 1) expect(await failedWith(await sendPromo())).toBeNull();

      await running.operator('POST', `/admin/businesses/${running.demo.businessId}/policy`, { marketing: '2024-05' });
      await running.advance('25h');
      expect(await failedWith(await sendPromo())).toBeNull();
      expect(await failedWith(await sendPromo())).toBeNull();
      expect(await failedWith(await sendPromo())).toBe(131049);
      await running.advance('24h');
      expect(await failedWith(await sendPromo())).toBeNull();
      await running.operator('POST', `/admin/businesses/${running.demo.businessId}/policy`, { marketing: '2021-09' });
    });
  });
}
