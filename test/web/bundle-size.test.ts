import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ensureConsoleBuilt } from '../support/console-build.js';

/** The JavaScript a browser loads before the first page shows: the entry script and what it preloads. */
function initialScripts(dist: string): string[] {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const sources = [...html.matchAll(/<script[^>]+src="([^"]+\.js)"/g), ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"/g)].map((match) => match[1] ?? '');
  return [...new Set(sources)].map((source) => join(dist, source.replace(/^\/console\//, '')));
}

describe('the console build', () => {
  it('loads under 300 KB of gzipped JavaScript before the first page, the pages themselves loaded lazily', { timeout: 120_000 }, () => {
    const dist = ensureConsoleBuilt();
    const scripts = initialScripts(dist);
    expect(scripts.length).toBeGreaterThan(0);
    const gzipped = scripts.reduce((total, path) => total + gzipSync(readFileSync(path)).length, 0);
    expect(gzipped).toBeLessThan(300 * 1024);
    const html = readFileSync(join(dist, 'index.html'), 'utf8');
    for (const page of ['overview', 'simulator', 'messages', 'numbers', 'templates', 'contacts', 'settings']) expect(html).not.toContain(`/${page}-`);
  });
});
