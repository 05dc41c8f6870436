import type { FastifyReply, FastifyRequest } from 'fastify';
import { auditRecorded, type AuditEntry } from '../../core/access/index.js';
import { record, unitOf } from '../../core/shared/index.js';
import type { KabarServices } from '../services.js';

const writes = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Every write to the admin and simulator APIs joins the audit log as its answer leaves: who (the
 * actor), what (the route's audit name), on what (the route's parameters), for which business, and
 * how it ended (the HTTP status). Bodies are not copied (they may hold passwords); handlers add safe
 * details through `request.auditDetails`. Reads are not logged. The entry is group-committed without
 * holding the answer back (the change it records committed already); `GET /admin/audit` waits for
 * entries still queued, so a read after a write sees it.
 */
export function auditWrites(services: KabarServices) {
  return async function onSend(request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
    if (!writes.has(request.method)) return payload;
    const config = request.routeOptions.config;
    if (config.audit === false || request.routeOptions.url === undefined) return payload;
    const actor = request.actor;
    // Refused before anyone was recognised (no or a bad token): nothing happened, and nobody to name.
    if (actor === null && config.access !== 'public') return payload;
    const params = (request.params ?? {}) as Record<string, unknown>;
    const entry: AuditEntry = {
      key: services.ids.key(),
      businessId: request.auditBusinessId ?? (actor !== null && actor.kind !== 'operator' ? actor.businessId : null),
      actorKind: actor?.kind ?? 'anonymous',
      actorId: actor?.id ?? '',
      actorLabel: actor?.label ?? 'anonymous',
      action: config.audit ?? `${request.method} ${request.routeOptions.url}`,
      target: Object.entries(params).map(([name, value]) => `${name}=${String(value)}`).join(' '),
      status: reply.statusCode,
      details: request.auditDetails ?? {},
      createdAt: services.clock.now(),
    };
    services.committer.commit(unitOf([record(auditRecorded, entry)])).catch((error: unknown) => request.log.error({ err: error, action: entry.action }, 'could not record an audit entry'));
    return payload;
  };
}
