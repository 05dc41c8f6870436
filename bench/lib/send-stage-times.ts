/**
 * `BENCH_STAGE_TIMES=1`: where a send's time goes inside Kabar, over the measured run only.
 *
 * - `send_in_kabar`: from the request's first hook (its head and body read) to its answer written
 *   to the socket;
 * - `send_handler`: from the route's handler starting to its answer ready, that is the send's own
 *   work and the wait for its group commit.
 *
 * The load generator's latency less `send_in_kabar` is what a request spent in the kernel and in
 * the load generator, and waiting for the event loop to read it.
 */
import { createHistogram, type RecordableHistogram } from 'node:perf_hooks';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { histogramFigures, type MeasuredRun } from './protocol.js';

function isSend(request: FastifyRequest): boolean {
  return request.method === 'POST' && (request.routeOptions.url?.endsWith('/messages') ?? false);
}

export function sendStageTimes(app: FastifyInstance): MeasuredRun {
  const inKabar = createHistogram();
  const handler = createHistogram();
  const received = new WeakMap<FastifyRequest, number>();
  const handled = new WeakMap<FastifyRequest, number>();
  let measuring = false;
  // Nanoseconds, as the event loop's delay is kept, and at least 1: a histogram records positive integers.
  const record = (histogram: RecordableHistogram, since: number | undefined): void => {
    if (since !== undefined) histogram.record(Math.max(1, Math.round((performance.now() - since) * 1e6)));
  };
  // Callback hooks, not async ones: a promise per hook would add to what is measured.
  app.addHook('onRequest', (request, _reply, done) => {
    if (measuring && isSend(request)) received.set(request, performance.now());
    done();
  });
  app.addHook('preHandler', (request, _reply, done) => {
    if (received.has(request)) handled.set(request, performance.now());
    done();
  });
  app.addHook('onSend', (request, _reply, payload, done) => {
    record(handler, handled.get(request));
    done(null, payload);
  });
  app.addHook('onResponse', (request, _reply, done) => {
    record(inKabar, received.get(request));
    done();
  });
  return {
    start() {
      inKabar.reset();
      handler.reset();
      measuring = true;
    },
    end() {
      measuring = false;
      return { ...histogramFigures('send_in_kabar', inKabar), ...histogramFigures('send_handler', handler) };
    },
  };
}
