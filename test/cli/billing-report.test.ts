import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../support/databases.js';
import { adminToken } from '../support/kabar.js';
import { listenKabar, type RunningKabar } from '../support/running-kabar.js';
import { approvePromo, sendMarketing, sendText, sendUtility } from '../billing/support.js';

const bin = join(import.meta.dirname, '..', '..', 'bin', 'kabar.js');

function kabar(running: RunningKabar, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const environment = { ...process.env, KABAR_URL: running.baseUrl, KABAR_ADMIN_TOKEN: adminToken };
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { env: environment }, (error, stdout, stderr) => resolve({ code: error === null ? 0 : Number(error.code ?? 1), stdout, stderr }));
  });
}

/**
 * `kabar billing report` over a running Kabar: a day with a marketing conversation, a utility one
 * in the United Kingdom and a free service conversation, as JSON and as CSV.
 */
for (const dialect of dialects) {
  describe(`kabar billing on ${dialect}`, () => {
    let running: RunningKabar;

    beforeAll(async () => {
      running = await listenKabar(dialect);
      await approvePromo(running);
      await running.userWrites('Halo', '6281234567001');
      await sendText(running, '6281234567001', 'Halo juga');
      await sendMarketing(running, '6281234567001');
      await sendUtility(running, '447400123456');
      await running.advance('1m');
    });
    afterAll(async () => {
      await running.close();
      await running.database.cleanup();
    });

    it('prints the report as JSON with totals by category and market', async () => {
      const { code, stdout } = await kabar(running, 'billing', 'report', '--from', '2026-11-25', '--to', '2026-11-26', '--business', running.demo.businessId);
      expect(code).toBe(0);
      expect(JSON.parse(stdout)).toMatchObject({
        from: '2026-11-25T00:00:00.000Z',
        to: '2026-11-26T00:00:00.000Z',
        business_id: running.demo.businessId,
        by_category: [
          { category: 'marketing', currency: 'USD', billable: 1, free: 0, amount: 0.0411 },
          { category: 'service', currency: 'USD', billable: 0, free: 1, amount: 0 },
          { category: 'utility', currency: 'USD', billable: 1, free: 0, amount: 0.022 },
        ],
        by_market: [
          { market: 'indonesia', currency: 'USD', billable: 1, free: 1, amount: 0.0411 },
          { market: 'united_kingdom', currency: 'USD', billable: 1, free: 0, amount: 0.022 },
        ],
        total: [{ currency: 'USD', billable: 2, free: 1, amount: 0.0631 }],
      });
    });

    it('prints the same report as CSV, one table with a scope column', async () => {
      const { code, stdout } = await kabar(running, 'billing', 'report', '--from', '2026-11-25', '--to', '2026-11-26', '--format', 'csv');
      expect(code).toBe(0);
      expect(stdout).toBe(
        [
          'scope,pricing_model,category,market,currency,billable,free,amount',
          'line,CBP,marketing,indonesia,USD,1,0,0.0411',
          'line,CBP,service,indonesia,USD,0,1,0',
          'line,CBP,utility,united_kingdom,USD,1,0,0.022',
          'category,,marketing,,USD,1,0,0.0411',
          'category,,service,,USD,0,1,0',
          'category,,utility,,USD,1,0,0.022',
          'market,,,indonesia,USD,1,1,0.0411',
          'market,,,united_kingdom,USD,1,0,0.022',
          'total,,,,USD,2,1,0.0631',
          '',
        ].join('\n'),
      );
    });

    it('prints the ledger as CSV, and an empty period as an empty report', async () => {
      const ledger = await kabar(running, 'billing', 'ledger', '--from', '2026-11-25', '--to', '2026-11-26', '--format', 'csv');
      const rows = ledger.stdout.trim().split('\n');
      expect(rows[0]).toBe('at,business_id,phone_number_id,wa_id,unit,pricing_model,category,type,market,currency,rate,amount,billable,reason,conversation_id,message_id,starts_at,ends_at,rate_card');
      expect(rows.slice(1).map((row) => row.split(',').slice(4, 14).join(','))).toEqual([
        'conversation,CBP,service,,indonesia,USD,0.019,0,false,free_service',
        'conversation,CBP,marketing,,indonesia,USD,0.0411,0.0411,true,',
        'conversation,CBP,utility,,united_kingdom,USD,0.022,0.022,true,',
      ]);
      const empty = await kabar(running, 'billing', 'report', '--from', '2026-12-01', '--to', '2026-12-02');
      expect(JSON.parse(empty.stdout)).toMatchObject({ lines: [], by_category: [], by_market: [], total: [] });
    });

    it('refuses a period that is not dates, and one that ends before it starts', async () => {
      const notDate = await kabar(running, 'billing', 'report', '--from', 'yesterday', '--to', '2026-11-26');
      expect(notDate.code).not.toBe(0);
      expect(notDate.stderr).toContain('expected an ISO date');
      const backwards = await kabar(running, 'billing', 'report', '--from', '2026-11-26', '--to', '2026-11-25');
      expect(backwards.code).toBe(1);
      expect(backwards.stderr).toContain('must be after from');
    });

    it("overrides a business's rate card and prices later charges with it", async () => {
      const set = await kabar(running, 'billing', 'rate-card', 'set', '--business', running.demo.businessId, '--model', 'CBP', '--effective', '2026-11-25', '--rate', 'indonesia.marketing=0.05');
      expect(set.code).toBe(0);
      expect(JSON.parse(set.stdout)).toMatchObject({ overrides: { CBP: { effective: '2026-11-25', currency: 'USD', rates: { indonesia: { marketing: 0.05, utility: 0.02 } } } } });
      await sendMarketing(running, '6281234567002');
      await running.advance('1m');
      const ledger = await kabar(running, 'billing', 'ledger', '--from', '2026-11-25', '--to', '2026-11-26');
      expect(JSON.parse(ledger.stdout)).toMatchObject({ data: expect.arrayContaining([expect.objectContaining({ wa_id: '6281234567002', rate: 0.05, amount: 0.05, rate_card: '2026-11-25' })]) as unknown });
      const reset = await kabar(running, 'billing', 'rate-card', 'reset', '--business', running.demo.businessId, '--model', 'CBP');
      expect(JSON.parse(reset.stdout)).toMatchObject({ overrides: {} });
    });
  });
}
