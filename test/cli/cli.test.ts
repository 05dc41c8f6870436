import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoFile } from '../../src/cli/config.js';
import { dialects } from '../support/databases.js';
import { adminToken, testEpoch } from '../support/kabar.js';
import { listenKabar, type RunningKabar } from '../support/running-kabar.js';
import { graphNumber, sendToMany, tenant, user, userActs } from '../limits/support.js';

const run = promisify(execFile);
const bin = join(import.meta.dirname, '..', '..', 'bin', 'kabar.js');
const dataDir = mkdtempSync(join(tmpdir(), 'kabar-cli-'));
const inherited = new Set(['KABAR_DATABASE_URL', 'KABAR_URL', 'KABAR_ADMIN_TOKEN', 'PORT']);
const environment: NodeJS.ProcessEnv = { ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !inherited.has(name))), KABAR_DATA_DIR: dataDir };

/** Starts `kabar start` and resolves once it has printed its connection details. */
function startServer(): Promise<{ child: ChildProcess; output: string }> {
  const child = spawn(process.execPath, [bin, 'start', '--port', '0'], { env: environment, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('The same is in')) resolve({ child, output });
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => reject(new Error(`kabar start exited with ${String(code)}: ${output}`)));
  });
}

async function stopServer(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

async function kabar(...args: string[]): Promise<unknown> {
  const { stdout } = await run(process.execPath, [bin, ...args], { env: environment });
  return JSON.parse(stdout) as unknown;
}

/** Runs `kabar` with extra environment variables and returns what it printed and how it exited. */
function kabarRun(args: readonly string[], extra: NodeJS.ProcessEnv = {}): Promise<{ stdout: string; stderr: string; code: number }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { env: { ...environment, ...extra } }, (error, stdout, stderr) => {
      resolve({ stdout, stderr, code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1 });
    });
  });
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Calls the simulator API directly, for the steps a test only needs done. */
async function operator(path: string, body: unknown): Promise<void> {
  const demo = demoFile();
  const response = await fetch(`${demo.baseUrl}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${demo.adminToken ?? ''}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(200);
}

function graphSend(to: string, body: string): Promise<Response> {
  const demo = demoFile();
  return fetch(`${demo.baseUrl}/v21.0/${demo.phoneNumberId}/messages`, {
    method: 'POST',
    headers: { authorization: `Bearer ${demo.accessToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ messaging_product: 'whatsapp', to, text: { body } }),
  });
}

const demoFile = (): DemoFile => JSON.parse(readFileSync(join(dataDir, 'demo.json'), 'utf8')) as DemoFile;

describe('the kabar command', () => {
  let server: ChildProcess;
  let firstOutput: string;

  beforeAll(async () => {
    ({ child: server, output: firstOutput } = await startServer());
  }, 30_000);

  afterAll(async () => {
    if (server.exitCode === null) await stopServer(server);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints and saves the demo business: base URL, token, number, WABA, app, secret and verify token', () => {
    const demo = demoFile();
    for (const key of ['baseUrl', 'accessToken', 'phoneNumberId', 'wabaId', 'appId', 'appSecret', 'verifyToken'] as const) {
      expect(demo[key].length, key).toBeGreaterThan(0);
      expect(firstOutput).toContain(demo[key]);
    }
  });

  it('lets a simulated user write in, moves the clock and lists what the user received', async () => {
    const sent = (await kabar('sim', 'send', '--from', '15550100001', 'hello from the CLI')) as { message: { direction: string; text: { body: string } } };
    expect(sent.message).toMatchObject({ direction: 'inbound', text: { body: 'hello from the CLI' } });
    const demo = demoFile();
    const reply = await fetch(`${demo.baseUrl}/v21.0/${demo.phoneNumberId}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${demo.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ messaging_product: 'whatsapp', to: '15550100001', text: { body: 'reply seen in the inbox' } }),
    });
    expect(reply.status).toBe(200);
    const before = (await kabar('sim', 'clock', 'show')) as { now: number };
    const advanced = (await kabar('sim', 'clock', 'advance', '25h')) as { now: number; advanced_ms: number };
    expect(advanced.advanced_ms).toBe(25 * 3_600_000);
    expect(advanced.now - before.now).toBeGreaterThanOrEqual(25 * 3_600_000);
    const inbox = (await kabar('sim', 'inbox', '15550100001', '--received', '--json')) as { data: { text: { body: string }; status: string }[] };
    expect(inbox.data.map((message) => message.text.body)).toEqual(['reply seen in the inbox']);
  }, 30_000);

  it('provisions a business, WABA, number, app and token whose token works on the Graph API', async () => {
    const business = (await kabar('admin', 'business', '--name', 'Toko Maju')) as { id: string };
    const waba = (await kabar('admin', 'waba', '--business', business.id, '--name', 'Toko Maju WABA')) as { id: string };
    const number = (await kabar('admin', 'number', '--waba', waba.id, '--phone', '+6281100002222', '--name', 'Toko Maju')) as { id: string };
    const app = (await kabar('admin', 'app', '--business', business.id, '--name', 'Toko App')) as { id: string };
    const token = (await kabar('admin', 'token', '--app', app.id)) as { access_token: string };
    const response = await fetch(`${demoFile().baseUrl}/v21.0/${number.id}`, { headers: { authorization: `Bearer ${token.access_token}` } });
    expect(await response.json()).toMatchObject({ id: number.id, verified_name: 'Toko Maju' });
  }, 60_000);

  it('signs a business up and takes its number through onboarding step by step: code from the simulated inbox, register, review decided', async () => {
    const account = (await kabar('signup', '--express', '--name', 'Toko CLI', '--idempotency-key', 'cli-signup-1')) as { mode: string; waba_id: string; access_token: string; verification_status: string };
    expect(account).toMatchObject({ mode: 'express', verification_status: 'unverified', messaging_limit_tier: 'TIER_50' });
    expect(await kabar('signup', '--express', '--name', 'Toko CLI', '--idempotency-key', 'cli-signup-1')).toEqual(account);
    const number = (await kabar('numbers', 'add', '--waba', account.waba_id, '--phone', '+6281100009001', '--name', 'Toko CLI')) as { id: string; status: string };
    expect(number.status).toBe('PENDING');
    await kabar('numbers', 'request-code', number.id);
    const inbox = (await kabar('sim', 'codes', '+6281100009001')) as { data: { code: string }[] };
    await kabar('numbers', 'verify', number.id, inbox.data[0]?.code ?? '');
    const registered = (await kabar('numbers', 'register', number.id, '--pin', '424242')) as { status: string; code_verification_status: string };
    expect(registered).toMatchObject({ status: 'PENDING', code_verification_status: 'VERIFIED' });
    const pending = (await kabar('reviews', 'list', '--pending', '--kind', 'commerce_policy')) as { data: { id: string; phone_number_id: string }[] };
    const review = pending.data.find((entry) => entry.phone_number_id === number.id);
    expect((await kabar('reviews', 'decide', review?.id ?? '', 'approve')) as { status: string }).toMatchObject({ status: 'approved' });
    expect((await kabar('numbers', 'show', number.id)) as { status: string }).toMatchObject({ status: 'CONNECTED' });

    // Its messaging limit (trial: the business is unverified) and its human escalation path.
    expect(await kabar('numbers', 'limits', number.id)).toMatchObject({ messaging_limit_tier: 'TIER_50', limit: 50, unique_recipients_24h: 0, free_slots: 50, escalation_path: null });
    const indirect = await kabarRun(['numbers', 'escalation', number.id, '--kind', 'social_media', '--value', 'https://facebook.com/tokocli']);
    expect(indirect.code).not.toBe(0);
    expect(indirect.stderr).toContain('not a human escalation path');
    expect(await kabar('numbers', 'escalation', number.id, '--kind', 'email', '--value', 'cs@tokocli.example')).toMatchObject({ escalation_path: { kind: 'email', value: 'cs@tokocli.example' } });
  }, 120_000);

  it("shows a user's conversation as the phone does: both sides, oldest first, ticks on what the business sent", async () => {
    const waId = '15550100021';
    const inbox = async (...options: string[]): Promise<string> => (await kabarRun(['sim', 'inbox', waId, ...options])).stdout;
    await operator('/sim/network', { schedule: { sent_after_ms: [1_000, 1_000], delivered_after_sent_ms: [1_000, 1_000], read_after_delivered_ms: [3_000, 3_000], read_probability: 1 } });
    await operator('/sim/clock/mode', { mode: 'frozen' });
    await operator('/sim/messages', { from: waId, text: 'Halo, ada stok?' });
    expect((await graphSend(waId, 'Ada, kak!')).status).toBe(200);
    const beforeDelivery = (await inbox()).trimEnd().split('\n');
    expect(beforeDelivery[0]).toContain(`+${waId}`);
    expect(beforeDelivery.slice(1)).toEqual([expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d {2}user {6}Halo, ada stok\?$/)]);
    await operator('/sim/clock/advance', { by: '1s' });
    expect(await inbox('--undelivered')).toMatch(/ business {2}Ada, kak! {2}✓ sent\n$/);
    await operator('/sim/clock/advance', { by: '1s' });
    const delivered = await inbox();
    expect(delivered).toMatch(/ user {6}Halo, ada stok\?\n.* business {2}Ada, kak! {2}✓✓ delivered\n$/);
    await operator('/sim/clock/advance', { by: '3s' });
    expect(await inbox()).toMatch(/ business {2}Ada, kak! {2}✓✓ read\n$/);
    await operator('/sim/clock/advance', { by: '25h' });
    expect((await graphSend(waId, 'Masih ada promo?')).status).toBe(200);
    expect(await inbox()).not.toContain('Masih ada promo?');
    expect(await inbox('--undelivered')).toMatch(/ business {2}Masih ada promo\? {2}✗ failed \(131047\)\n$/);
    const received = await inbox('--received');
    expect(received).not.toContain('Halo, ada stok?');
    expect(received).toContain('Ada, kak!');
    const raw = JSON.parse(await inbox('--json')) as { wa_id: string; data: { direction: string; text: { body: string } }[] };
    expect(raw.data.map((message) => `${message.direction} ${message.text.body}`)).toEqual(['inbound Halo, ada stok?', 'outbound Ada, kak!']);
  }, 60_000);

  it('runs an interactive round trip, an order and the catalog from the command line', async () => {
    const waId = '6281200003333';
    const demo = demoFile();
    const graph = async (body: Record<string, unknown>): Promise<string> => {
      const response = await fetch(`${demo.baseUrl}/v21.0/${demo.phoneNumberId}/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${demo.accessToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ messaging_product: 'whatsapp', to: waId, ...body }),
      });
      expect(response.status).toBe(200);
      return ((await response.json()) as { messages: { id: string }[] }).messages[0]?.id ?? '';
    };
    const listed = (await kabar('catalog', 'list')) as { catalog: { id: string }; products: { retailer_id: string }[] };
    expect(listed.products.map((product) => product.retailer_id)).toContain('kopi-gayo-250');
    expect(await kabar('catalog', 'add', 'teh-hijau', '--name', 'Teh Hijau', '--price', '15000', '--currency', 'IDR')).toMatchObject({ retailer_id: 'teh-hijau', price: 15000, currency: 'IDR' });
    await operator('/sim/network', { schedule: { sent_after_ms: [1_000, 1_000], delivered_after_sent_ms: [1_000, 1_000], read_after_delivered_ms: [3_000, 3_000], read_probability: 1 } });
    await operator('/sim/clock/mode', { mode: 'frozen' });
    expect(await kabar('sim', 'send', '--from', waId, '--location', '-6.2088,106.8456', '--place', 'Monas')).toMatchObject({ message: { type: 'location', location: { latitude: -6.2088, name: 'Monas' } } });

    const buttons = await graph({ type: 'interactive', interactive: { type: 'button', body: { text: 'Jadwal ulang?' }, action: { buttons: [{ type: 'reply', reply: { id: 'yes', title: 'Ya' } }] } } });
    const offer = await graph({ type: 'interactive', interactive: { type: 'product_list', header: { type: 'text', text: 'Toko' }, body: { text: 'Pilih' }, action: { catalog_id: listed.catalog.id, sections: [{ title: 'Minuman', product_items: [{ product_retailer_id: 'kopi-gayo-250' }, { product_retailer_id: 'teh-hijau' }] }] } } });
    await operator('/sim/clock/advance', { by: '2s' });
    expect(await kabar('sim', 'tap', buttons, 'yes')).toMatchObject({ message: { type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: 'yes', title: 'Ya' } }, context: { id: buttons } } });
    expect(await kabar('sim', 'order', offer, 'kopi-gayo-250:2', 'teh-hijau', '--text', 'Kirim sore')).toMatchObject({
      message: { type: 'order', order: { catalog_id: listed.catalog.id, text: 'Kirim sore', product_items: [{ product_retailer_id: 'kopi-gayo-250', quantity: 2, item_price: 85000 }, { product_retailer_id: 'teh-hijau', quantity: 1, item_price: 15000 }] } },
    });
    expect(await kabar('sim', 'react', buttons, '👍')).toMatchObject({ message: { type: 'reaction', reaction: { message_id: buttons, emoji: '👍' } } });

    const qr = await fetch(`${demo.baseUrl}/v21.0/${demo.phoneNumberId}/message_qrdls`, {
      method: 'POST',
      headers: { authorization: `Bearer ${demo.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ prefilled_message: 'Info promo', generate_qr_image: 'SVG' }),
    });
    const { deep_link_url: link } = (await qr.json()) as { deep_link_url: string };
    expect(await kabar('sim', 'scan', link, '--from', waId)).toMatchObject({ message: { type: 'text', text: { body: 'Info promo' } } });

    const inbox = (await kabarRun(['sim', 'inbox', waId])).stdout;
    expect(inbox).toContain('[location] Monas (-6.2088, 106.8456)');
    expect(inbox).toMatch(/business {2}Jadwal ulang\?\n {31}\[Ya\] \(id yes\)\n {31}reactions: 👍 user {2}✓✓ delivered\n/);
    expect(inbox).toContain('  • Teh Hijau · IDR 15,000 (teh-hijau)');
    expect(inbox).toMatch(/user {6}↪ replying to "Jadwal ulang\?"\n {31}tapped \[Ya\] \(id yes\)\n/);
    expect(inbox).toContain('  total IDR 185,000');

    // A published Flow, sent as a Flow message; the user completes it from the command line.
    const screen = { id: 'BOOKING', title: 'Daftar', terminal: true, layout: { type: 'SingleColumnLayout', children: [{ type: 'Footer', label: 'Kirim', 'on-click-action': { name: 'complete', payload: {} } }] } };
    const created = await fetch(`${demo.baseUrl}/v21.0/${demo.wabaId}/flows`, {
      method: 'POST',
      headers: { authorization: `Bearer ${demo.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Daftar servis', categories: ['SIGN_UP'], flow_json: JSON.stringify({ version: '6.0', screens: [screen] }), publish: true }),
    });
    const { id: flowId } = (await created.json()) as { id: string };
    await operator('/sim/clock/advance', { by: '10s' });
    const flowMessage = await graph({
      type: 'interactive',
      interactive: { type: 'flow', body: { text: 'Daftar servis' }, action: { name: 'flow', parameters: { flow_message_version: '3', flow_id: flowId, flow_cta: 'Daftar', flow_token: 'cli-token', flow_action_payload: { screen: 'BOOKING' } } } },
    });
    await operator('/sim/clock/advance', { by: '2s' });
    expect(await kabar('sim', 'flow', flowMessage, '--data', '{"nama":"Sari"}')).toMatchObject({
      message: { type: 'interactive', interactive: { type: 'nfm_reply', nfm_reply: { name: 'flow', body: 'Sent', response_json: '{"flow_token":"cli-token","nama":"Sari"}' } }, context: { id: flowMessage } },
    });
    const badData = await kabarRun(['sim', 'flow', flowMessage, '--data', '[1]']);
    expect(badData.code).not.toBe(0);
    expect(badData.stderr).toContain('expected a JSON object');

    expect((await kabarRun(['sim', 'inbox', waId])).stdout).toContain('completed the flow: {"flow_token":"cli-token","nama":"Sari"}');
    expect(await kabar('catalog', 'remove', 'teh-hijau')).toEqual({ success: true });
  }, 90_000);

  it('sends a photo from a file as a simulated user; the business downloads it with its token, sends it back by id, and the inbox shows both with captions', async () => {
    const waId = '6281200004444';
    const demo = demoFile();
    const photo = join(dataDir, 'foto.jpg');
    const bytes = Buffer.alloc(3_000, 9);
    bytes[0] = 0xff;
    bytes[1] = 0xd8;
    writeFileSync(photo, bytes);
    const sent = (await kabar('sim', 'send', '--from', waId, '--image', photo, 'Ini fotonya')) as { message: { type: string; image: { id: string; caption: string; mime_type: string } }; media_id: string };
    expect(sent.message).toMatchObject({ type: 'image', image: { id: sent.media_id, caption: 'Ini fotonya', mime_type: 'image/jpeg' } });
    const auth = { authorization: `Bearer ${demo.accessToken}` };
    const retrieved = (await (await fetch(`${demo.baseUrl}/v21.0/${sent.media_id}`, { headers: auth })).json()) as { url: string; file_size: string };
    expect(retrieved.file_size).toBe('3000');
    const downloaded = await fetch(retrieved.url, { headers: auth });
    expect(Buffer.from(await downloaded.arrayBuffer()).equals(bytes)).toBe(true);
    const echoed = await fetch(`${demo.baseUrl}/v21.0/${demo.phoneNumberId}/messages`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ messaging_product: 'whatsapp', to: waId, type: 'image', image: { id: sent.media_id, caption: 'Diterima' } }),
    });
    expect(echoed.status).toBe(200);
    await operator('/sim/clock/advance', { by: '2s' });
    const inbox = (await kabarRun(['sim', 'inbox', waId])).stdout;
    expect(inbox).toContain(`[image: media ${sent.media_id}, image/jpeg]`);
    expect(inbox).toContain('Ini fotonya');
    expect(inbox).toContain('Diterima');
  }, 60_000);

  it("lists the users a number blocked, and shows a blocked user's message staying at one tick", async () => {
    const demo = demoFile();
    const waId = '6281277700091';
    await kabar('sim', 'send', '--from', waId, 'Halo toko');
    const blocked = await fetch(`${demo.baseUrl}/v21.0/${demo.phoneNumberId}/block_users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${demo.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ messaging_product: 'whatsapp', block_users: [{ user: `+${waId}` }] }),
    });
    expect(blocked.status).toBe(200);
    expect(await kabar('numbers', 'blocked', demo.phoneNumberId)).toMatchObject({ phone_number_id: demo.phoneNumberId, total: 1, data: [{ wa_id: waId }] });
    expect(await kabar('sim', 'send', '--from', waId, 'Halo lagi')).toMatchObject({ message: { status: 'sent' }, withheld: { reason: 'blocked' } });
  }, 60_000);

  it("shows and switches an app's webhook realism", async () => {
    const { appId } = demoFile();
    expect(await kabar('webhooks', 'realism', appId)).toEqual({ app_id: appId, batching: false, duplicates: false, out_of_order: false });
    expect(await kabar('webhooks', 'realism', appId, '--batching', 'on', '--out-of-order', 'on')).toEqual({ app_id: appId, batching: true, duplicates: false, out_of_order: true });
    expect(await kabar('webhooks', 'realism', appId, '--batching', 'off', '--duplicates', 'on')).toEqual({ app_id: appId, batching: false, duplicates: true, out_of_order: true });
    const wrong = await kabarRun(['webhooks', 'realism', appId, '--duplicates', 'yes']);
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toContain('expected on or off');
    expect(await kabar('webhooks', 'realism', appId, '--duplicates', 'off', '--out-of-order', 'off')).toEqual({ app_id: appId, batching: false, duplicates: false, out_of_order: false });
  });

  it("prints a template's history: the app that created it and the operator's review, newest first", async () => {
    const demo = demoFile();
    const created = await fetch(`${demo.baseUrl}/v21.0/${demo.wabaId}/message_templates`, {
      method: 'POST',
      headers: { authorization: `Bearer ${demo.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'cli_history', language: 'id', category: 'UTILITY', components: [{ type: 'BODY', text: 'Halo {{1}}, pesanan Anda sedang kami siapkan dan segera dikirim hari ini.', example: { body_text: [['Siti']] } }] }),
    });
    expect(created.status).toBe(200);
    const { id } = (await created.json()) as { id: string };
    await kabar('templates', 'review', id, '--reject', 'INVALID_FORMAT', '--note', 'Terlalu umum.');
    const history = (await kabar('templates', 'history', id)) as { name: string; data: { version: number; event: string; status: string; note: string | null; author: { kind: string } }[] };
    expect(history.name).toBe('cli_history');
    expect(history.data.map((entry) => [entry.version, entry.event, entry.status, entry.author.kind])).toEqual([
      [1, 'REJECTED', 'REJECTED', 'operator'],
      [1, 'CREATED', 'PENDING', 'app'],
    ]);
    expect(history.data[0]?.note).toBe('Terlalu umum.');
  }, 30_000);

  it('prints the detail of an API error in one line and exits with 1', async () => {
    const send = await kabarRun(['sim', 'send', '--from', 'hello', 'x']);
    expect(send).toMatchObject({ code: 1, stderr: "kabar: (#131009) Parameter value is not valid: 'hello' is not a possible phone number.\n" });
    const advance = await kabarRun(['sim', 'clock', 'advance', 'tomorrow']);
    expect(advance.code).toBe(1);
    expect(advance.stderr).toMatch(/^kabar: \(#131009\) Parameter value is not valid: 'tomorrow' is not [^\n]+\n$/);
  });

  it('says in one line, without a stack, that the port is taken and what to do', async () => {
    const port = new URL(demoFile().baseUrl).port;
    const second = await kabarRun(['start', '--port', port]);
    expect(second.code).not.toBe(0);
    expect(second.stderr).toBe(`kabar: port ${port} is in use: stop the other process or set PORT / --port\n`);
    const listener = await kabarRun(['webhooks', 'listen', '--port', port]);
    expect(listener.code).not.toBe(0);
    expect(listener.stderr).toBe(`kabar: port ${port} is in use: stop the other process or set --port\n`);
  }, 30_000);

  it('names the path it looked in and how to point it at the running Kabar', async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'kabar-cli-elsewhere-'));
    const demoPath = join(elsewhere, 'demo.json');
    try {
      const unreachable = await kabarRun(['sim', 'user', 'list'], { KABAR_DATA_DIR: elsewhere, PORT: String(await closedPort()) });
      expect(unreachable.code).toBe(1);
      expect(unreachable.stderr.trimEnd().split('\n')).toHaveLength(1);
      for (const text of [demoPath, 'KABAR_DATA_DIR', 'KABAR_URL', 'KABAR_ADMIN_TOKEN']) expect(unreachable.stderr).toContain(text);
      const env = await kabarRun(['env'], { KABAR_DATA_DIR: elsewhere });
      expect(env.code).toBe(1);
      for (const text of [demoPath, 'KABAR_DATA_DIR']) expect(env.stderr).toContain(text);
      const demo = demoFile();
      const tokenless = await kabarRun(['sim', 'user', 'list'], { KABAR_DATA_DIR: elsewhere, KABAR_URL: demo.baseUrl });
      expect(tokenless.code).toBe(1);
      for (const text of [demoPath, 'KABAR_ADMIN_TOKEN']) expect(tokenless.stderr).toContain(text);
      const pointed = await kabarRun(['sim', 'user', 'list'], { KABAR_DATA_DIR: elsewhere, KABAR_URL: demo.baseUrl, KABAR_ADMIN_TOKEN: demo.adminToken ?? '' });
      expect(pointed).toMatchObject({ code: 0, stderr: '' });
      const byDirectory = await kabarRun(['env'], { KABAR_DATA_DIR: dataDir });
      expect(byDirectory.stdout).toContain(`export KABAR_URL='${demo.baseUrl}'`);
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  }, 30_000);

  it('lists the environment variables it reads in kabar --help', async () => {
    const { stdout } = await kabarRun(['--help']);
    const environmentSection = stdout.split('\nEnvironment:\n')[1] ?? '';
    for (const name of ['KABAR_DATA_DIR', 'KABAR_URL', 'KABAR_ADMIN_TOKEN', 'KABAR_DATABASE_URL']) expect(environmentSection).toMatch(new RegExp(`^  ${name}\\s`, 'm'));
  });

  it('reuses the same data on a second start', async () => {
    const first = demoFile();
    await stopServer(server);
    ({ child: server } = await startServer());
    const second = demoFile();
    expect({ ...second, baseUrl: '', consoleUrl: '' }).toEqual({ ...first, baseUrl: '', consoleUrl: '' });
    const response = await fetch(`${second.baseUrl}/v21.0/${second.phoneNumberId}`, { headers: { authorization: `Bearer ${second.accessToken}` } });
    expect(response.status).toBe(200);
  }, 30_000);
});

/**
 * `kabar numbers limits|quality-check` against Kabar on each engine (over KABAR_URL), the clock
 * moved over the simulator API: the window's usage and when capacity frees up, to the minute; a
 * quality check on demand that rates the number at once.
 */
for (const dialect of dialects) {
  describe(`kabar numbers limits and quality-check on ${dialect}`, () => {
    let running: RunningKabar;
    const hour = 3_600_000;
    const iso = (at: number): string => new Date(at).toISOString();

    beforeAll(async () => {
      running = await listenKabar(dialect);
    }, 60_000);
    afterAll(async () => {
      await running.close();
      await running.database.cleanup();
    });

    function numbers(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
      return kabarRun(['numbers', ...args], { KABAR_URL: running.baseUrl, KABAR_ADMIN_TOKEN: adminToken, KABAR_DATA_DIR: join(dataDir, 'elsewhere') });
    }

    it('kabar numbers limits prints the usage of the rolling 24 h and when capacity frees up', async () => {
      const trial = await tenant(running, 'Warung CLI');
      await sendToMany(running, trial, 6284600000000, 20);
      await running.advance('3h');
      await sendToMany(running, trial, 6284600001000, 10);
      await running.advance('30m');

      const shown = await numbers('limits', trial.phoneNumberId);
      expect(shown.code, shown.stderr).toBe(0);
      expect(JSON.parse(shown.stdout)).toMatchObject({
        phone_number_id: trial.phoneNumberId,
        policy: '2022-09',
        messaging_limit_tier: 'TIER_50',
        limit: 50,
        unique_recipients_24h: 30,
        unique_recipients_7d: 30,
        free_slots: 20,
        next_release: { at: iso(testEpoch + 24 * hour), slots: 20, in: '20 h 30 min' },
        releases: [
          { by: iso(testEpoch + 24 * hour), slots: 20 },
          { by: iso(testEpoch + 27 * hour), slots: 10 },
        ],
        explanation: '30 of 50 unique customers in the rolling 24 h; 20 free (policy 2022-09).',
      });

      await sendToMany(running, trial, 6284600002000, 20);
      const full = JSON.parse((await numbers('limits', trial.phoneNumberId)).stdout) as Record<string, unknown>;
      expect(full).toMatchObject({ unique_recipients_24h: 50, free_slots: 0, next_release: { slots: 20, in: '20 h 30 min' }, explanation: 'Limit 50 reached; 20 slots free up in 20 h 30 min (policy 2022-09).' });
      await running.advance('1230m');
      expect(JSON.parse((await numbers('limits', trial.phoneNumberId)).stdout)).toMatchObject({ unique_recipients_24h: 30, free_slots: 20, next_release: { at: iso(testEpoch + 27 * hour), slots: 10, in: '3 h' } });
    }, 60_000);

    it('kabar numbers quality-check rates the number at once, with the reasons', async () => {
      const help = await numbers('quality-check', '--help');
      expect(help.stdout).toContain('Usage: kabar numbers quality-check [options] <id>');
      expect(help.stdout).toContain("rate the number's quality now (it is rated again as users react, at most hourly)");

      const number = await tenant(running, 'Toko Cek Kualitas');
      await sendToMany(running, number, 6284700000000, 10);
      for (let index = 0; index < 3; index += 1) await userActs(running, number, 'report', user(6284700000000, index));
      // Without the check, the rating would wait for the next whole hour.
      expect(await graphNumber(running, number, 'quality_rating')).toMatchObject({ quality_rating: 'GREEN' });

      const checked = await numbers('quality-check', number.phoneNumberId);
      expect(checked.code, checked.stderr).toBe(0);
      const explanation = 'score 76/100 (High ≥ 80, Medium ≥ 60): 3 reports (3 in the last 24 h) out of 100 recipients: 3 % weighted (−24)';
      const view = JSON.parse(checked.stdout) as { quality_rating: string; quality: unknown; history: { kind: string; from: string; to: string; cause: string }[] };
      expect(view).toMatchObject({ phone_number_id: number.phoneNumberId, quality_rating: 'YELLOW', status: 'CONNECTED', quality: { score: 76, rating: 'YELLOW', explanation } });
      expect(view.history.find((event) => event.kind === 'quality')).toMatchObject({ from: 'GREEN', to: 'YELLOW', cause: explanation });
      expect(await graphNumber(running, number, 'quality_rating')).toMatchObject({ quality_rating: 'YELLOW' });

      const unknown = await numbers('quality-check', '999999999999999');
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toContain("No phone number with id '999999999999999'");
    }, 60_000);
  });
}
