/**
 * `tsx bench/admission.ts` (the last part of `npm run bench`): the messaging-limit admission stage
 * called directly, its CPU per send with 100,000 distinct recipients in the rolling window — sends to
 * customers already in it, sends refused at a full TIER_100K, new customers admitted on an unlimited
 * number — and the time to replay 7 days of quality signals for 1,000 numbers through the quality
 * model. See docs/benchmarks.md ("Limits and quality").
 *
 * Environment: BENCH_ADMISSION_SENDS (default 200000 per scenario), BENCH_QUALITY_NUMBERS (default 1000).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PhoneNumber, Principal } from '../src/core/accounts/index.js';
import type { FeedbackKind } from '../src/core/feedback/index.js';
import { assessQuality, defaultQuality, LimitsEngine, type QualitySignals } from '../src/core/limits/index.js';
import type { MessageRecord, SendContext } from '../src/core/messaging/index.js';
import { defaultBusinessPolicy } from '../src/core/policy/index.js';
import { repoRoot } from './lib/server-process.js';

const sends = Number(process.env['BENCH_ADMISSION_SENDS'] ?? 200_000);
const qualityNumbers = Number(process.env['BENCH_QUALITY_NUMBERS'] ?? 1_000);
const inWindow = 100_000;
const target = { admissionCpuMicrosPerSend: 10 };
const start = Date.UTC(2026, 10, 26, 9, 0, 0);
const hour = 3_600_000;

const counts = (): Record<FeedbackKind, number> => ({ block: 0, unblock: 0, report: 0, stop_marketing: 0, resume_marketing: 0, reply: 0, read: 0 });
const engine = new LimitsEngine({
  accounts: {} as never,
  ids: { key: () => 'k', nodeId: () => '1' },
  targets: { forWaba: () => Promise.resolve([]) },
  policyOf: () => Promise.resolve(defaultBusinessPolicy),
  feedback: { countByKind: () => Promise.resolve(counts()) },
  templateQuality: () => Promise.resolve({ low: 0, medium: 0 }),
});

function numberAt(id: string, tier: PhoneNumber['messagingLimitTier']): PhoneNumber {
  return {
    id, wabaId: 'w', businessId: `b${id}`, phoneNumber: '15550000000', verifiedName: 'Bench', qualityRating: 'GREEN', status: 'CONNECTED', codeVerificationStatus: 'VERIFIED',
    nameStatus: 'APPROVED', newVerifiedName: null, newNameStatus: 'NONE', messagingLimitTier: tier, throughputLevel: 'STANDARD', maintenanceUntil: null, registered: true, pinHash: null, commerceReview: 'passed',
    isOfficialBusinessAccount: false, migratedFrom: null, dataLocalizationRegion: null, lastOnboardedAt: start, createdAt: start,
  };
}

const message = { key: 'k', waId: '' } as unknown as MessageRecord;
const principal = {} as Principal;
function context(number: PhoneNumber, waId: string, now: number): SendContext {
  return { principal, number, message: { ...message, waId }, body: {} as SendContext['body'], window: { open: false, reason: 'never_opened' }, plan: [], now };
}

const recipient = (index: number): string => String(6_280_000_000_000 + index);
const full = numberAt('100', 'TIER_100K');
const unlimited = numberAt('200', 'TIER_UNLIMITED');
for (const number of [full, unlimited]) {
  engine.escalationCommitted({ phoneNumberId: number.id, businessId: number.businessId, kind: 'agent_handover', value: 'bench', declaredAt: start });
}

/** Fills each number's window with 100,000 distinct recipients over the last 23 hours. */
async function fill(number: PhoneNumber): Promise<void> {
  for (let index = 0; index < inWindow; index += 1) {
    const verdict = await engine.admission.check(context(number, recipient(index), start + Math.floor((index * 23 * hour) / inWindow)));
    if (verdict.outcome !== 'continue') throw new Error(`filling refused at ${index}`);
  }
}

async function measure(label: string, number: PhoneNumber, pick: (index: number) => string, expect: 'continue' | 'refuse'): Promise<{ label: string; microsPerSend: number; wallMicrosPerSend: number }> {
  const now = start + 23 * hour + 1;
  const before = process.cpuUsage();
  const wall = process.hrtime.bigint();
  for (let index = 0; index < sends; index += 1) {
    const verdict = await engine.admission.check(context(number, pick(index), now));
    if (verdict.outcome !== expect) throw new Error(`${label}: expected ${expect}, got ${verdict.outcome}`);
  }
  const cpu = process.cpuUsage(before);
  const elapsed = Number(process.hrtime.bigint() - wall) / 1_000;
  return { label, microsPerSend: (cpu.user + cpu.system) / sends, wallMicrosPerSend: elapsed / sends };
}

/** 7 days of blocks, reports and opt-outs for each number, assessed hourly as the timers would. */
function replayQuality(): { numbers: number; events: number; assessments: number; seconds: number } {
  let seed = 7;
  const random = (): number => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  const hours = 7 * 24;
  let events = 0;
  let assessments = 0;
  const began = process.hrtime.bigint();
  for (let number = 0; number < qualityNumbers; number += 1) {
    // Signals per hour for this number; the model reads the last 24 h fully and the rest of the week at half.
    const blocks = new Int32Array(hours);
    const reports = new Int32Array(hours);
    const optOuts = new Int32Array(hours);
    const badness = random() * 0.05;
    for (let hourIndex = 0; hourIndex < hours; hourIndex += 1) {
      const sent = 50;
      for (let user = 0; user < sent; user += 1) {
        const draw = random();
        if (draw < badness) blocks[hourIndex] = (blocks[hourIndex] ?? 0) + 1;
        else if (draw < badness * 1.3) reports[hourIndex] = (reports[hourIndex] ?? 0) + 1;
        else if (draw < badness * 2) optOuts[hourIndex] = (optOuts[hourIndex] ?? 0) + 1;
      }
      events += (blocks[hourIndex] ?? 0) + (reports[hourIndex] ?? 0) + (optOuts[hourIndex] ?? 0);
    }
    const sum = (series: Int32Array, from: number, to: number): number => {
      let total = 0;
      for (let index = Math.max(0, from); index < to; index += 1) total += series[index] ?? 0;
      return total;
    };
    for (let now = 1; now <= hours; now += 1) {
      const split = (series: Int32Array) => ({ recent: sum(series, now - 24, now), earlier: sum(series, 0, now - 24) });
      const signals: QualitySignals = {
        recipients: 50 * now, sends: 50 * now, blocks: split(blocks), reports: split(reports), optOuts: split(optOuts),
        templates: { low: 0, medium: 0 }, customerMessages: 0, answeredLate: 0, escalationPathMissing: false,
      };
      assessQuality(signals, defaultQuality);
      assessments += 1;
    }
  }
  return { numbers: qualityNumbers, events, assessments, seconds: Number(process.hrtime.bigint() - began) / 1e9 };
}

process.stdout.write(`Admission: filling two windows with ${inWindow.toLocaleString('en-US')} distinct recipients… `);
await fill(full);
await fill(unlimited);
process.stdout.write('done\n');
const results = [
  await measure('customer already in the window (TIER_100K, 100,000 in it)', full, (index) => recipient(index % inWindow), 'continue'),
  await measure('new customer refused (TIER_100K full, 131048)', full, (index) => recipient(inWindow + index), 'refuse'),
  await measure('new customer admitted (TIER_UNLIMITED, 100,000+ in it)', unlimited, (index) => recipient(inWindow + index), 'continue'),
];
for (const result of results) {
  const met = result.microsPerSend <= target.admissionCpuMicrosPerSend;
  process.stdout.write(`  ${result.label}: ${result.microsPerSend.toFixed(2)} µs CPU per send (${result.wallMicrosPerSend.toFixed(2)} µs wall) — target ≤ ${target.admissionCpuMicrosPerSend} µs ${met ? 'met' : 'NOT met'}\n`);
}
const quality = replayQuality();
process.stdout.write(
  `Quality: replayed 7 days of signals for ${quality.numbers.toLocaleString('en-US')} numbers (${quality.events.toLocaleString('en-US')} signals, ${quality.assessments.toLocaleString('en-US')} hourly assessments) in ${quality.seconds.toFixed(2)} s\n`,
);
const resultsDirectory = join(repoRoot, 'bench', 'results');
mkdirSync(resultsDirectory, { recursive: true });
const report = { date: new Date().toISOString(), node: process.version, commit: execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim(), sends, inWindow, target, admission: results, quality };
writeFileSync(join(resultsDirectory, 'admission.json'), `${JSON.stringify(report, null, 2)}\n`);
process.stdout.write('Results written to bench/results/admission.json\n');
