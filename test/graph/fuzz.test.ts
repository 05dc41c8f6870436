import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sql } from 'kysely';
import { dialects } from '../support/databases.js';
import { startKabarWithSink, type TestKabar } from '../support/kabar.js';
import { isStatus, type WebhookSink } from '../support/webhook-sink.js';

/**
 * Generated requests against every Graph, admin and simulator route, valid ones and mutations of
 * them: none may answer 5xx, none that is refused may leave a row behind, and afterwards the
 * workers still carry an ordinary send through to `read`. The seed is fixed, so a failure replays.
 */

const tables = ['messages', 'outbox', 'businesses', 'wabas', 'phone_numbers', 'apps', 'access_tokens', 'waba_subscriptions', 'sim_users', 'dead_letters', 'catalogs', 'catalog_products'] as const;

type Auth = 'graph' | 'admin' | 'none' | 'wrong';
interface GeneratedRequest {
  readonly method: 'GET' | 'POST' | 'DELETE';
  readonly url: string;
  readonly auth: Auth;
  readonly contentType: 'json' | 'form' | 'text' | 'none';
  readonly body: unknown;
}

interface Ids {
  readonly phone: string;
  /** A second number of the demo WABA, added but not verified: onboarding requests act on it, not on the demo number the last send needs. */
  readonly spare: string;
  readonly waba: string;
  readonly business: string;
  readonly app: string;
  readonly user: string;
}

const hostile = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('', ' ', 'a\u0000b', '💥'.repeat(5), 'x'.repeat(5_000), '1.5', '-1', '1e309', 'wamid.', '../../etc', '{{1}}', 'NaN'),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 3 }),
);

/** A valid body with one field replaced, removed or added. */
function mutated(base: Record<string, unknown>): fc.Arbitrary<unknown> {
  const paths = Object.keys(base);
  return fc.oneof(
    { weight: 2, arbitrary: fc.constant(base) },
    {
      weight: 6,
      arbitrary: fc.tuple(fc.constantFrom(...paths, 'extra'), hostile, fc.boolean()).map(([path, value, remove]) => {
        if (remove) return Object.fromEntries(Object.entries(base).filter(([name]) => name !== path));
        return { ...base, [path]: value };
      }),
    },
    { weight: 1, arbitrary: hostile },
  );
}

function requests(ids: Ids, sinkUrl: string): fc.Arbitrary<GeneratedRequest> {
  const node = fc.oneof(fc.constantFrom(ids.phone, ids.waba, ids.business, ids.app, '1', '999999999999999'), fc.string({ maxLength: 20 }).map(encodeURIComponent));
  const version = fc.constantFrom('/v21.0', '/v24.0', '');
  const send = {
    messaging_product: 'whatsapp',
    to: ids.user,
    type: 'text',
    text: { body: 'fuzz', preview_url: false },
    biz_opaque_callback_data: 'x',
    context: { message_id: 'wamid.HBgLMTY1MDU1NTEyMzQVAgARGBI4MjZGRDA0OUE2OTQ3RkEyMzcA' },
  };
  // Never the demo number: deregistering it would stop the ordinary send the run ends with.
  const spareOrNode = fc.oneof(fc.constantFrom(ids.spare, ids.waba, ids.business, ids.app, '1', '999999999999999'), fc.string({ maxLength: 20 }).map(encodeURIComponent));
  const onboarding = fc.oneof(
    fc.record({ method: fc.constant('POST' as const), url: fc.tuple(version, fc.oneof(fc.constant(ids.waba), node)).map(([v, id]) => `${v}/${id}/phone_numbers`), body: mutated({ country_code: '1', phone_number: '5550107002', verified_name: 'Kabar Demo' }) }),
    fc.record({ method: fc.constant('POST' as const), url: fc.tuple(version, spareOrNode).map(([v, id]) => `${v}/${id}/request_code`), body: mutated({ code_method: 'SMS', language: 'en' }) }),
    fc.record({ method: fc.constant('POST' as const), url: fc.tuple(version, spareOrNode).map(([v, id]) => `${v}/${id}/verify_code`), body: mutated({ code: '123456' }) }),
    fc.record({ method: fc.constant('POST' as const), url: fc.tuple(version, spareOrNode, fc.constantFrom('register', 'deregister')).map(([v, id, edge]) => `${v}/${id}/${edge}`), body: mutated({ messaging_product: 'whatsapp', pin: '123456', data_localization_region: 'ID' }) }),
    fc.record({ method: fc.constant('POST' as const), url: fc.tuple(version, spareOrNode).map(([v, id]) => `${v}/${id}`), body: mutated({ pin: '123456', new_display_name: 'Kabar Demo Dua' }) }),
    fc.record({ method: fc.constantFrom('GET' as const, 'POST' as const), url: fc.tuple(version, spareOrNode, fc.constantFrom('', '?fields=about,websites', '?fields=nope')).map(([v, id, query]) => `${v}/${id}/whatsapp_business_profile${query}`), body: mutated({ messaging_product: 'whatsapp', about: 'Fuzz', websites: ['https://fuzz.example'], vertical: 'RETAIL', email: 'a@b.example' }) }),
    fc.record({ method: fc.constantFrom('GET' as const, 'POST' as const), url: fc.tuple(version, spareOrNode).map(([v, id]) => `${v}/${id}/official_business_account`), body: mutated({ business_website_url: 'https://fuzz.example', primary_country_of_operation: 'Indonesia', primary_language: 'Indonesian' }) }),
  );
  const graph = fc.oneof(
    fc.record({ method: fc.constant('POST' as const), url: fc.tuple(version, node).map(([v, id]) => `${v}/${id}/messages`), body: mutated(send) }),
    onboarding,
    fc.record({ method: fc.constant('POST' as const), url: fc.constant(`/v21.0/${ids.phone}/messages`), body: mutated({ messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.x' }) }),
    fc.record({
      method: fc.constant('POST' as const),
      url: fc.constant(`/v21.0/${ids.phone}/messages`),
      body: fc.constantFrom<Record<string, unknown>>(
        { type: 'interactive', interactive: { type: 'button', body: { text: 'x' }, action: { buttons: [{ type: 'reply', reply: { id: 'a', title: 'A' } }] } } },
        { type: 'interactive', interactive: { type: 'list', body: { text: 'x' }, action: { button: 'B', sections: [{ title: 'S', rows: [{ id: 'r', title: 'R' }] }] } } },
        { type: 'interactive', interactive: { type: 'product', action: { catalog_id: '1', product_retailer_id: 'kopi-gayo-250' } } },
        { type: 'image', image: { link: 'https://example.com/a.jpg', caption: 'x' } },
        { type: 'location', location: { latitude: 1, longitude: 2, name: 'x' } },
        { type: 'contacts', contacts: [{ name: { formatted_name: 'A B', first_name: 'A' } }] },
        { type: 'reaction', reaction: { message_id: 'wamid.x', emoji: '👍' } },
      ).chain((typed) => mutated({ messaging_product: 'whatsapp', to: ids.user, ...typed })),
    }),
    fc.record({ method: fc.constantFrom('GET' as const, 'DELETE' as const), url: fc.tuple(version, node, fc.constantFrom('', '/phone_numbers', '/subscribed_apps', '?fields=status,nope', '?fields=')).map(([v, id, edge]) => `${v}/${id}${edge}`), body: fc.constant(undefined) }),
    fc.record({
      method: fc.constant('POST' as const),
      url: fc.tuple(version, node).map(([v, id]) => `${v}/${id}/subscribed_apps`),
      // Callbacks stay on the sink or are not URLs at all: the handshake must not wander the network.
      body: mutated({ override_callback_uri: sinkUrl, verify_token: 'sink-verify-token' }).map((body) =>
        body !== null && typeof body === 'object' && typeof (body as Record<string, unknown>)['override_callback_uri'] === 'string' && !(body as Record<string, string>)['override_callback_uri']?.startsWith(sinkUrl)
          ? { ...body, override_callback_uri: `not a url ${String((body as Record<string, unknown>)['override_callback_uri']).slice(0, 10)}` }
          : body,
      ),
    }),
  );
  const admin = fc.oneof(
    fc.record({ method: fc.constant('POST' as const), url: fc.constant('/admin/businesses'), body: mutated({ name: 'Fuzz Co' }) }),
    fc.record({ method: fc.constant('POST' as const), url: node.map((id) => `/admin/businesses/${id}/wabas`), body: mutated({ name: 'Fuzz WABA' }) }),
    fc.record({ method: fc.constant('POST' as const), url: node.map((id) => `/admin/wabas/${id}/phone_numbers`), body: mutated({ phone_number: '+15550109999', verified_name: 'Fuzz' }) }),
    fc.record({ method: fc.constant('POST' as const), url: node.map((id) => `/admin/businesses/${id}/apps`), body: mutated({ name: 'Fuzz App', callback_url: 'https://example.invalid/hook' }) }),
    fc.record({ method: fc.constant('POST' as const), url: node.map((id) => `/admin/apps/${id}/tokens`), body: mutated({ permissions: ['whatsapp_business_messaging'] }) }),
    fc.record({ method: fc.constant('POST' as const), url: node.map((id) => `/admin/wabas/${id}/catalog/products`), body: mutated({ retailer_id: 'fuzz-1', name: 'Fuzz', price: 1000, currency: 'IDR', image_url: 'https://example.com/f.jpg' }) }),
    fc.record({ method: fc.constantFrom('GET' as const, 'DELETE' as const), url: node.map((id) => `/admin/wabas/${id}/catalog`), body: fc.constant(undefined) }),
    fc.record({ method: fc.constant('GET' as const), url: fc.constantFrom('/admin/webhooks/outbox?limit=5', '/admin/webhooks/outbox?status=nope', '/admin/webhooks/attempts?limit=0', '/admin/webhooks/summary?business_id=x', '/admin/nothing'), body: fc.constant(undefined) }),
    fc.record({ method: fc.constant('POST' as const), url: fc.constant('/admin/signups'), body: mutated({ mode: 'express', business_name: 'Fuzz Signup', documents: [{ type: 'business_registration', name: 'a.pdf' }] }) }),
    fc.record({ method: fc.constant('GET' as const), url: fc.oneof(node.map((id) => `/admin/businesses/${id}`), spareOrNode.map((id) => `/admin/phone_numbers/${id}`), fc.constantFrom('/admin/reviews?status=pending', '/admin/reviews?kind=nope', '/admin/onboarding/settings')), body: fc.constant(undefined) }),
    fc.record({ method: fc.constant('POST' as const), url: node.map((id) => `/admin/reviews/${id}/decision`), body: mutated({ decision: 'approve', reason: 'fuzz' }) }),
    fc.record({ method: fc.constant('POST' as const), url: node.map((id) => `/admin/businesses/${id}/verification`), body: mutated({ documents: [{ type: 'utility_bill', name: 'b.pdf' }] }) }),
    fc.record({ method: fc.constant('POST' as const), url: fc.constant('/admin/onboarding/settings'), body: mutated({ reviewers: { commerce_policy: { outcome: 'approve', delay: '1m' } }, starting_tier: 'tier_1' }) }),
    fc.record({
      method: fc.constant('POST' as const),
      url: fc.tuple(spareOrNode, fc.constantFrom('request_code', 'verify_code', 'register', 'deregister', 'pin', 'display_name', 'official_business_account', 'connect')).map(([id, step]) => `/admin/phone_numbers/${id}/${step}`),
      body: mutated({ code: '123456', pin: '123456', name: 'Kabar Demo Tiga', code_method: 'VOICE', language: 'id' }),
    }),
  );
  const sim = fc.oneof(
    fc.record({ method: fc.constant('POST' as const), url: fc.constant('/sim/messages'), body: mutated({ from: ids.user, text: 'hi', name: 'Fuzz', to: ids.phone }) }),
    fc.record({ method: fc.constant('POST' as const), url: fc.constant('/sim/users'), body: mutated({ wa_id: '15550107777', name: 'Fuzzed', on_whatsapp: true }) }),
    fc.record({ method: fc.constant('POST' as const), url: fc.constant(`/sim/users/${ids.user}/messages`), body: mutated({ location: { latitude: 1, longitude: 2 }, referral: { source_url: 'https://fb.me/x' }, name: 'Fuzz' }) }),
    fc.record({ method: fc.constant('POST' as const), url: fc.constantFrom(`/sim/users/${ids.user}/tap`, `/sim/users/${ids.user}/react`, `/sim/users/${ids.user}/order`), body: mutated({ message_id: 'wamid.x', id: 'a', emoji: '👍', items: [{ product_retailer_id: 'kopi-gayo-250', quantity: 1 }] }) }),
    fc.record({ method: fc.constant('GET' as const), url: fc.oneof(fc.constant(`/sim/users/${ids.user}/messages`), node.map((id) => `/sim/users/${id}/messages?limit=3`)), body: fc.constant(undefined) }),
    fc.record({ method: fc.constant('POST' as const), url: fc.constant('/sim/network'), body: mutated({ seed: 7, schedule: { sent_after_ms: [1_000, 1_000], read_probability: 1 } }) }),
    fc.record({ method: fc.constant('POST' as const), url: fc.constant('/sim/clock/advance'), body: mutated({ by: '1s' }) }),
    fc.record({ method: fc.constant('POST' as const), url: fc.constant('/sim/clock/mode'), body: mutated({ mode: 'frozen' }) }),
    fc.record({ method: fc.constant('GET' as const), url: fc.tuple(fc.constantFrom('codes', 'business-profiles'), fc.oneof(fc.constant(ids.spare), node)).map(([edge, id]) => `/sim/${edge}/${id}`), body: fc.constant(undefined) }),
    fc.record({ method: fc.constant('POST' as const), url: fc.oneof(fc.constant('/sim/accounts/15550107003'), node.map((id) => `/sim/accounts/${id}`)), body: mutated({ account: 'business_app', sms: false }) }),
  );
  return fc.record({
    target: fc.oneof(graph.map((request) => ({ ...request, area: 'graph' as const })), admin.map((request) => ({ ...request, area: 'admin' as const })), sim.map((request) => ({ ...request, area: 'admin' as const }))),
    auth: fc.constantFrom<Auth | 'matching'>('matching', 'matching', 'matching', 'graph', 'admin', 'none', 'wrong'),
    contentType: fc.constantFrom('json' as const, 'json' as const, 'json' as const, 'form' as const, 'text' as const, 'none' as const),
  }).map(({ target, auth, contentType }) => ({
    method: target.method,
    url: target.url,
    auth: auth === 'matching' ? target.area : auth,
    contentType: target.body === undefined ? 'none' : contentType,
    body: target.body,
  }));
}

function formOf(body: unknown): string {
  if (body === null || typeof body !== 'object') return String(body);
  return new URLSearchParams(Object.entries(body).map(([key, value]): [string, string] => [key, typeof value === 'object' ? JSON.stringify(value) : String(value)])).toString();
}

for (const dialect of dialects) {
  describe(`generated requests on ${dialect}`, () => {
    let t: TestKabar;
    let sink: WebhookSink;
    let close: () => Promise<void>;

    beforeAll(async () => {
      ({ t, sink, close } = await startKabarWithSink(dialect));
    });

    afterAll(() => close());

    const counts = async (): Promise<string> => {
      const parts: string[] = [];
      for (const table of tables) {
        const result = await sql<{ count: number | string }>`select count(*) as count from ${sql.table(table)}`.execute(t.kabar.services.database.db);
        parts.push(`${table}=${Number(result.rows[0]?.count ?? 0)}`);
      }
      return parts.join(' ');
    };

    it('never answers 5xx, never keeps a row from a refused request, and leaves the workers running', async () => {
      const spare = await t.kabar.app.inject({ method: 'POST', url: `/admin/wabas/${t.demo.wabaId}/phone_numbers`, headers: t.admin, payload: { phone_number: '+15550107001', verified_name: 'Kabar Demo', connect: false } });
      const ids: Ids = { phone: t.demo.phoneNumberId, spare: spare.json<{ id: string }>().id, waba: t.demo.wabaId, business: t.demo.businessId, app: t.demo.appId, user: '15550100001' };
      const headersFor = (auth: Auth): Record<string, string> =>
        auth === 'graph' ? t.auth : auth === 'admin' ? t.admin : auth === 'wrong' ? { authorization: 'Bearer not-a-token' } : {};
      const outcomes = new Map<string, number>();
      await fc.assert(
        fc.asyncProperty(requests(ids, sink.url), async (request) => {
          const before = await counts();
          const contentType = { json: 'application/json', form: 'application/x-www-form-urlencoded', text: 'text/plain', none: undefined }[request.contentType];
          const payload = request.contentType === 'none' ? undefined : request.contentType === 'form' ? formOf(request.body) : JSON.stringify(request.body);
          const response = await t.kabar.app.inject({
            method: request.method,
            url: request.url,
            headers: { ...headersFor(request.auth), ...(contentType === undefined ? {} : { 'content-type': contentType }) },
            ...(payload === undefined ? {} : { payload }),
          });
          expect(response.statusCode, `${request.method} ${request.url} → ${response.body}`).toBeLessThan(500);
          const outcome = response.statusCode >= 400 ? `${response.statusCode}/${response.json<{ error: { code: number } }>().error.code}` : String(response.statusCode);
          outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
          // `GET /` is the web console's page; every other answer is JSON.
          const consolePage = request.method === 'GET' && new URL(request.url, 'http://kabar.test').pathname === '/';
          expect(response.headers['content-type']).toMatch(consolePage ? /^text\/html/ : /^application\/json/);
          if (response.statusCode >= 400) {
            expect(response.json<{ error: { code: number } }>().error.code).toEqual(expect.any(Number));
            expect(await counts(), `${request.method} ${request.url} was refused but wrote`).toBe(before);
          }
        }),
        { seed: 20261126, numRuns: dialect === 'sqlite' ? 2_500 : 1_200, endOnFailure: true },
      );

      // The run reached past authentication and validation into the use cases, not only their guards.
      const count = (predicate: (outcome: string) => boolean): number => [...outcomes].filter(([outcome]) => predicate(outcome)).reduce((sum, [, seen]) => sum + seen, 0);
      expect(count((outcome) => outcome.startsWith('2'))).toBeGreaterThan(100);
      expect(new Set([...outcomes.keys()].filter((outcome) => outcome.startsWith('4'))).size).toBeGreaterThanOrEqual(5);
      // Whatever the requests did to the clock, the network and the WABA's subscriptions (a generated
      // DELETE may have unsubscribed the receiver), an ordinary send still reaches read.
      await t.subscribe(sink);
      await t.kabar.app.inject({ method: 'POST', url: '/sim/clock/mode', headers: t.admin, payload: { mode: 'frozen' } });
      await t.kabar.app.inject({
        method: 'POST',
        url: '/sim/network',
        headers: t.admin,
        payload: { schedule: { sent_after_ms: [1_000, 1_000], delivered_after_sent_ms: [1_000, 1_000], read_after_delivered_ms: [3_000, 3_000], read_probability: 1 } },
      });
      const survivor = '15550108888';
      expect((await t.kabar.app.inject({ method: 'POST', url: '/sim/messages', headers: t.admin, payload: { from: survivor, text: 'still there?' } })).statusCode).toBe(200);
      const sent = await t.kabar.app.inject({ method: 'POST', url: `/v21.0/${t.demo.phoneNumberId}/messages`, headers: t.auth, payload: { messaging_product: 'whatsapp', to: survivor, text: { body: 'yes' } } });
      expect(sent.statusCode).toBe(200);
      const wamid = sent.json<{ messages: { id: string }[] }>().messages[0]?.id ?? '';
      await t.kabar.app.inject({ method: 'POST', url: '/sim/clock/advance', headers: t.admin, payload: { by: '8d' } });
      await sink.next(isStatus(wamid, 'read'));
      expect(await t.kabar.services.deadLetters.list(5)).toEqual([]);
    }, 240_000);
  });
}
