/**
 * Throughput in the running Kabar: the send budgets (on PostgreSQL in the database, shared by every
 * node; on SQLite in this node's memory, saved when it stops and loaded when it starts), the throughput stage
 * (850: 130429, 131056), the inbound stage by which users' messages take from the number's second,
 * the per-user marketing limit (860: 131049 under the `marketing` profile), and the operator's
 * level of a number over `GET|POST /admin/phone_numbers/{id}/throughput` (`kabar numbers throughput`).
 */
import { Type } from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { throughputLevels, type PhoneNumber } from '../../core/accounts/index.js';
import { policyOf } from '../../core/policy/index.js';
import { domainError, unitOf } from '../../core/shared/index.js';
import { InMemorySendBudgets, inboundThroughputStage, marketingLimitStage, messagesPerSecond, pairRate, setThroughputLevel, throughputStage, type SendBudgets } from '../../core/throughput/index.js';
import { KyselyBudgetSnapshots, KyselySendBudgets, sendBudgetKeepMs } from '../../store/index.js';
import { sendDomainError } from '../errors.js';
import { nodeInScope } from '../access/scope.js';
import type { KabarFeature, KabarServices } from '../services.js';

const params = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,32}$' }) });
const body = Type.Object({ level: Type.Union(throughputLevels.map((level) => Type.Literal(level))) }, { additionalProperties: false });

export function throughputView(number: PhoneNumber): Record<string, unknown> {
  const rate = messagesPerSecond[number.throughputLevel];
  return {
    phone_number_id: number.id,
    throughput: { level: number.throughputLevel },
    messages_per_second: rate,
    pair_rate_limit: number.throughputLevel === 'UNLIMITED' ? null : { one_message_every_seconds: pairRate.intervalMs / 1_000, burst: pairRate.burst },
  };
}

function adminRoutes(services: KabarServices) {
  return (instance: FastifyInstance): void => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.get('/admin/phone_numbers/:id/throughput', { config: { access: 'agent' }, schema: { params } }, async (request, reply) => {
      const number = await services.accounts.findPhoneNumber(request.params.id);
      const scope = nodeInScope(request, number, 'phone number', request.params.id);
      if (!scope.ok) return sendDomainError(reply, scope.error);
      if (number === undefined) return sendDomainError(reply, domainError('NODE_NOT_FOUND', `No phone number with id '${request.params.id}'.`));
      return reply.send(throughputView(number));
    });
    app.post('/admin/phone_numbers/:id/throughput', { config: { access: 'operator', audit: 'numbers.throughput' }, schema: { params, body } }, async (request, reply) => {
      const number = await services.accounts.findPhoneNumber(request.params.id);
      const scope = nodeInScope(request, number, 'phone number', request.params.id);
      if (!scope.ok) return sendDomainError(reply, scope.error);
      if (number === undefined) return sendDomainError(reply, domainError('NODE_NOT_FOUND', `No phone number with id '${request.params.id}'.`));
      request.auditDetails = { level: request.body.level };
      const records = await setThroughputLevel(services, number, request.body.level, services.clock.now());
      if (records.length > 0) await services.committer.commit(unitOf(records));
      return reply.send(throughputView({ ...number, throughputLevel: request.body.level }));
    });
  };
}

export const throughputFeature: KabarFeature = {
  name: 'throughput',
  async setup(services) {
    const { db, dialect } = services.database;
    const now = services.clock.now();
    const since = now - sendBudgetKeepMs;
    let budgets: SendBudgets;
    let stop: (() => Promise<void>) | undefined;
    if (dialect === 'postgres') {
      const shared = new KyselySendBudgets(db);
      await shared.prune(since);
      budgets = shared;
    } else {
      const snapshots = new KyselyBudgetSnapshots(db);
      const local = new InMemorySendBudgets();
      local.restore(await snapshots.load(since), now);
      budgets = local;
      stop = () => snapshots.save(local.snapshot(services.clock.now()));
    }
    return {
      sendStages: [
        { position: 850, stage: throughputStage(budgets) },
        { position: 860, stage: marketingLimitStage({ budgets, profileOf: async (businessId) => (await policyOf(services.businessSettings, businessId)).marketing }) },
      ],
      inboundStages: [inboundThroughputStage(budgets)],
      admin: adminRoutes(services),
      ...(stop === undefined ? {} : { stop }),
    };
  },
};
