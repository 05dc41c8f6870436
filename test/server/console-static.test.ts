import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type KabarApp } from '../../src/server/index.js';
import { SimClock } from '../../src/core/shared/index.js';
import { testEpoch } from '../support/kabar.js';

describe('the console’s files beside the Graph routes', () => {
  let kabar: KabarApp;
  let directory: string;
  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'kabar-console-'));
    mkdirSync(join(directory, 'dist', 'assets'), { recursive: true });
    writeFileSync(join(directory, 'dist', 'index.html'), '<!doctype html><title>Kabar</title>');
    writeFileSync(join(directory, 'dist', 'assets', 'index-abc123.js'), 'console.log(1)');
    writeFileSync(join(directory, 'secret.txt'), 'not for the web');
    kabar = await buildApp({ dataDir: directory, clock: SimClock.frozenAt(testEpoch), pollIntervalMs: 0, adminToken: 'operator', consoleDir: join(directory, 'dist') });
  });
  afterAll(async () => {
    await kabar.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('serves the app at / and at every /console page, framed by no one', async () => {
    for (const url of ['/', '/console', '/console/messages', '/console/invitation']) {
      const page = await kabar.app.inject({ method: 'GET', url });
      expect(page.statusCode, url).toBe(200);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(page.body).toContain('<title>Kabar</title>');
    }
  });

  it('serves hashed assets for a year, and nothing outside the build', async () => {
    const asset = await kabar.app.inject({ method: 'GET', url: '/console/assets/index-abc123.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toMatch(/^text\/javascript/);
    expect(asset.headers['cache-control']).toContain('immutable');
    expect((await kabar.app.inject({ method: 'GET', url: '/console/assets/missing.js' })).statusCode).toBe(404);
    expect((await kabar.app.inject({ method: 'GET', url: '/console/assets/../../secret.txt' })).body).not.toContain('not for the web');
    expect((await kabar.app.inject({ method: 'GET', url: '/console/assets/%2e%2e/%2e%2e/secret.txt' })).body).not.toContain('not for the web');
  });

  it('leaves Graph paths to the Graph API: ids, versions and the versioned root', async () => {
    for (const url of ['/v21.0/', '/v21.0', '/123456789', '/v21.0/123456789']) {
      const answer = await kabar.app.inject({ method: 'GET', url });
      expect(answer.headers['content-type'], url).toMatch(/^application\/json/);
      expect(answer.statusCode, url).toBeGreaterThanOrEqual(400);
    }
  });
});
