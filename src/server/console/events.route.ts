import type { FastifyInstance } from 'fastify';
import type { Actor } from '../../core/access/index.js';
import type { KabarServices } from '../services.js';
import { actorOf } from '../access/scope.js';
import type { Change } from './change-feed.js';

const heartbeatMs = 15_000;

function visibleTo(actor: Actor, change: Change): boolean {
  return actor.kind === 'operator' || change.businessId === null || change.businessId === actor.businessId;
}

function frame(change: Change): string {
  return `id: ${change.id}\nevent: ${change.kind}\ndata: ${JSON.stringify({ business_id: change.businessId, ...change.data })}\n\n`;
}

/**
 * `GET /admin/events`: Server-Sent Events of what changed, for the actor's business only. A browser
 * that reconnects sends `Last-Event-ID` and first gets what it missed, or a `reset` event when that
 * cannot be told (Kabar restarted, or too much happened): then it refetches what it shows.
 */
export function eventsRoute(services: KabarServices) {
  return async function register(app: FastifyInstance): Promise<void> {
    const open = new Set<() => void>();
    app.addHook('onClose', async () => {
      for (const close of open) close();
    });
    app.get('/admin/events', { config: { access: 'agent' } }, async (request, reply) => {
      const actor = actorOf(request);
      reply.hijack();
      const response = reply.raw;
      response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' });
      response.write('retry: 1000\n\n');
      const lastEventId = request.headers['last-event-id'];
      if (typeof lastEventId === 'string' && lastEventId.length > 0) {
        const catchup = services.changes.since(lastEventId);
        if (catchup.kind === 'reset') response.write('event: reset\ndata: {}\n\n');
        else for (const change of catchup.changes) if (visibleTo(actor, change)) response.write(frame(change));
      } else {
        response.write('event: ready\ndata: {}\n\n');
      }
      const unsubscribe = services.changes.subscribe((change) => {
        if (visibleTo(actor, change)) response.write(frame(change));
      });
      const heartbeat = setInterval(() => response.write(': ping\n\n'), heartbeatMs);
      const close = (): void => {
        clearInterval(heartbeat);
        unsubscribe();
        open.delete(close);
        response.end();
      };
      open.add(close);
      request.raw.on('close', close);
    });
  };
}
