import type { AddressInfo } from 'node:net';
import { startKabar, type TestKabar } from './kabar.js';
import type { TestDatabase } from './databases.js';
import type { SimClock } from '../../src/core/shared/index.js';

export interface RunningKabar extends TestKabar {
  readonly baseUrl: string;
  /** Calls the admin or simulator API over real HTTP. */
  operator(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown>;
}

/** Kabar listening on a loopback port, for clients that speak real HTTP. */
export async function listenKabar(dialect: 'sqlite' | 'postgres', database?: TestDatabase, clock?: SimClock): Promise<RunningKabar> {
  const started = await startKabar(dialect, database, clock);
  await started.kabar.app.listen({ port: 0, host: '127.0.0.1' });
  const baseUrl = `http://127.0.0.1:${(started.kabar.app.server.address() as AddressInfo).port}`;
  return {
    ...started,
    baseUrl,
    async operator(method, path, body) {
      const response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: { ...started.admin, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
      return response.json();
    },
  };
}
