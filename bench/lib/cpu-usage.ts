/** CPU time of a process (all its threads) from /proc, to tell a saturated server from a saturated load generator. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

let ticksPerSecond: number | undefined;

function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    const probe = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
    const value = Number(probe.stdout?.trim());
    ticksPerSecond = Number.isFinite(value) && value > 0 ? value : 100;
  }
  return ticksPerSecond;
}

/** User + system CPU milliseconds consumed so far by `pid`, or undefined where /proc is missing. */
export function processCpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? (ticks * 1000) / clockTicks() : undefined;
  } catch {
    return undefined;
  }
}

/** Busy CPU milliseconds of the whole machine (all cores, steal included), from /proc/stat. */
export function machineBusyMs(): number | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
    const ticks = [user, nice, system, irq, softirq, steal].reduce<number>((sum, value) => sum + (value ?? 0), 0);
    return Number.isFinite(ticks) ? (ticks * 1000) / clockTicks() : undefined;
  } catch {
    return undefined;
  }
}

export interface CpuShares {
  /** Share of one core used by each of the watched processes. */
  readonly processes: (number | null)[];
  /** Share of one core used by everything else on the machine (other work, the hypervisor's steal). */
  readonly other: number | null;
}

/** Measures how much CPU `pids` and everything else used while `work` ran. */
export async function cpuSharesDuring<Value>(pids: readonly number[], work: () => Promise<Value>): Promise<{ value: Value; shares: CpuShares }> {
  const before = pids.map(processCpuMs);
  const machineBefore = machineBusyMs();
  const started = performance.now();
  const value = await work();
  const elapsed = performance.now() - started;
  const machineAfter = machineBusyMs();
  const processes = pids.map((pid, index) => {
    const first = before[index];
    const last = processCpuMs(pid);
    return first === undefined || last === undefined || elapsed <= 0 ? null : (last - first) / elapsed;
  });
  const ours = processes.reduce<number | null>((sum, share) => (sum === null || share === null ? null : sum + share), 0);
  const other =
    machineBefore === undefined || machineAfter === undefined || ours === null || elapsed <= 0 ? null : Math.max(0, (machineAfter - machineBefore) / elapsed - ours);
  return { value, shares: { processes, other } };
}
