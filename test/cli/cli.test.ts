import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoFile } from '../../src/cli/config.js';

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
    const inbox = (await kabar('sim', 'inbox', '15550100001')) as { data: { text: { body: string }; status: string }[] };
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
  }, 30_000);

  it('reuses the same data on a second start', async () => {
    const first = demoFile();
    await stopServer(server);
    ({ child: server } = await startServer());
    const second = demoFile();
    expect({ ...second, baseUrl: '' }).toEqual({ ...first, baseUrl: '' });
    const response = await fetch(`${second.baseUrl}/v21.0/${second.phoneNumberId}`, { headers: { authorization: `Bearer ${second.accessToken}` } });
    expect(response.status).toBe(200);
  }, 30_000);
});
