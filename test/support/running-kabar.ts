import type { AddressInfo } from 'node:net';
import { startKabar, type TestKabar } from './kabar.js';
import type { TestDatabase } from './databases.js';
import type { SimClock } from '../../src/core/shared/index.js';
import { WebhookSink } from './webhook-sink.js';

/** A Graph call's status and body: a send's wamids, or Graph's error envelope. */
export interface GraphAnswer {
  readonly status: number;
  readonly json: { messages?: { id: string }[]; error?: { code: number; message: string; error_data: { details: string } } };
}

export interface RunningKabar extends TestKabar {
  readonly baseUrl: string;
  /** Calls the admin or simulator API over real HTTP. */
  operator(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown>;
  /** Calls the Graph API (`/v21.0…`) over real HTTP with the demo token, whatever it answers. */
  graph(method: 'GET' | 'POST', path: string, body?: unknown): Promise<GraphAnswer>;
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
    async graph(method, path, body) {
      const response = await fetch(`${baseUrl}/v21.0${path}`, {
        method,
        headers: { ...started.auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: response.status, json: (await response.json()) as GraphAnswer['json'] };
    },
  };
}

/** Kabar listening on a loopback port with a webhook receiver subscribed to the demo WABA; `close` stops both and drops the database. */
export async function listenKabarWithSink(dialect: 'sqlite' | 'postgres'): Promise<{ running: RunningKabar; sink: WebhookSink; close(): Promise<void> }> {
  const running = await listenKabar(dialect);
  const sink = await WebhookSink.start();
  await running.subscribe(sink);
  return {
    running,
    sink,
    async close() {
      await running.close();
      await sink.close();
      await running.database.cleanup();
    },
  };
}
