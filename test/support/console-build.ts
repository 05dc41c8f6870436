import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const webDir = new URL('../../web/', import.meta.url).pathname;
export const consoleDist = join(webDir, 'dist');

function newestSource(directory: string): number {
  let newest = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * The console as `npm ci` built it (the `prepare` script); rebuilt first when a source under web/
 * changed since, so the tests never judge a stale build.
 */
export function ensureConsoleBuilt(): string {
  const index = join(consoleDist, 'index.html');
  const sources = Math.max(newestSource(join(webDir, 'src')), statSync(join(webDir, 'index.html')).mtimeMs, statSync(join(webDir, 'vite.config.ts')).mtimeMs);
  if (!existsSync(index) || statSync(index).mtimeMs < sources) {
    // NODE_ENV=production: under Vitest it is `test`, and Vite would bundle React's development build.
    execFileSync(process.execPath, [join(webDir, '../node_modules/vite/bin/vite.js'), 'build', webDir, '--logLevel', 'warn'], { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  }
  return consoleDist;
}
