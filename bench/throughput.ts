/**
 * The CPU cost of the throughput stage per send: the in-memory budgets (a number at STANDARD, the
 * pair rate limit to each user) taken for sends spread over 100,000 distinct recipients, with the
 * clock moving 12.5 ms per send so that every take succeeds (the common case), and once more with
 * the number held at its rate so that most takes are refused (the cost of a 130429 answer).
 *
 *   BENCH_THROUGHPUT_RECIPIENTS   distinct recipients (default 100000)
 *   BENCH_THROUGHPUT_TAKES        takes per scenario (default 2000000)
 */
import { InMemorySendBudgets } from '../src/core/throughput/index.js';

const recipients = Number(process.env['BENCH_THROUGHPUT_RECIPIENTS'] ?? 100_000);
const takes = Number(process.env['BENCH_THROUGHPUT_TAKES'] ?? 2_000_000);
const waIds = Array.from({ length: recipients }, (_, index) => String(6281_000_000_000 + index));

function run(label: string, stepMs: number): void {
  const budgets = new InMemorySendBudgets();
  let now = Date.UTC(2026, 10, 25, 9, 0, 0);
  // Warm-up: every recipient has a pair entry, as after a campaign's first pass.
  for (const waId of waIds) {
    budgets.takeNow({ phoneNumberId: '106540352242922', waId, level: 'STANDARD', now });
    now += 12.5;
  }
  let refused = 0;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  for (let index = 0; index < takes; index += 1) {
    const verdict = budgets.takeNow({ phoneNumberId: '106540352242922', waId: waIds[index % recipients] ?? '', level: 'STANDARD', now });
    if (!verdict.ok) refused += 1;
    now += stepMs;
  }
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuNsPerTake = ((cpu.user + cpu.system) * 1_000) / takes;
  process.stdout.write(
    `${label}: ${takes.toLocaleString('en-US')} takes over ${recipients.toLocaleString('en-US')} recipients, ${refused.toLocaleString('en-US')} refused; ` +
      `${cpuNsPerTake.toFixed(0)} ns CPU per take (${((wallMs * 1e6) / takes).toFixed(0)} ns wall); ${budgets.pairsHeld.toLocaleString('en-US')} pairs held\n`,
  );
}

run('every take fits (12.5 ms apart)', 12.5);
run('number at its rate (1 ms apart, most refused with 130429)', 1);
