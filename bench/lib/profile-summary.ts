/** Reduces a V8 .cpuprofile (node --cpu-prof) to where the time went: by area, by function, inclusive. */
import { readFileSync } from 'node:fs';

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
}

interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
  readonly startTime: number;
  readonly endTime: number;
}

export interface ProfileLine {
  readonly name: string;
  readonly ms: number;
  readonly share: number;
}

export interface ProfileSummary {
  readonly file: string;
  readonly totalMs: number;
  /** Time not idle: what the server's core actually spent. */
  readonly busyMs: number;
  readonly byArea: readonly ProfileLine[];
  readonly selfByFunction: readonly ProfileLine[];
  readonly inclusiveByFunction: readonly ProfileLine[];
  /** Self time charged to the innermost Kabar (src/) function on the stack, else to the leaf's area. */
  readonly byKabarFunction: readonly ProfileLine[];
}

const specialFrames = new Set(['(idle)', '(garbage collector)', '(program)', '(root)']);

/** Which package or Kabar layer a frame belongs to. */
function areaOf(frame: CallFrame): string {
  if (specialFrames.has(frame.functionName)) return frame.functionName;
  const { url } = frame;
  if (url === '') return '(native)';
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0] ?? ''}`;
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const parts = url.slice(modules + '/node_modules/'.length).split('/');
    return (parts[0] ?? '').startsWith('@') ? `${parts[0]}/${parts[1] ?? ''}` : (parts[0] ?? url);
  }
  const source = /\/(src|bench)\/(.+)$/.exec(url);
  if (source !== null) return `${source[1]}/${(source[2] ?? '').split('/').slice(0, -1).join('/') || '.'}`;
  return url;
}

function labelOf(frame: CallFrame): string {
  if (specialFrames.has(frame.functionName) || frame.url === '') return frame.functionName || '(anonymous)';
  const file = frame.url.replace(/^.*\/node_modules\//, '').replace(/^file:\/\/.*\/(src|bench)\//, '$1/');
  return `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}`;
}

function top(totals: Map<string, number>, busyMs: number, count: number): ProfileLine[] {
  return [...totals.entries()]
    .sort((left, right) => right[1] - left[1])
    .slice(0, count)
    .map(([name, ms]) => ({ name, ms: Math.round(ms), share: busyMs === 0 ? 0 : ms / busyMs }));
}

export function summariseProfile(file: string, count = 25): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map<number, ProfileNode>();
  const parent = new Map<number, number>();
  for (const node of profile.nodes) {
    byId.set(node.id, node);
    for (const child of node.children ?? []) parent.set(child, node.id);
  }
  const selfTime = new Map<number, number>();
  for (let index = 0; index < profile.samples.length; index += 1) {
    const id = profile.samples[index] ?? -1;
    // Each delta is the time since the previous sample; charge it to this sample.
    selfTime.set(id, (selfTime.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000);
  }
  const byArea = new Map<string, number>();
  const selfByFunction = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const byKabarFunction = new Map<string, number>();
  let totalMs = 0;
  let idleMs = 0;
  for (const [id, ms] of selfTime) {
    const node = byId.get(id);
    if (node === undefined) continue;
    totalMs += ms;
    if (node.callFrame.functionName === '(idle)') {
      idleMs += ms;
      continue;
    }
    const area = areaOf(node.callFrame);
    byArea.set(area, (byArea.get(area) ?? 0) + ms);
    const label = labelOf(node.callFrame);
    selfByFunction.set(label, (selfByFunction.get(label) ?? 0) + ms);
    let kabarFrame: string | undefined;
    for (let current: number | undefined = id; current !== undefined && kabarFrame === undefined; current = parent.get(current)) {
      const frame = byId.get(current)?.callFrame;
      if (frame !== undefined && /\/src\//.test(frame.url) && !frame.url.includes('/node_modules/')) kabarFrame = labelOf(frame).replace(/:\d+$/, '');
    }
    const owner = kabarFrame ?? `(no Kabar frame) ${area}`;
    byKabarFunction.set(owner, (byKabarFunction.get(owner) ?? 0) + ms);
    const seen = new Set<string>();
    for (let current: number | undefined = id; current !== undefined; current = parent.get(current)) {
      const frame = byId.get(current)?.callFrame;
      if (frame === undefined || specialFrames.has(frame.functionName)) continue;
      const name = labelOf(frame);
      if (seen.has(name)) continue;
      seen.add(name);
      inclusive.set(name, (inclusive.get(name) ?? 0) + ms);
    }
  }
  const busyMs = totalMs - idleMs;
  return {
    file,
    totalMs: Math.round(totalMs),
    busyMs: Math.round(busyMs),
    byArea: top(byArea, busyMs, count),
    selfByFunction: top(selfByFunction, busyMs, count),
    inclusiveByFunction: top(inclusive, busyMs, count),
    byKabarFunction: top(byKabarFunction, busyMs, count),
  };
}

export function formatProfile(summary: ProfileSummary): string {
  const section = (title: string, lines: readonly ProfileLine[]): string =>
    [`${title}`, ...lines.map((line) => `  ${(line.share * 100).toFixed(1).padStart(5)}%  ${String(line.ms).padStart(7)} ms  ${line.name}`)].join('\n');
  return [
    `CPU profile ${summary.file}: ${summary.totalMs} ms sampled, ${summary.busyMs} ms busy (shares below are of busy time)`,
    section('Self time by area:', summary.byArea),
    section('Self time by function:', summary.selfByFunction),
    section('Inclusive time by function (synchronous stacks only):', summary.inclusiveByFunction),
    section('Self time charged to the innermost Kabar function on the stack (after an await, the stack holds only the continuation):', summary.byKabarFunction),
  ].join('\n\n');
}
