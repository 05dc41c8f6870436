/** Starts a bench server in its own Node process, optionally pinned to one core, and stops it. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { measureEndLine, measureStartLine, parseReady, parseStats, type ReadyInfo, type ServerStats } from './protocol.js';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface Pinning {
  /** Core for the server children, or undefined to leave them unpinned. */
  readonly serverCore: number | undefined;
  readonly loadCore: number | undefined;
  readonly warning: string | undefined;
}

function hasTaskset(): boolean {
  const probe = spawnSync('taskset', ['--version'], { stdio: 'ignore' });
  return probe.error === undefined && probe.status === 0;
}

/**
 * Pins this process (the load generator, every thread) to core 0 and plans core 1 for the servers;
 * without taskset or a second core, everything runs unpinned and the caller prints the warning.
 */
export function pinLoadGenerator(cpuCount: number): Pinning {
  if (!hasTaskset()) {
    return { serverCore: undefined, loadCore: undefined, warning: 'taskset (util-linux) was not found: server and load generator run unpinned and share the cores.' };
  }
  if (cpuCount < 2) {
    return { serverCore: undefined, loadCore: undefined, warning: `only ${cpuCount} CPU is available: server and load generator share it.` };
  }
  const pinned = spawnSync('taskset', ['-a', '-p', '-c', '0', String(process.pid)], { stdio: 'ignore' });
  if (pinned.status !== 0) {
    return { serverCore: undefined, loadCore: undefined, warning: 'taskset could not pin the load generator: running unpinned.' };
  }
  return { serverCore: 1, loadCore: 0, warning: undefined };
}

export interface RunningServer {
  readonly ready: ReadyInfo;
  readonly url: string;
  readonly pid: number;
  /** Tells the server the measured run starts or ends (it then measures its event-loop delay). */
  mark(phase: 'start' | 'end'): void;
  /** Asks the server to stop and resolves with the figures it reported on the way out. */
  stop(): Promise<ServerStats>;
}

export interface StartOptions {
  readonly pinning: Pinning;
  /** Extra Node flags for the child, e.g. --cpu-prof. */
  readonly nodeFlags?: readonly string[];
  readonly readyTimeoutMs?: number;
}

const running = new Set<ChildProcess>();

/** Children must not outlive the run, whatever ends it. */
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** The newest modification time of the TypeScript files under a folder. */
function newestSource(folder: string): number {
  let newest = 0;
  for (const entry of readdirSync(folder, { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

let sourceChangedAt: number | undefined;

/**
 * How a bench server runs: compiled, from dist/ (`npm ci` and `npm run build` make it), as `npm start`
 * runs Kabar; through tsx only where there is no build. A build older than the source is refused,
 * since it would measure code that is no longer there.
 */
function serverScript(name: string): string[] {
  const compiled = join(repoRoot, 'dist', 'bench', 'servers', `${name}.js`);
  if (!existsSync(compiled)) return ['--import', 'tsx', `bench/servers/${name}.ts`];
  const builtAt = statSync(compiled).mtimeMs;
  // The source does not change during a run: it is read once, not for every server started.
  sourceChangedAt ??= Math.max(newestSource(join(repoRoot, 'src')), newestSource(join(repoRoot, 'bench', 'servers')), newestSource(join(repoRoot, 'bench', 'lib')));
  if (sourceChangedAt > builtAt) throw new Error(`${compiled} is older than the source: run \`npm run build\` before the bench`);
  return [compiled];
}

export function startServer(name: string, options: StartOptions): Promise<RunningServer> {
  const nodeArgs = [...(options.nodeFlags ?? []), ...serverScript(name)];
  const [command, args] =
    options.pinning.serverCore === undefined
      ? [process.execPath, nodeArgs]
      : ['taskset', ['-c', String(options.pinning.serverCore), process.execPath, ...nodeArgs]];
  const child = spawn(command, args, { cwd: repoRoot, stdio: ['pipe', 'pipe', 'inherit'] });
  running.add(child);
  const lines = createInterface({ input: child.stdout });
  let stats: ServerStats = {};
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      running.delete(child);
      resolve();
    });
  });

  return new Promise<RunningServer>((resolve, reject) => {
    const timeout = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} did not print its ready line within ${options.readyTimeoutMs ?? 30_000} ms`));
    }, options.readyTimeoutMs ?? 30_000);
    child.once('exit', (code, signal) => {
      clearTimeout(timeout);
      reject(new Error(`${name} exited before it was ready (code ${String(code)}, signal ${String(signal)})`));
    });
    lines.on('line', (line) => {
      const parsedStats = parseStats(line);
      if (parsedStats !== undefined) {
        stats = parsedStats;
        return;
      }
      const ready = parseReady(line);
      if (ready === undefined) {
        process.stderr.write(`[${name}] ${line}\n`);
        return;
      }
      clearTimeout(timeout);
      const pid = child.pid ?? -1;
      resolve({
        ready,
        pid,
        url: `http://127.0.0.1:${ready.port}`,
        mark(phase) {
          child.stdin?.write(`${phase === 'start' ? measureStartLine : measureEndLine}\n`);
        },
        async stop() {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
          await exited;
          clearTimeout(killer);
          return stats;
        },
      });
    });
  });
}
