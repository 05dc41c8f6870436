import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../support/databases.js';
import { startKabar, type TestKabar } from '../support/kabar.js';
import { provisionTenant, type Tenant } from '../support/tenant.js';
import { approvePromo, ledger, sendMarketing, sendText, sendUtility, usePricing, type ChargeView } from '../billing/support.js';

/**
 * Two simulated days of one business and two countries: on the first, a customer in Indonesia
 * writes and gets a service reply, a marketing and a utility template, and a customer in the United
 * Kingdom gets a utility template; on the second, the Indonesian customer writes again and gets a
 * reply, and the British one a marketing template. Every series is asserted exactly, and its costs
 * against the ledger's.
 */
const siti = '6281234567001';
const james = '447400123456';
const countryOf: Readonly<Record<string, string>> = { [siti]: 'ID', [james]: 'GB' };
const day1 = Date.UTC(2026, 10, 25) / 1000;
const day2 = day1 + 86_400;
const day3 = day2 + 86_400;
const demoDigits = '15550100000';

async function runTwoDays(t: TestKabar): Promise<void> {
  await t.userWrites('Halo, ada stok sepatu?', siti);
  await sendText(t, siti, 'Ada, kak!');
  await t.advance('1h');
  await sendMarketing(t, siti);
  await t.advance('30m');
  await sendUtility(t, james);
  await t.advance('30m');
  await sendUtility(t, siti);
  // Past the end of every conversation of the first day.
  await t.advance('25h');
  await t.userWrites('Sepatunya sudah sampai, terima kasih', siti);
  await sendText(t, siti, 'Sama-sama, kak.');
  await sendMarketing(t, james);
  await t.advance('1m');
}

function useKabar(dialect: 'sqlite' | 'postgres', pricing: '2022-02' | '2025-07'): { t: TestKabar; other: Tenant } {
  const running = {} as { t: TestKabar; other: Tenant };
  beforeAll(async () => {
    running.t = await startKabar(dialect);
    running.other = await provisionTenant(running.t.kabar.app, running.t.admin, { name: 'Other', phoneNumber: '+62 812 3456 7890' });
    await usePricing(running.t, pricing);
    await approvePromo(running.t);
    await runTwoDays(running.t);
  }, 60_000);
  afterAll(async () => {
    await running.t.close();
    await running.t.database.cleanup();
  });
  return running;
}

async function graph(t: TestKabar, fields: string, token = t.demo.accessToken) {
  return t.kabar.app.inject({ method: 'GET', url: `/v21.0/${t.demo.wabaId}?fields=${encodeURIComponent(fields)}`, headers: { authorization: `Bearer ${token}` } });
}

async function field<Value>(t: TestKabar, fields: string, name: string): Promise<Value> {
  const response = await graph(t, fields);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<Record<string, Value>>()[name] as Value;
}

const dataPoints = async (t: TestKabar, fields: string, name: string): Promise<Record<string, unknown>[]> =>
  (await field<{ data: { data_points: Record<string, unknown>[] }[] }>(t, fields, name)).data[0]?.data_points ?? [];

/** The ledger summed per day and per the given keys: what the analytics must answer. */
function fromLedger(lines: readonly ChargeView[], keys: (line: ChargeView) => Record<string, string>, countName: string): Record<string, unknown>[] {
  const groups = new Map<string, Record<string, unknown> & { micros: number; count: number }>();
  for (const line of lines) {
    const start = Math.floor(Date.parse(line.at) / 86_400_000) * 86_400;
    const values = keys(line);
    const key = JSON.stringify([start, ...Object.values(values)]);
    const group = groups.get(key) ?? { start, end: start + 86_400, ...values, micros: 0, count: 0 };
    group.micros += Math.round(line.amount * 1_000_000);
    group.count += 1;
    groups.set(key, group);
  }
  return [...groups.entries()]
    .sort(([left], [right]) => (left < right ? -1 : 1))
    .map(([, { micros, count, ...group }]) => ({ ...group, [countName]: count, cost: micros / 1_000_000 }));
}

for (const dialect of dialects) {
  describe(`WABA analytics under per-message pricing on ${dialect}`, () => {
    const running = useKabar(dialect, '2025-07');

    it('answers analytics with sent and delivered per DAY, beside the WABA\'s other fields', async () => {
      const { t } = running;
      const response = await graph(t, `id,name,analytics.start(${day1}).end(${day3}).granularity(DAY)`);
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toEqual({
        id: t.demo.wabaId,
        name: expect.any(String),
        analytics: {
          phone_numbers: [demoDigits],
          granularity: 'DAY',
          data_points: [
            { start: day1, end: day2, sent: 4, delivered: 4 },
            { start: day2, end: day3, sent: 2, delivered: 2 },
          ],
        },
      });
      expect(Object.keys(response.json<object>())).toEqual(['id', 'name', 'analytics']);
    });

    it('filters analytics by country and phone number, and cuts HALF_HOUR and MONTH buckets in UTC', async () => {
      const { t } = running;
      const british = await field<Record<string, unknown>>(t, `analytics.start(${day1}).end(${day3}).granularity(DAY).country_codes(["GB"]).phone_numbers(["${demoDigits}"])`, 'analytics');
      expect(british).toEqual({
        phone_numbers: [demoDigits],
        country_codes: ['GB'],
        granularity: 'DAY',
        data_points: [
          { start: day1, end: day2, sent: 1, delivered: 1 },
          { start: day2, end: day3, sent: 1, delivered: 1 },
        ],
      });
      const nine = day1 + 9 * 3600;
      const halfHours = await field<{ data_points: { start: number; sent: number }[] }>(t, `analytics.start(${nine}).end(${nine + 2 * 3600}).granularity(HALF_HOUR)`, 'analytics');
      expect(halfHours.data_points.map((point) => [point.start - nine, point.sent])).toEqual([[0, 1], [1800, 0], [3600, 1], [5400, 1]]);
      const month = await field<{ data_points: unknown[] }>(t, `analytics.start(${day1}).end(${day3}).granularity(month)`, 'analytics');
      expect(month.data_points).toEqual([{ start: Date.UTC(2026, 10, 1) / 1000, end: Date.UTC(2026, 11, 1) / 1000, sent: 6, delivered: 6 }]);
      const nobody = await field<{ data_points: { sent: number }[] }>(t, `analytics.start(${day1}).end(${day3}).granularity(DAY).phone_numbers(["15550009999"])`, 'analytics');
      expect(nobody.data_points.map((point) => point.sent)).toEqual([0, 0]);
    });

    it('answers pricing_analytics by PRICING_CATEGORY, PRICING_TYPE and COUNTRY with the ledger\'s volumes and costs', async () => {
      const { t } = running;
      const points = await dataPoints(t, `pricing_analytics.start(${day1}).end(${day3}).granularity(DAILY).dimensions(["PRICING_CATEGORY","PRICING_TYPE","COUNTRY"])`, 'pricing_analytics');
      expect(points.map((point) => [point['start'], point['pricing_category'], point['pricing_type'], point['country'], point['volume']])).toEqual([
        [day1, 'MARKETING', 'REGULAR', 'ID', 1],
        [day1, 'SERVICE', 'FREE_CUSTOMER_SERVICE', 'ID', 1],
        [day1, 'UTILITY', 'FREE_CUSTOMER_SERVICE', 'ID', 1],
        [day1, 'UTILITY', 'REGULAR', 'GB', 1],
        [day2, 'MARKETING', 'REGULAR', 'GB', 1],
        [day2, 'SERVICE', 'FREE_CUSTOMER_SERVICE', 'ID', 1],
      ]);
      const lines = await ledger(t);
      expect(lines).toHaveLength(6);
      const expected = fromLedger(lines, (line) => ({ pricing_category: line.category.toUpperCase(), pricing_type: (line.type ?? '').toUpperCase(), country: countryOf[line.wa_id] ?? '' }), 'volume');
      expect(points).toEqual(expected);
      expect(points.filter((point) => Number(point['cost']) > 0)).toHaveLength(3);
    });

    it('reads the dimensions list however clients write it, and keeps only the asked metrics and filters', async () => {
      const { t } = running;
      const base = `pricing_analytics.start(${day1}).end(${day3}).granularity(DAILY)`;
      const spellings = ['dimensions(PRICING_CATEGORY)', 'dimensions(["PRICING_CATEGORY"])', "dimensions(['pricing_category'])", 'dimensions( [ "pricing_category" ] )'];
      const answers = await Promise.all(spellings.map((spelling) => dataPoints(t, `${base}.${spelling}`, 'pricing_analytics')));
      expect(answers[0]?.map((point) => [point['start'], point['pricing_category'], point['volume']])).toEqual([
        [day1, 'MARKETING', 1],
        [day1, 'SERVICE', 1],
        [day1, 'UTILITY', 2],
        [day2, 'MARKETING', 1],
        [day2, 'SERVICE', 1],
      ]);
      for (const answer of answers) expect(answer).toEqual(answers[0]);
      const totals = await dataPoints(t, `${base}.metric_types(VOLUME)`, 'pricing_analytics');
      expect(totals).toEqual([{ start: day1, end: day2, volume: 4 }, { start: day2, end: day3, volume: 2 }]);
      const lines = await ledger(t);
      const regularGb = await dataPoints(t, `${base}.pricing_types(["REGULAR"]).country_codes(['GB']).metric_types(["COST"]).dimensions(PHONE)`, 'pricing_analytics');
      const gbCost = (day: number) => lines.filter((line) => line.wa_id === james && Math.floor(Date.parse(line.at) / 86_400_000) * 86_400 === day).reduce((sum, line) => sum + Math.round(line.amount * 1_000_000), 0) / 1_000_000;
      expect(regularGb).toEqual([
        { start: day1, end: day2, cost: gbCost(day1), phone_number: demoDigits },
        { start: day2, end: day3, cost: gbCost(day2), phone_number: demoDigits },
      ]);
      const marketing = await dataPoints(t, `${base}.granularity(MONTHLY).pricing_categories(marketing).metric_types(VOLUME)`, 'pricing_analytics');
      expect(marketing).toEqual([{ start: Date.UTC(2026, 10, 1) / 1000, end: Date.UTC(2026, 11, 1) / 1000, volume: 2 }]);
    });

    it('answers no conversations for a business on per-message pricing', async () => {
      const { t } = running;
      expect(await dataPoints(t, `conversation_analytics.start(${day1}).end(${day3}).granularity(DAILY)`, 'conversation_analytics')).toEqual([]);
    });

    it.each([
      ['analytics.end(1764115200).granularity(DAY)', 'analytics: start is required'],
      [`analytics.start(${day1}).granularity(DAY)`, 'analytics: end is required'],
      [`pricing_analytics.start(${day2}).end(${day1}).granularity(DAILY)`, 'pricing_analytics: end must be after start'],
      [`analytics.start(${day1 - 400 * 86_400}).end(${day1}).granularity(DAY)`, 'analytics: start must be within the last year'],
      [`analytics.start(${day1}).end(${day3}).granularity(DAILY)`, 'analytics: granularity must be one of HALF_HOUR, DAY, MONTH'],
      [`pricing_analytics.start(${day1}).end(${day3}).granularity(WEEKLY)`, 'pricing_analytics: granularity must be one of HALF_HOUR, DAILY, MONTHLY'],
      [`pricing_analytics.start(${day1}).end(${day3}).granularity(DAILY).dimensions(["COLOR"])`, 'pricing_analytics: dimensions takes PRICING_CATEGORY, PRICING_TYPE, COUNTRY, PHONE, not COLOR'],
      [`conversation_analytics.start(${day1}).end(${day3}).granularity(DAILY).dimensions(PRICING_TYPE)`, 'conversation_analytics: dimensions takes CONVERSATION_CATEGORY'],
      [`analytics.start(${day1}).end(${day3}).granularity(DAY).limit(5)`, 'analytics: unknown modifier limit; send start, end, granularity, phone_numbers, country_codes'],
      [`analytics.start(${day1}).end(${day3}`, 'fields: "," or ")" was expected'],
      ['analytics', 'analytics: start is required, as one UNIX time in seconds'],
    ])('refuses %s with code 100 saying what to send', async (fields, sentence) => {
      const response = await graph(running.t, fields);
      expect(response.statusCode).toBe(400);
      const error = response.json<{ error: { code: number; message: string } }>().error;
      expect(error.code).toBe(100);
      expect(error.message).toContain(sentence);
    });

    it('answers another business\'s token like a node that does not exist', async () => {
      const { t, other } = running;
      const response = await graph(t, `analytics.start(${day1}).end(${day3}).granularity(DAY)`, other.token);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ error: { code: 100, error_subcode: 33 } });
    });
  });

  describe(`WABA analytics under conversation-based pricing on ${dialect}`, () => {
    const running = useKabar(dialect, '2022-02');

    it('answers conversation_analytics by category, type, direction and country with the ledger\'s counts and costs', async () => {
      const { t } = running;
      const points = await dataPoints(
        t,
        `conversation_analytics.start(${day1}).end(${day3}).granularity(DAILY).metric_types(["COST","CONVERSATION"]).dimensions(["CONVERSATION_CATEGORY","CONVERSATION_TYPE","CONVERSATION_DIRECTION","COUNTRY"])`,
        'conversation_analytics',
      );
      expect(points.map((point) => [point['start'], point['conversation_category'], point['conversation_type'], point['conversation_direction'], point['country'], point['conversation']])).toEqual([
        [day1, 'MARKETING', 'REGULAR', 'BUSINESS_INITIATED', 'ID', 1],
        [day1, 'SERVICE', 'REGULAR', 'USER_INITIATED', 'ID', 1],
        [day1, 'UTILITY', 'REGULAR', 'BUSINESS_INITIATED', 'GB', 1],
        [day1, 'UTILITY', 'REGULAR', 'BUSINESS_INITIATED', 'ID', 1],
        [day2, 'MARKETING', 'REGULAR', 'BUSINESS_INITIATED', 'GB', 1],
        [day2, 'SERVICE', 'REGULAR', 'USER_INITIATED', 'ID', 1],
      ]);
      const lines = await ledger(t);
      expect(lines.every((line) => line.unit === 'conversation')).toBe(true);
      const expected = fromLedger(
        lines,
        (line) => ({
          conversation_category: line.category.toUpperCase(),
          conversation_type: line.reason === 'free_tier' ? 'FREE_TIER' : 'REGULAR',
          conversation_direction: line.category === 'service' ? 'USER_INITIATED' : 'BUSINESS_INITIATED',
          country: countryOf[line.wa_id] ?? '',
        }),
        'conversation',
      );
      expect(points).toEqual(expected);
      expect(points.filter((point) => Number(point['cost']) > 0)).toHaveLength(4);
    });

    it('filters conversations by direction and sums them without dimensions', async () => {
      const { t } = running;
      const base = `conversation_analytics.start(${day1}).end(${day3}).granularity(DAILY)`;
      const business = await dataPoints(t, `${base}.conversation_directions(["BUSINESS_INITIATED"]).metric_types(CONVERSATION)`, 'conversation_analytics');
      expect(business).toEqual([{ start: day1, end: day2, conversation: 3 }, { start: day2, end: day3, conversation: 1 }]);
      const lines = await ledger(t);
      const total = lines.reduce((sum, line) => sum + Math.round(line.amount * 1_000_000), 0) / 1_000_000;
      const monthly = await dataPoints(t, `${base}.granularity(MONTHLY)`, 'conversation_analytics');
      expect(monthly).toEqual([{ start: Date.UTC(2026, 10, 1) / 1000, end: Date.UTC(2026, 11, 1) / 1000, conversation: 6, cost: total }]);
      expect(await dataPoints(t, `pricing_analytics.start(${day1}).end(${day3}).granularity(DAILY)`, 'pricing_analytics')).toEqual([]);
    });
  });
}
