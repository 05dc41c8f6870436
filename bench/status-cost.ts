/**
 * `npx tsx bench/status-cost.ts`: the CPU cost of the 1,000-recipient workload's two halves, in one
 * process, in CPU time (so it means something on a busy machine too). Kabar with the demo seeded,
 * the number at UNLIMITED, 500 of 1,000 users writing in; then sends through `app.inject` at 50 in
 * flight with the simulated clock frozen (CPU per send: the route, its commit, the planning of
 * statuses), then the clock advanced past every planned status (CPU per status applied). A last
 * round of both is run under V8's sampling heap profiler for the bytes each allocates, garbage
 * included: unlike CPU time, that figure hardly moves with the machine's speed.
 *
 *   BENCH_STATUS_SENDS   sends measured (default 10000; as many again warm up first)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../src/server/index.js';
import { SimClock } from '../src/core/shared/index.js';

/** Bytes allocated while `run` runs, sampled about every 4 KiB, counting what the GC already collected. */
async function allocatedDuring<Result>(run: () => Promise<Result>): Promise<{ readonly bytes: number; readonly result: Result }> {
  const session = new Session();
  session.connect();
  try {
    // V8 keeps collected objects in the profile only when asked; Node's types do not list the fields yet.
    const sampling = { samplingInterval: 4_096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true };
    await session.post('HeapProfiler.startSampling', sampling);
    const result = await run();
    const { profile } = await session.post('HeapProfiler.stopSampling');
    let bytes = 0;
    const nodes = [profile.head];
    for (let node = nodes.pop(); node !== undefined; node = nodes.pop()) {
      bytes += node.selfSize;
      nodes.push(...node.children);
    }
    return { bytes, result };
  } finally {
    session.disconnect();
  }
}

const sends = Number(process.env['BENCH_STATUS_SENDS'] ?? 10_000);
const inFlight = 50;
const dataDir = mkdtempSync(join(tmpdir(), 'kabar-bench-status-cost-'));
const kabar = await buildApp({ dataDir, clock: SimClock.frozenAt(Date.now()) });
try {
  const demo = await kabar.services.ensureDemo(undefined);
  const admin = { authorization: `Bearer ${kabar.adminToken ?? ''}` };
  const expectOk = (what: string, response: { statusCode: number; body: string }): void => {
    if (response.statusCode !== 200) throw new Error(`${what} answered ${response.statusCode}: ${response.body}`);
  };
  expectOk('the throughput level', await kabar.app.inject({ method: 'POST', url: `/admin/phone_numbers/${demo.phoneNumberId}/throughput`, headers: admin, payload: { level: 'UNLIMITED' } }));
  const user = (index: number): string => `1555701${String(index).padStart(4, '0')}`;
  for (let index = 0; index < 500; index += 1) {
    expectOk('a user writing in', await kabar.app.inject({ method: 'POST', url: '/sim/messages', headers: admin, payload: { from: user(index), text: 'Hi, where is my order?' } }));
  }
  // Inside and outside the window in turn, as bench/run.ts sends them.
  const bodies = Array.from({ length: 1_000 }, (_, index) =>
    JSON.stringify({ messaging_product: 'whatsapp', recipient_type: 'individual', to: user(index % 2 === 0 ? index / 2 : 500 + (index - 1) / 2), type: 'text', text: { body: 'Benchmark: your order #4711 has shipped and arrives tomorrow.' } }),
  );
  const sendAll = async (): Promise<void> => {
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < sends) {
        const payload = bodies[next % bodies.length] ?? '';
        next += 1;
        const response = await kabar.app.inject({ method: 'POST', url: `/v21.0/${demo.phoneNumberId}/messages`, headers: { authorization: `Bearer ${demo.accessToken}`, 'content-type': 'application/json' }, payload });
        expectOk('a send', response);
      }
    };
    await Promise.all(Array.from({ length: inFlight }, lane));
  };
  const tenMinutes = 600_000;
  // Warm-up: the same sends and their statuses, so that caches and compiled statements are in place.
  await sendAll();
  await kabar.services.advanceClock(tenMinutes);
  const sendCpu = process.cpuUsage();
  await sendAll();
  await kabar.services.committer.drain();
  const sent = process.cpuUsage(sendCpu);
  const applyCpu = process.cpuUsage();
  const { statusesApplied } = await kabar.services.advanceClock(tenMinutes);
  const applied = process.cpuUsage(applyCpu);
  const micros = (usage: NodeJS.CpuUsage, count: number): string => `${Math.round((usage.user + usage.system) / count)} µs (user ${Math.round(usage.user / count)} µs)`;
  process.stdout.write(`CPU per send: ${micros(sent, sends)} over ${sends} sends\nCPU per status applied: ${micros(applied, statusesApplied)} over ${statusesApplied} statuses\n`);
  // Sampling costs CPU of its own, so the bytes come from a round of their own.
  const sending = await allocatedDuring(async () => {
    await sendAll();
    await kabar.services.committer.drain();
  });
  const applying = await allocatedDuring(() => kabar.services.advanceClock(tenMinutes));
  const perEach = (bytes: number, count: number): string => `${Math.round(bytes / count).toLocaleString('en-US')} bytes`;
  process.stdout.write(
    `Allocated per send: ${perEach(sending.bytes, sends)}\nAllocated per status applied: ${perEach(applying.bytes, applying.result.statusesApplied)} over ${applying.result.statusesApplied} statuses\n`,
  );
} finally {
  await kabar.services.close();
  rmSync(dataDir, { recursive: true, force: true });
}
