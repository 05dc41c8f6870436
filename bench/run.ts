/**
 * `npm run bench`: Kabar's text send route against three baselines, each server in its own process
 * on core 1, autocannon (and the webhook sink) on core 0. See docs/benchmarks.md.
 *
 * Environment (all optional):
 *   BENCH_DURATION      seconds per measurement (default 10)
 *   BENCH_WARMUP        seconds of warm-up before each measurement (default 2)
 *   BENCH_CONNECTIONS   connection counts (default "10,50")
 *   BENCH_SCENARIOS     scenario names (default: all but the diagnostics kabar-send-no-webhooks and kabar-send-many-frozen)
 *   BENCH_RETRIES       how often a measurement disturbed by other work on the machine is retried
 *                       (default 2)
 *   BENCH_RESULTS_FILE  file name in bench/results/ for the JSON (default latest.json)
 *   BENCH_PROFILE       a scenario name: one extra run of it at the highest connection count under
 *                       --cpu-prof, summarised, not in the table
 *   BENCH_SQLITE_SYNCHRONOUS=FULL|NORMAL
 *                       SQLite sync mode of the durable servers (default: Kabar's own default, FULL)
 *   BENCH_SQL_STATS=1   Kabar servers print a count and timing of every SQLite statement on stderr
 *   BENCH_STAGE_TIMES=1 Kabar servers report a send's time in Kabar and in its handler (p50, p99, max)
 *                       over the measured run, in their figures in the results file
 *   BENCH_LINT=0        skip the template linter's timing
 *   BENCH_NODE_FLAGS    Node flags for every server, separated by white space (for example "--trace-gc"),
 *                       for a diagnostic run
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, release, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { cpuSharesDuring } from './lib/cpu-usage.js';
import { runLoad, type LoadFigures, type LoadTarget } from './lib/load.js';
import { measureLint, type LintTiming } from './lib/lint-timing.js';
import { formatProfile, summariseProfile, type ProfileSummary } from './lib/profile-summary.js';
import { pinLoadGenerator, repoRoot, startServer, type Pinning, type RunningServer } from './lib/server-process.js';
import type { ServerStats } from './lib/protocol.js';
import { startWebhookSink, type SinkCounts, type WebhookSink } from './lib/webhook-sink.js';

interface Scenario {
  readonly name: string;
  readonly label: string;
  /** Kabar scenarios: count the webhooks the sink receives during the measurement. */
  readonly webhooks?: boolean;
  /** The file in bench/servers/ (without .ts); defaults to the name. */
  readonly server?: string;
  /** Run only when named in BENCH_SCENARIOS. */
  readonly diagnostic?: boolean;
  /** The stats key counting committed messages, for durable scenarios. */
  readonly committedRowsStat?: string;
  /** After the measurement, advance Kabar's simulated clock and time the delivery of the status webhooks. */
  readonly drain?: boolean;
  /** Sets the server up over HTTP, checks one request answers as expected, and returns the load. */
  prepare(server: RunningServer, sink: WebhookSink): Promise<LoadTarget>;
}

interface Measurement {
  readonly scenario: string;
  readonly label: string;
  readonly connections: number;
  readonly figures: LoadFigures;
  readonly warmup: LoadFigures;
  ratioToHello: number | null;
  /** Share of one core used during the measurement by the server process and by this process. */
  readonly cpu: { readonly server: number | null; readonly loadGenerator: number | null; readonly other: number | null };
  readonly server: ServerStats;
  readonly webhooks: SinkCounts | null;
  /** Durable scenarios: rows committed ≥ 2xx answers received (verification + warm-up + measurement). */
  readonly durability: { readonly answered2xx: number; readonly committedRows: number; readonly ok: boolean } | null;
  readonly drain: Drain | null;
}

/** What happened once the clock was advanced past every planned status. */
interface Drain {
  readonly statusesApplied: number;
  readonly applySeconds: number;
  readonly webhooksDelivered: number;
  readonly deliverySeconds: number;
  readonly webhooksPerSecond: number;
  /** Webhooks still pending when the drain stopped waiting (0: all delivered). */
  readonly pendingAtEnd: number;
  readonly statuses: Record<string, number>;
}

const drainLimitS = 60;

async function pendingWebhooks(server: RunningServer, adminToken: string): Promise<number> {
  const result = await request(`${server.url}/admin/webhooks/summary`, { method: 'GET', token: adminToken });
  expectStatus('GET /admin/webhooks/summary', result);
  return Number((result.json as { pending?: unknown }).pending ?? 0);
}

/** Advances the frozen clock past every planned status, then waits for the webhooks to reach the sink. */
async function drainStatuses(server: RunningServer, sink: WebhookSink): Promise<Drain> {
  const adminToken = server.ready.details.adminToken ?? '';
  const before = copyCounts(sink.counts);
  const applyStarted = performance.now();
  const advanced = await request(`${server.url}/sim/clock/advance`, { method: 'POST', token: adminToken, body: { by: '10m' } });
  expectStatus('POST /sim/clock/advance', advanced);
  const applySeconds = (performance.now() - applyStarted) / 1000;
  const statusesApplied = Number((advanced.json as { statuses_applied?: unknown }).statuses_applied ?? 0);
  const deadline = performance.now() + drainLimitS * 1000;
  let pending = await pendingWebhooks(server, adminToken);
  while (pending > 0 && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    pending = await pendingWebhooks(server, adminToken);
  }
  const deliverySeconds = (performance.now() - applyStarted) / 1000;
  const after = copyCounts(sink.counts);
  const webhooksDelivered = after.deliveries - before.deliveries;
  return {
    statusesApplied,
    applySeconds,
    webhooksDelivered,
    deliverySeconds,
    webhooksPerSecond: webhooksDelivered / deliverySeconds,
    pendingAtEnd: pending,
    statuses: Object.fromEntries(Object.entries(after.statuses).map(([name, count]) => [name, count - (before.statuses[name] ?? 0)])),
  };
}

const recipient = '15557654321';
const sendBody = JSON.stringify({
  messaging_product: 'whatsapp',
  recipient_type: 'individual',
  to: recipient,
  type: 'text',
  text: { body: 'Benchmark: your order #4711 has shipped and arrives tomorrow.' },
});

function envNumber(name: string, fallback: number, zeroAllowed = false): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || (value === 0 && !zeroAllowed)) throw new Error(`${name} must be a ${zeroAllowed ? 'non-negative' : 'positive'} number, not '${raw}'`);
  return value;
}

async function request(url: string, init: { method: string; token?: string; body?: unknown }): Promise<{ status: number; json: unknown }> {
  const response = await fetch(url, {
    method: init.method,
    headers: {
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(init.token === undefined ? {} : { authorization: `Bearer ${init.token}` }),
    },
    ...(init.body === undefined ? {} : { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) }),
  });
  const text = await response.text();
  let json: unknown = text;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON: keep the text for the error message
  }
  return { status: response.status, json };
}

function expectStatus(what: string, result: { status: number; json: unknown }, status = 200): void {
  if (result.status !== status) throw new Error(`${what} answered ${result.status}: ${JSON.stringify(result.json)}`);
}

/** One send must answer 200 with a wamid before the load starts. */
async function verifySend(server: RunningServer, target: LoadTarget): Promise<string> {
  const result = await request(`${server.url}${target.path}`, {
    method: target.method,
    body: target.body,
    ...(target.headers?.['authorization'] === undefined ? {} : { token: target.headers['authorization'].replace(/^Bearer /, '') }),
  });
  expectStatus('the verification send', result);
  const id = (result.json as { messages?: { id?: unknown }[] }).messages?.[0]?.id;
  if (typeof id !== 'string' || !id.startsWith('wamid.')) throw new Error(`the verification send returned no wamid: ${JSON.stringify(result.json)}`);
  return id;
}

async function waitFor(what: string, check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function baselineSendTarget(): LoadTarget {
  return { method: 'POST', path: '/106540352242922/messages', headers: { 'content-type': 'application/json' }, body: sendBody };
}

/** The two baseline send servers: one send must answer with a wamid before the load. */
async function prepareBaselineSend(server: RunningServer): Promise<LoadTarget> {
  const target = baselineSendTarget();
  await verifySend(server, target);
  return target;
}

/**
 * Subscribes the sink to the demo WABA (Kabar performs the hub.challenge handshake against it), has
 * the simulated user write in so the customer-service window is open, and checks one send.
 */
async function prepareKabar(server: RunningServer, sink: WebhookSink, mode: { readonly subscribe: boolean; readonly expectStatusWebhooks: boolean }): Promise<LoadTarget> {
  const { adminToken, accessToken, phoneNumberId, wabaId } = server.ready.details;
  if (adminToken === undefined || accessToken === undefined || phoneNumberId === undefined || wabaId === undefined) {
    throw new Error(`the Kabar server did not report its credentials: ${JSON.stringify(Object.keys(server.ready.details))}`);
  }
  if (mode.subscribe) {
    const subscribed = await request(`${server.url}/v21.0/${wabaId}/subscribed_apps`, {
      method: 'POST',
      token: accessToken,
      body: { override_callback_uri: sink.url, verify_token: sink.verifyToken },
    });
    expectStatus('POST /{waba}/subscribed_apps', subscribed);
    if (sink.counts.handshakes < 1) throw new Error('the subscription succeeded without the hub.challenge handshake reaching the sink');
  }
  // One number sends to one user thousands of times a second: far over the 80 messages a second
  // and the pair rate limit a STANDARD number has. The route's own cost is measured at Kabar's
  // load-test level UNLIMITED, which lifts both (docs/benchmarks.md).
  const level = await request(`${server.url}/admin/phone_numbers/${phoneNumberId}/throughput`, { method: 'POST', token: adminToken, body: { level: 'UNLIMITED' } });
  expectStatus('POST /admin/phone_numbers/{id}/throughput', level);
  // The user writes first, so the customer-service window is open and sends are delivered (no 131047).
  const wrote = await request(`${server.url}/sim/messages`, { method: 'POST', token: adminToken, body: { from: recipient, text: 'Hi, where is my order?' } });
  expectStatus('POST /sim/messages', wrote);
  const target: LoadTarget = {
    method: 'POST',
    path: `/v21.0/${phoneNumberId}/messages`,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
    body: sendBody,
  };
  await verifySend(server, target);
  if (mode.subscribe) await waitFor('the inbound message webhook at the sink', () => sink.counts.inboundMessages >= 1, 10_000);
  if (mode.subscribe && mode.expectStatusWebhooks) {
    await waitFor('the first status webhook at the sink', () => (sink.counts.statuses['sent'] ?? 0) >= 1, 10_000);
    if ((sink.counts.statuses['failed'] ?? 0) > 0) throw new Error(`the verification send failed in the simulator: ${JSON.stringify(sink.counts.statuses)}`);
  }
  return target;
}

/** The many-recipients workload: this many recipients, the first half of them with an open window. */
const manyRecipients = 1_000;

function manyRecipient(index: number): string {
  return `1555701${String(index).padStart(4, '0')}`;
}

/**
 * The workload users have: sends spread over 1,000 recipients, half of whom wrote in within the last
 * 24 hours (delivered) and half of whom did not (accepted, then failed with 131047). The server runs
 * its simulated clock, so statuses fall due during the load; nobody is subscribed to webhooks. Each
 * measurement starts a new server on a fresh data dir seeded the same way.
 */
async function prepareKabarMany(server: RunningServer, level: 'STANDARD' | 'UNLIMITED' = 'UNLIMITED'): Promise<LoadTarget> {
  const { adminToken, accessToken, phoneNumberId } = server.ready.details;
  if (adminToken === undefined || accessToken === undefined || phoneNumberId === undefined) {
    throw new Error(`the Kabar server did not report its credentials: ${JSON.stringify(Object.keys(server.ready.details))}`);
  }
  // Thousands of sends a second from one number: measured at UNLIMITED (the route's own cost), and
  // once at the default STANDARD, where throughput refuses the excess with 130429 and 131056. The
  // users write in at UNLIMITED: inbound messages take from a STANDARD number's second too, and 500
  // of them at once would leave nothing of it for the verification send.
  const setThroughput = async (to: 'STANDARD' | 'UNLIMITED') =>
    expectStatus(
      'POST /admin/phone_numbers/{id}/throughput',
      await request(`${server.url}/admin/phone_numbers/${phoneNumberId}/throughput`, { method: 'POST', token: adminToken, body: { level: to } }),
    );
  await setThroughput('UNLIMITED');
  for (let index = 0; index < manyRecipients / 2; index += 1) {
    const wrote = await request(`${server.url}/sim/messages`, { method: 'POST', token: adminToken, body: { from: manyRecipient(index), text: 'Hi, where is my order?' } });
    expectStatus('POST /sim/messages', wrote);
  }
  if (level !== 'UNLIMITED') await setThroughput(level);
  const bodies = Array.from({ length: manyRecipients }, (_, index) =>
    JSON.stringify({ messaging_product: 'whatsapp', recipient_type: 'individual', to: manyRecipient(index), type: 'text', text: { body: 'Benchmark: your order #4711 has shipped and arrives tomorrow.' } }),
  );
  // Interleave the two halves, so every connection meets both kinds of recipient all the time.
  const interleaved = bodies.slice(0, manyRecipients / 2).flatMap((inside, index) => [inside, bodies[manyRecipients / 2 + index] ?? inside]);
  const target: LoadTarget = {
    method: 'POST',
    path: `/v21.0/${phoneNumberId}/messages`,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
    bodies: interleaved,
  };
  await verifySend(server, { ...target, body: interleaved[0] ?? '' });
  return target;
}

/** An interactive reply-button message inside the window: the interactive composer's cost on the route. */
const interactiveSendBody = JSON.stringify({
  messaging_product: 'whatsapp',
  recipient_type: 'individual',
  to: recipient,
  type: 'interactive',
  interactive: {
    type: 'button',
    header: { type: 'text', text: 'Your order #4711' },
    body: { text: 'It has shipped and arrives tomorrow. Would you like a delivery window?' },
    footer: { text: 'Kabar Store' },
    action: { buttons: [{ type: 'reply', reply: { id: 'morning', title: 'Morning' } }, { type: 'reply', reply: { id: 'afternoon', title: 'Afternoon' } }, { type: 'reply', reply: { id: 'evening', title: 'Evening' } }] },
  },
});

async function prepareKabarInteractive(server: RunningServer, sink: WebhookSink): Promise<LoadTarget> {
  const text = await prepareKabar(server, sink, { subscribe: true, expectStatusWebhooks: false });
  const target: LoadTarget = { ...text, body: interactiveSendBody };
  await verifySend(server, target);
  return target;
}

/** A marketing template with named parameters and an image header, created approved (review delay 0). */
const benchTemplate = {
  name: 'bench_arrivals',
  language: 'en_US',
  category: 'MARKETING',
  parameter_format: 'NAMED',
  components: [
    { type: 'HEADER', format: 'IMAGE', example: { header_handle: ['4::aW1hZ2UvanBlZw==:ARbench'] } },
    { type: 'BODY', text: 'Hi {{first_name}}, the {{collection}} collection is in store now, with sizes for everyone.', example: { body_text_named_params: [{ param_name: 'first_name', example: 'Ana' }, { param_name: 'collection', example: 'summer' }] } },
    { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Stop promotions' }] },
  ],
};

/**
 * The image header goes by media id: fetching a `link` would measure the media fetcher, not the
 * template path, and the bench stays on this machine.
 */
const templateSendBody = JSON.stringify({
  messaging_product: 'whatsapp',
  recipient_type: 'individual',
  to: recipient,
  type: 'template',
  template: {
    name: 'bench_arrivals',
    language: { code: 'en_US' },
    components: [
      { type: 'header', parameters: [{ type: 'image', image: { id: '1037543291543636' } }] },
      { type: 'body', parameters: [{ type: 'text', parameter_name: 'first_name', text: 'Ana' }, { type: 'text', parameter_name: 'collection', text: 'summer' }] },
    ],
  },
});

async function prepareKabarTemplate(server: RunningServer, sink: WebhookSink): Promise<LoadTarget> {
  const text = await prepareKabar(server, sink, { subscribe: true, expectStatusWebhooks: false });
  const { adminToken, accessToken, wabaId } = server.ready.details;
  expectStatus('POST /admin/templates/review-settings', await request(`${server.url}/admin/templates/review-settings`, { method: 'POST', token: adminToken ?? '', body: { delay_ms: 0 } }));
  const created = await request(`${server.url}/v21.0/${wabaId ?? ''}/message_templates`, { method: 'POST', token: accessToken ?? '', body: benchTemplate });
  expectStatus('POST /{waba}/message_templates', created);
  if ((created.json as { status?: unknown }).status !== 'APPROVED') throw new Error(`the bench template was not approved: ${JSON.stringify(created.json)}`);
  const target: LoadTarget = { ...text, body: templateSendBody };
  await verifySend(server, target);
  return target;
}

/** New customers for the tier-4 template send: none of them is in the window when the load starts. */
const tier4Recipients = 1_000;

/**
 * The template send under tier 4 (`TIER_UNLIMITED`) with the rolling window already holding 100,000
 * customers (the `kabar-send-tier4` server): each connection sends to 1,000 customers who never
 * wrote in, outside any customer-service window, so every send is business-initiated and goes
 * through the messaging-limit admission — a new customer the first time, one already counted after.
 */
async function prepareKabarTemplateTier4(server: RunningServer, sink: WebhookSink): Promise<LoadTarget> {
  const template = await prepareKabarTemplate(server, sink);
  const limits = await request(`${server.url}/admin/phone_numbers/${server.ready.details.phoneNumberId ?? ''}/limits`, { method: 'GET', token: server.ready.details.adminToken ?? '' });
  expectStatus('GET /admin/phone_numbers/{id}/limits', limits);
  const view = limits.json as { messaging_limit_tier?: string; unique_recipients_24h?: number };
  if (view.messaging_limit_tier !== 'TIER_UNLIMITED' || (view.unique_recipients_24h ?? 0) < 100_000) throw new Error(`the tier-4 window is not filled: ${JSON.stringify(view)}`);
  const bodies = Array.from({ length: tier4Recipients }, (_, index) => templateSendBody.replace(recipient, `1555702${String(index).padStart(4, '0')}`));
  const target: LoadTarget = { ...template, body: undefined, bodies };
  await verifySend(server, { ...target, body: bodies[0] ?? '' });
  return target;
}

/** The template send with the Graph opt-in check on, to a recipient with a recorded marketing opt-in. */
async function prepareKabarTemplateOptIn(server: RunningServer, sink: WebhookSink): Promise<LoadTarget> {
  const { adminToken, businessId } = server.ready.details;
  const admin = (path: string, body: unknown) => request(`${server.url}/admin/businesses/${businessId ?? ''}${path}`, { method: 'POST', token: adminToken ?? '', body });
  expectStatus('POST /admin/businesses/{id}/consent/settings', await admin('/consent/settings', { graph_opt_in_check: true }));
  expectStatus('POST /admin/businesses/{id}/consent/opt-ins', await admin('/consent/opt-ins', { phone: `+${recipient}`, categories: ['marketing'], source: 'web_form', consent_text: 'Bench opt-in' }), 201);
  return prepareKabarTemplate(server, sink);
}

const scenarios: readonly Scenario[] = [
  {
    name: 'hello',
    label: 'Fastify hello (ceiling)',
    async prepare(server) {
      const result = await request(`${server.url}/`, { method: 'GET' });
      expectStatus('GET /', result);
      if ((result.json as { hello?: unknown }).hello !== 'world') throw new Error(`GET / answered ${JSON.stringify(result.json)}`);
      return { method: 'GET', path: '/' };
    },
  },
  {
    name: 'schema-only-send',
    label: 'Schema-only send',
    prepare: prepareBaselineSend,
  },
  {
    name: 'minimal-durable-send',
    label: 'Minimal durable send',
    committedRowsStat: 'rows',
    prepare: prepareBaselineSend,
  },
  {
    name: 'kabar-send',
    webhooks: true,
    drain: true,
    label: 'Kabar text send',
    committedRowsStat: 'messages_outbound',
    prepare: (server, sink) => prepareKabar(server, sink, { subscribe: true, expectStatusWebhooks: false }),
  },
  {
    name: 'kabar-send-many',
    server: 'kabar-send-live',
    label: 'Kabar text send, 1,000 recipients (half in window), clock running',
    committedRowsStat: 'messages_outbound',
    prepare: (server) => prepareKabarMany(server),
  },
  {
    name: 'kabar-send-many-frozen',
    server: 'kabar-send',
    label: 'Kabar text send, 1,000 recipients (half in window), clock frozen (diagnostic)',
    committedRowsStat: 'messages_outbound',
    diagnostic: true,
    prepare: (server) => prepareKabarMany(server),
  },
  {
    name: 'kabar-send-many-limits',
    server: 'kabar-send-live',
    label: 'Kabar text send, 1,000 recipients, default throughput (STANDARD: excess refused)',
    committedRowsStat: 'messages_outbound',
    prepare: (server) => prepareKabarMany(server, 'STANDARD'),
  },
  {
    name: 'kabar-interactive-send',
    server: 'kabar-send',
    webhooks: true,
    label: 'Kabar interactive send',
    committedRowsStat: 'messages_outbound',
    prepare: prepareKabarInteractive,
  },
  {
    name: 'kabar-template-send',
    server: 'kabar-send',
    webhooks: true,
    label: 'Kabar template send',
    committedRowsStat: 'messages_outbound',
    prepare: prepareKabarTemplate,
  },
  {
    name: 'kabar-template-send-tier4',
    server: 'kabar-send-tier4',
    webhooks: true,
    label: 'Kabar template send, tier 4 (TIER_UNLIMITED), 100,000 customers in the rolling window',
    committedRowsStat: 'messages_outbound',
    prepare: prepareKabarTemplateTier4,
  },
  {
    name: 'kabar-template-send-opt-in',
    server: 'kabar-send',
    webhooks: true,
    label: 'Kabar template send, opt-in check on',
    committedRowsStat: 'messages_outbound',
    prepare: prepareKabarTemplateOptIn,
  },
  {
    name: 'kabar-send-live',
    webhooks: true,
    label: 'Kabar text send, statuses live',
    committedRowsStat: 'messages_outbound',
    prepare: (server, sink) => prepareKabar(server, sink, { subscribe: true, expectStatusWebhooks: true }),
  },
  {
    name: 'kabar-send-no-webhooks',
    webhooks: true,
    server: 'kabar-send-live',
    label: 'Kabar send, statuses live, no webhook subscriber (diagnostic)',
    committedRowsStat: 'messages_outbound',
    diagnostic: true,
    prepare: (server, sink) => prepareKabar(server, sink, { subscribe: false, expectStatusWebhooks: false }),
  },
];

interface RunSettings {
  readonly durationS: number;
  readonly warmupS: number;
  readonly pinning: Pinning;
  readonly sink: WebhookSink;
  readonly nodeFlags?: readonly string[];
}

function copyCounts(counts: SinkCounts): SinkCounts {
  return { ...counts, statuses: { ...counts.statuses } };
}

/** BENCH_NODE_FLAGS: Node flags for every server, for a diagnostic run (for example --trace-gc). */
const extraNodeFlags = (process.env['BENCH_NODE_FLAGS'] ?? '').split(/\s+/).filter((flag) => flag !== '');

async function measure(scenario: Scenario, connections: number, settings: RunSettings): Promise<Measurement> {
  settings.sink.reset();
  const nodeFlags = [...extraNodeFlags, ...(settings.nodeFlags ?? [])];
  const server = await startServer(scenario.server ?? scenario.name, { pinning: settings.pinning, nodeFlags });
  let stats: ServerStats = {};
  try {
    const target = await scenario.prepare(server, settings.sink);
    const verified2xx = target.method === 'POST' ? 1 : 0;
    const warmup = await runLoad(server.url, target, connections, settings.warmupS);
    const before = copyCounts(settings.sink.counts);
    server.mark('start');
    const { value: figures, shares } = await cpuSharesDuring([server.pid, process.pid], () => runLoad(server.url, target, connections, settings.durationS));
    server.mark('end');
    const after = copyCounts(settings.sink.counts);
    const drain = scenario.drain === true ? await drainStatuses(server, settings.sink) : null;
    stats = await server.stop();
    const webhooks: SinkCounts | null =
      scenario.webhooks === true
        ? {
            deliveries: after.deliveries - before.deliveries,
            handshakes: after.handshakes - before.handshakes,
            badBodies: after.badBodies - before.badBodies,
            inboundMessages: after.inboundMessages - before.inboundMessages,
            statuses: Object.fromEntries(Object.entries(after.statuses).map(([name, count]) => [name, count - (before.statuses[name] ?? 0)])),
          }
        : null;
    const rowsStat = scenario.committedRowsStat;
    const answered2xx = verified2xx + warmup.ok2xx + figures.ok2xx;
    const committedRows = rowsStat === undefined ? 0 : (stats[rowsStat] ?? 0);
    return {
      scenario: scenario.name,
      label: scenario.label,
      connections,
      figures,
      warmup,
      ratioToHello: null,
      cpu: { server: shares.processes[0] ?? null, loadGenerator: shares.processes[1] ?? null, other: shares.other },
      server: stats,
      webhooks,
      durability: rowsStat === undefined ? null : { answered2xx, committedRows, ok: committedRows >= answered2xx },
      drain,
    };
  } finally {
    await server.stop();
  }
}

function cpuModel(): string {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((entry) => entry.startsWith('model name'));
    return line?.split(':')[1]?.trim() ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

function formatShare(share: number | null): string {
  return share === null ? 'n/a' : `${Math.round(share * 100)}%`;
}

function formatTable(measurements: readonly Measurement[]): string {
  const header = ['Scenario', 'Conns', 'Req/s', 'p50 ms', 'p99 ms', '× hello', 'Non-2xx', 'Server CPU', 'Loadgen CPU', 'Other CPU'];
  const rows = measurements.map((entry) => [
    entry.label,
    String(entry.connections),
    Math.round(entry.figures.requestsPerSec).toLocaleString('en-US'),
    String(entry.figures.p50Ms),
    String(entry.figures.p99Ms),
    entry.ratioToHello === null ? 'n/a' : `${entry.ratioToHello.toFixed(3)}×`,
    String(entry.figures.non2xx),
    formatShare(entry.cpu.server),
    formatShare(entry.cpu.loadGenerator),
    formatShare(entry.cpu.other),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    `| ${cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join(' | ')} |`;
  const rule = `|${widths.map((width, column) => (column === 0 ? `${'-'.repeat(width + 1)}-` : `${'-'.repeat(width + 1)}:`)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

interface TargetVerdict {
  /** null when the run did not measure what the target is about. */
  readonly met: boolean | null;
  readonly lines: readonly string[];
}

/** Above this share of a core used by other processes, a measurement is flagged as disturbed. */
const otherLoadWarning = 0.1;
/**
 * Measured again at the end of a run, when what they are compared with ran too: a virtual machine's
 * speed can change within minutes (other guests on its host), so each comparison is to the mean of
 * the two. The hello route is every ratio's reference; the text send is the template send's.
 */
const remeasured = [
  { name: 'hello', again: 'hello-again', label: 'Fastify hello (ceiling), again at the end', when: (names: readonly string[]) => names.some((name) => name !== 'hello') },
  { name: 'kabar-send', again: 'kabar-send-again', label: 'Kabar text send, again at the end', when: (names: readonly string[]) => names.includes('kabar-template-send') },
] as const;
/** Hello rates at the start and the end further apart than this (of their mean) mark a drifting machine. */
const helloDriftWarning = 0.15;

interface Bracketed {
  readonly connections: number;
  readonly first: number;
  readonly again: number | undefined;
  /** What comparisons are taken to: the mean of both measurements, or the first alone. */
  readonly requestsPerSec: number;
  /** |again − first| / mean, 0 with one measurement. */
  readonly spread: number;
}

/** A scenario's rate at a connection count, with its measurement at the end of the run if there was one. */
function bracketed(measurements: readonly Measurement[], name: (typeof remeasured)[number]['name'], connections: number): Bracketed | undefined {
  const again = remeasured.find((entry) => entry.name === name)?.again;
  const rate = (scenario: string | undefined): number | undefined => measurements.find((entry) => entry.scenario === scenario && entry.connections === connections)?.figures.requestsPerSec;
  const first = rate(name);
  if (first === undefined) return undefined;
  const last = rate(again);
  const requestsPerSec = last === undefined ? first : (first + last) / 2;
  return { connections, first, again: last, requestsPerSec, spread: last === undefined || requestsPerSec === 0 ? 0 : Math.abs(last - first) / requestsPerSec };
}

function helloReferences(measurements: readonly Measurement[], connectionCounts: readonly number[]): Bracketed[] {
  return connectionCounts.flatMap((connections) => bracketed(measurements, 'hello', connections) ?? []);
}
const retryPauseMs = 5_000;
const targetRatio = 0.2;
const targetP99Ms = 25;
const targetConnections = 50;

/** A template send must keep at least this share of the text send's rate (same run, 50 connections). */
const templateTargetShare = 0.8;
/** The opt-in check may cost the template send at most 5 % of its rate (same run, 50 connections). */
const optInTargetShare = 0.95;
const lintTargetMs = 5;

function judgeTemplates(measurements: readonly Measurement[], lint: LintTiming | null): TargetVerdict {
  const text = bracketed(measurements, 'kabar-send', targetConnections);
  const template = measurements.find((entry) => entry.scenario === 'kabar-template-send' && entry.connections === targetConnections);
  const lines: string[] = [];
  let met: boolean | null = null;
  if (text !== undefined && template !== undefined) {
    const share = template.figures.requestsPerSec / text.requestsPerSec;
    const ok = share >= templateTargetShare && template.figures.non2xx === 0;
    met = ok;
    lines.push(
      `template send ≥ ${templateTargetShare * 100} % of the text send at ${targetConnections} connections: ${Math.round(template.figures.requestsPerSec)} / ${Math.round(text.requestsPerSec)}${text.again === undefined ? '' : ` (mean of ${Math.round(text.first)} and ${Math.round(text.again)} at the end)`} = ${(share * 100).toFixed(1)} % (${template.ratioToHello === null ? 'n/a' : `${template.ratioToHello.toFixed(3)}×`} hello) — ${ok ? 'met' : 'NOT met'}`,
    );
  } else lines.push(`template send not judged: this run did not measure both Kabar send routes at ${targetConnections} connections`);
  const optIn = measurements.find((entry) => entry.scenario === 'kabar-template-send-opt-in' && entry.connections === targetConnections);
  if (template !== undefined && optIn !== undefined) {
    const share = optIn.figures.requestsPerSec / template.figures.requestsPerSec;
    const ok = share >= optInTargetShare && optIn.figures.non2xx === 0;
    met = (met ?? true) && ok;
    lines.push(`template send with the opt-in check on ≥ ${optInTargetShare * 100} % of it without: ${Math.round(optIn.figures.requestsPerSec)} / ${Math.round(template.figures.requestsPerSec)} = ${(share * 100).toFixed(1)} % — ${ok ? 'met' : 'NOT met'}`);
  }
  if (lint !== null) {
    const ok = lint.medianMs < lintTargetMs;
    met = (met ?? true) && ok;
    lines.push(`lint median < ${lintTargetMs} ms (language detection included): ${lint.medianMs.toFixed(3)} ms, p99 ${lint.p99Ms.toFixed(3)} ms, first run ${lint.firstMs.toFixed(0)} ms — ${ok ? 'met' : 'NOT met'}`);
  }
  return { met, lines };
}

/** The workload users have (1,000 recipients, clock running): at least this share of hello. */
const manyTargetRatio = 0.15;

function judgeMany(measurements: readonly Measurement[]): TargetVerdict {
  const many = measurements.find((entry) => entry.scenario === 'kabar-send-many' && entry.connections === targetConnections);
  if (many === undefined) return { met: null, lines: [`not judged: this run did not measure the 1,000-recipient send at ${targetConnections} connections`] };
  const ratioOk = many.ratioToHello !== null && many.ratioToHello >= manyTargetRatio;
  const p99Ok = many.figures.p99Ms < targetP99Ms;
  const errorsOk = many.figures.non2xx === 0 && many.figures.errors === 0;
  const durableOk = many.durability?.ok === true;
  const mark = (ok: boolean): string => (ok ? 'met' : 'NOT met');
  const lines = [
    `throughput ≥ ${manyTargetRatio}× hello at ${targetConnections} connections: ${many.ratioToHello === null ? 'n/a' : `${many.ratioToHello.toFixed(3)}×`} (${Math.round(many.figures.requestsPerSec)} req/s) — ${mark(ratioOk)}`,
    `p99 < ${targetP99Ms} ms at ${targetConnections} connections: ${many.figures.p99Ms} ms — ${mark(p99Ok)}`,
    `every answer 2xx: ${many.figures.non2xx} non-2xx, ${many.figures.errors} errors — ${mark(errorsOk)}`,
    `durable: ${many.durability?.committedRows ?? 0} messages committed ≥ ${many.durability?.answered2xx ?? 0} answered 2xx — ${mark(durableOk)}`,
  ];
  const interactive = measurements.find((entry) => entry.scenario === 'kabar-interactive-send' && entry.connections === targetConnections);
  if (interactive !== undefined) lines.push(`interactive send (reported, no target): ${interactive.ratioToHello === null ? 'n/a' : `${interactive.ratioToHello.toFixed(3)}×`} hello, p99 ${interactive.figures.p99Ms} ms`);
  return { met: ratioOk && p99Ok && errorsOk && durableOk, lines };
}

function judge(measurements: readonly Measurement[]): TargetVerdict {
  const kabar = measurements.find((entry) => entry.scenario === 'kabar-send' && entry.connections === targetConnections);
  if (kabar === undefined) return { met: null, lines: [`not judged: this run did not measure Kabar's send route at ${targetConnections} connections`] };
  const ratioOk = kabar.ratioToHello !== null && kabar.ratioToHello >= targetRatio;
  const p99Ok = kabar.figures.p99Ms < targetP99Ms;
  const errorsOk = kabar.figures.non2xx === 0 && kabar.figures.errors === 0;
  const durableOk = kabar.durability?.ok === true;
  const mark = (ok: boolean): string => (ok ? 'met' : 'NOT met');
  return {
    met: ratioOk && p99Ok && errorsOk && durableOk,
    lines: [
      `throughput ≥ ${targetRatio}× hello at ${targetConnections} connections: ${kabar.ratioToHello === null ? 'n/a' : `${kabar.ratioToHello.toFixed(3)}×`} — ${mark(ratioOk)}`,
      `p99 < ${targetP99Ms} ms at ${targetConnections} connections: ${kabar.figures.p99Ms} ms — ${mark(p99Ok)}`,
      `every answer 2xx: ${kabar.figures.non2xx} non-2xx, ${kabar.figures.errors} errors — ${mark(errorsOk)}`,
      `durable: ${kabar.durability?.committedRows ?? 0} messages committed ≥ ${kabar.durability?.answered2xx ?? 0} answered 2xx — ${mark(durableOk)}`,
    ],
  };
}

/** The main thread's profile (thread id 0 in the name), not the loader's or the checkpoint worker's. */
function newestProfile(directory: string, since: number): string | undefined {
  return readdirSync(directory)
    .filter((name) => /\.\d+\.0\.\d+\.cpuprofile$/.test(name))
    .map((name) => join(directory, name))
    .filter((file) => statSync(file).mtimeMs >= since)
    .sort((left, right) => statSync(right).mtimeMs - statSync(left).mtimeMs)[0];
}

async function main(): Promise<void> {
  const cpuCount = availableParallelism();
  const durationS = envNumber('BENCH_DURATION', 10);
  const warmupS = envNumber('BENCH_WARMUP', 2);
  const connectionCounts = (process.env['BENCH_CONNECTIONS'] ?? '10,50').split(',').map((entry) => Number(entry.trim()));
  if (connectionCounts.some((count) => !Number.isInteger(count) || count <= 0)) throw new Error('BENCH_CONNECTIONS must be positive integers');
  const wanted = process.env['BENCH_SCENARIOS']?.split(',').map((entry) => entry.trim());
  const selected = scenarios.filter((scenario) => (wanted === undefined ? scenario.diagnostic !== true : wanted.includes(scenario.name)));
  const disturbedRetries = Math.floor(envNumber('BENCH_RETRIES', 2, true));
  const profileScenario = scenarios.find((scenario) => scenario.name === process.env['BENCH_PROFILE']);
  if (process.env['BENCH_PROFILE'] !== undefined && profileScenario === undefined) {
    throw new Error(`BENCH_PROFILE names no scenario; choose one of ${scenarios.map((scenario) => scenario.name).join(', ')}`);
  }

  const pinning = pinLoadGenerator(cpuCount);
  if (pinning.warning !== undefined) process.stderr.write(`warning: ${pinning.warning}\n`);
  const machine = { nproc: cpuCount, cpuModel: cpuModel(), node: process.version, platform: `${process.platform} ${release()}` };
  process.stdout.write(
    `Machine: ${machine.nproc} CPUs, ${machine.cpuModel}, Node ${machine.node}\n` +
      `Pinning: ${pinning.serverCore === undefined ? 'none' : `servers on core ${pinning.serverCore}, load generator on core ${String(pinning.loadCore)}`}\n` +
      `Each measurement: ${warmupS} s warm-up, then ${durationS} s at ${connectionCounts.join(' and ')} connections\n\n`,
  );

  // The linter runs in this process before any server starts, so nothing else competes with it.
  const lint = process.env['BENCH_LINT'] === '0' ? null : await measureLint();
  if (lint !== null) process.stdout.write(`Template lint: median ${lint.medianMs.toFixed(3)} ms, p99 ${lint.p99Ms.toFixed(3)} ms over ${lint.iterations} runs (first run ${lint.firstMs.toFixed(0)} ms, loading the language detector)\n\n`);

  const sink = await startWebhookSink(`bench-${randomBytes(8).toString('hex')}`);
  const measurements: Measurement[] = [];
  let profile: { measurement: Measurement; summary: ProfileSummary | null } | null = null;
  try {
    const measureSettled = async (scenario: Scenario, connections: number, label = scenario.label): Promise<Measurement | undefined> => {
      let measurement: Measurement | undefined;
      for (let attempt = 0; attempt <= disturbedRetries; attempt += 1) {
        if (attempt > 0) {
          process.stdout.write(`  other work is running (${formatShare(measurement?.cpu.other ?? null)} of a core): retrying in ${retryPauseMs / 1000} s\n`);
          await new Promise((resolve) => setTimeout(resolve, retryPauseMs));
        }
        process.stdout.write(`${label}, ${connections} connections… `);
        const attempted = await measure(scenario, connections, { durationS, warmupS, pinning, sink });
        const { figures } = attempted;
        process.stdout.write(
          `${Math.round(figures.requestsPerSec)} req/s, p50 ${figures.p50Ms} ms, p99 ${figures.p99Ms} ms, non-2xx ${figures.non2xx}, errors ${figures.errors}, ` +
            `CPU server ${formatShare(attempted.cpu.server)} / load generator ${formatShare(attempted.cpu.loadGenerator)} / other ${formatShare(attempted.cpu.other)}\n`,
        );
        // Keep the least disturbed attempt.
        if (measurement === undefined || (attempted.cpu.other ?? 0) < (measurement.cpu.other ?? 0)) measurement = attempted;
        if ((measurement.cpu.other ?? 0) <= otherLoadWarning) break;
      }
      return measurement;
    };
    for (const scenario of selected) {
      for (const connections of connectionCounts) {
        const measurement = await measureSettled(scenario, connections);
        if (measurement !== undefined) measurements.push(measurement);
      }
    }
    const names = selected.map((scenario) => scenario.name);
    for (const { name, again, label, when } of remeasured) {
      const scenario = selected.find((candidate) => candidate.name === name);
      if (scenario === undefined || !when(names)) continue;
      for (const connections of connectionCounts) {
        // Without its drain: only the rate is compared.
        const measurement = await measureSettled({ ...scenario, drain: false }, connections, label);
        if (measurement !== undefined) measurements.push({ ...measurement, scenario: again, label });
      }
    }
    if (profileScenario !== undefined) {
      const connections = Math.max(...connectionCounts);
      // Profiles are large: they go to the temp dir, not into the repository.
      const directory = mkdtempSync(join(tmpdir(), 'kabar-bench-profile-'));
      const started = Date.now();
      process.stdout.write(`\nProfiling ${profileScenario.label} at ${connections} connections (not in the table)… `);
      const measurement = await measure(profileScenario, connections, {
        durationS,
        warmupS,
        pinning,
        sink,
        nodeFlags: ['--cpu-prof', '--cpu-prof-dir', directory],
      });
      process.stdout.write(`${Math.round(measurement.figures.requestsPerSec)} req/s under the profiler\n`);
      const file = newestProfile(directory, started - 1000);
      if (file !== undefined) process.stdout.write(`Profile: ${file}\n`);
      // The JSON keeps the file name only: the temp dir is of this machine.
      profile = { measurement, summary: file === undefined ? null : { ...summariseProfile(file), file: basename(file) } };
    }
  } finally {
    await sink.close();
  }

  const references = helloReferences(measurements, connectionCounts);
  for (const entry of measurements) {
    const reference = references.find((candidate) => candidate.connections === entry.connections)?.requestsPerSec;
    entry.ratioToHello = reference === undefined || reference === 0 ? null : entry.figures.requestsPerSec / reference;
  }

  process.stdout.write(`\n${formatTable(measurements)}\n\n`);
  for (const reference of references) {
    if (reference.again === undefined) continue;
    process.stdout.write(
      `Hello at ${reference.connections} connections: ${Math.round(reference.first)} req/s at the start, ${Math.round(reference.again)} at the end; ratios are to their mean, ${Math.round(reference.requestsPerSec)} (the two differ by ${(reference.spread * 100).toFixed(0)} %)\n`,
    );
    if (reference.spread > helloDriftWarning) {
      process.stdout.write(`warning: the machine's speed changed during the run (hello ${(reference.spread * 100).toFixed(0)} % apart at ${reference.connections} connections): its ratios are uncertain by about as much\n`);
    }
  }
  for (const entry of measurements) {
    if (entry.cpu.other !== null && entry.cpu.other > otherLoadWarning) {
      process.stdout.write(`warning: ${entry.label} @${entry.connections}: other work used ${formatShare(entry.cpu.other)} of a core during the measurement; its figures are disturbed\n`);
    }
    if (entry.figures.errors > 0 || entry.figures.timeouts > 0) {
      process.stdout.write(`warning: ${entry.label} @${entry.connections}: ${entry.figures.errors} connection errors, ${entry.figures.timeouts} timeouts\n`);
    }
    if (entry.durability !== null) {
      process.stdout.write(
        `${entry.label} @${entry.connections}: ${entry.durability.committedRows} rows committed, ${entry.durability.answered2xx} answered 2xx — ${entry.durability.ok ? 'every answered send is durable' : 'FEWER ROWS THAN ANSWERS'}\n`,
      );
    }
    if (entry.webhooks !== null) {
      process.stdout.write(`${entry.label} @${entry.connections}: webhooks delivered to the sink during the measurement: ${entry.webhooks.deliveries} ${JSON.stringify(entry.webhooks.statuses)}\n`);
    }
    if (entry.drain !== null) {
      const drain = entry.drain;
      process.stdout.write(
        `${entry.label} @${entry.connections}: drain — clock advanced, ${drain.statusesApplied} statuses applied in ${drain.applySeconds.toFixed(1)} s; ` +
          `${drain.webhooksDelivered} webhooks delivered in ${drain.deliverySeconds.toFixed(1)} s (${Math.round(drain.webhooksPerSecond)}/s) ${JSON.stringify(drain.statuses)}; ` +
          `${drain.pendingAtEnd === 0 ? 'none pending' : `${drain.pendingAtEnd} still pending after ${drainLimitS} s`}\n`,
      );
    }
    if (Object.keys(entry.server).length > 0) process.stdout.write(`${entry.label} @${entry.connections}: server at stop: ${JSON.stringify(entry.server)}\n`);
  }
  const verdict = judge(measurements);
  process.stdout.write(`\nTarget (Kabar send ≥ ${targetRatio}× hello, p99 < ${targetP99Ms} ms at ${targetConnections} connections, durable): ${verdict.met === null ? 'not judged' : verdict.met ? 'MET' : 'NOT MET'}\n`);
  for (const line of verdict.lines) process.stdout.write(`  ${line}\n`);
  const manyVerdict = judgeMany(measurements);
  process.stdout.write(`\nWorkload (1,000 recipients, half in window, clock running: ≥ ${manyTargetRatio}× hello, p99 < ${targetP99Ms} ms at ${targetConnections} connections): ${manyVerdict.met === null ? 'not judged' : manyVerdict.met ? 'MET' : 'NOT MET'}\n`);
  for (const line of manyVerdict.lines) process.stdout.write(`  ${line}\n`);
  const templateVerdict = judgeTemplates(measurements, lint);
  process.stdout.write(`\nTemplates (template send ≥ ${templateTargetShare * 100} % of text send, lint median < ${lintTargetMs} ms): ${templateVerdict.met === null ? 'not judged' : templateVerdict.met ? 'MET' : 'NOT MET'}\n`);
  for (const line of templateVerdict.lines) process.stdout.write(`  ${line}\n`);
  if (profile?.summary !== null && profile?.summary !== undefined) process.stdout.write(`\n${formatProfile(profile.summary)}\n`);

  const resultsDirectory = join(repoRoot, 'bench', 'results');
  mkdirSync(resultsDirectory, { recursive: true });
  const report = {
    date: new Date().toISOString(),
    machine,
    settings: { durationS, warmupS, connections: connectionCounts, pinning: { serverCore: pinning.serverCore ?? null, loadCore: pinning.loadCore ?? null, warning: pinning.warning ?? null } },
    results: measurements,
    helloReferences: references,
    target: { ratio: targetRatio, p99Ms: targetP99Ms, connections: targetConnections, met: verdict.met, details: verdict.lines },
    workload: { ratio: manyTargetRatio, p99Ms: targetP99Ms, connections: targetConnections, met: manyVerdict.met, details: manyVerdict.lines },
    templates: { templateShare: templateTargetShare, lintMedianMs: lintTargetMs, met: templateVerdict.met, details: templateVerdict.lines, lint },
    profile,
  };
  const resultsFile = process.env['BENCH_RESULTS_FILE'] ?? 'latest.json';
  if (!/^[\w.-]+\.json$/.test(resultsFile)) throw new Error(`BENCH_RESULTS_FILE must be a plain file name ending in .json, not '${resultsFile}'`);
  writeFileSync(join(resultsDirectory, resultsFile), `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`\nResults written to bench/results/${resultsFile}\n`);
}

await main();
