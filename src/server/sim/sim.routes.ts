import { Type } from 'typebox';
import ms from 'ms';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { receiveMessage } from '../../core/messaging/index.js';
import { domainError, fail, ok, type Result } from '../../core/shared/index.js';
import { sendDomainError } from '../errors.js';
import { actorOf, scopedBusiness } from '../access/scope.js';
import { KyselyConsoleRepository } from '../../store/index.js';
import type { SimUser } from '../../network/index.js';
import type { KabarServices } from '../services.js';
import { businessNumberId, receiveDeps, writingUser } from './sim-senders.js';
import { conversationView, receivedAnswer } from './message.view.js';

const waIdPattern = '^[0-9]{6,20}$';
/** A status at most a week after the send: enough for any scenario, small enough to replan after a restart. */
const maxDelayMs = 7 * 24 * 60 * 60 * 1000;
/** One advance moves at most ten years, which keeps simulated time a valid date and keys time-ordered. */
const maxAdvanceMs = 10 * 365 * 24 * 60 * 60 * 1000;

/**
 * A clock advance: a positive whole number of milliseconds (a number, or a string such as "90s",
 * "25h", "7d" or "1500"), at most ten years. Simulated time is whole milliseconds, so "1.5ms" is
 * refused rather than rounded: a caller who asked for a fraction has a bug worth seeing.
 */
export function parseDuration(by: string | number): Result<number, string> {
  const milliseconds = typeof by === 'number' ? by : (ms(by.trim() as ms.StringValue) as number | undefined);
  const shown = typeof by === 'number' ? String(by) : `'${by}'`;
  if (typeof milliseconds !== 'number' || !Number.isFinite(milliseconds)) {
    return fail(`${shown} is not a duration: give a whole number of milliseconds or a number with a unit, such as 90s, 25h or 7d.`);
  }
  if (!Number.isInteger(milliseconds)) {
    return fail(`${shown} is ${milliseconds} ms: simulated time moves in whole milliseconds, so give a whole number.`);
  }
  if (milliseconds <= 0 || milliseconds > maxAdvanceMs) return fail(`${shown} must be more than 0 and at most 10 years.`);
  return ok(milliseconds);
}

function clockView(services: KabarServices): Record<string, unknown> {
  const now = services.clock.now();
  return { now, iso: new Date(now).toISOString(), mode: services.clock.mode };
}

/** The businesses a simulated user was declared for from their console (`traits.console.businesses`). */
function declaredFor(user: SimUser): readonly string[] {
  const traits = user.traits['console'] as { businesses?: unknown } | undefined;
  return Array.isArray(traits?.businesses) ? traits.businesses.filter((entry): entry is string => typeof entry === 'string') : [];
}

/**
 * Control of the simulated WhatsApp network: users who write in, what they received, the clock.
 * The network and its clock are shared by every business of this Kabar: a business's people use the
 * simulator with their own numbers and see only their own conversations; changing the network's
 * schedule is the operator's, moving the clock an owner's (it moves for every business).
 */
export function simRoutes(services: KabarServices) {
  const store = new KyselyConsoleRepository(services.database.db);
  return async function register(instance: FastifyInstance): Promise<void> {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.post(
      '/sim/messages',
      {
        config: { access: 'agent' },
        schema: {
          // `propertyNames`: Fastify strips unknown properties, and a field this route does not take
          // (a `referral`, a `location`: those go to /sim/users/{wa_id}/messages) must be refused, not ignored.
          body: Type.Object(
            {
              from: Type.String({ minLength: 1, maxLength: 32 }),
              to: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
              text: Type.String({ minLength: 1, maxLength: 4096 }),
              name: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
              context: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
            },
            { propertyNames: { enum: ['from', 'to', 'text', 'name', 'context'] } },
          ),
        },
      },
      async (request, reply) => {
        const { body } = request;
        const user = writingUser(services, body.from);
        if (!user.ok) return sendDomainError(reply, user.error);
        const phoneNumberId = await businessNumberId(services, request, body.to);
        if (!phoneNumberId.ok) return sendDomainError(reply, phoneNumberId.error);
        const result = await receiveMessage(receiveDeps(services), {
          phoneNumberId: phoneNumberId.value,
          from: user.value.waId,
          profileName: body.name ?? user.value.profileName,
          payload: { type: 'text', content: { body: body.text } },
          ...(body.context === undefined ? {} : { contextWamid: body.context }),
        });
        if (!result.ok) return sendDomainError(reply, result.error);
        return reply.send(receivedAnswer(result.value));
      },
    );

    app.get(
      '/sim/users/:waId/messages',
      {
        config: { access: 'agent' },
        schema: {
          params: Type.Object({ waId: Type.String({ pattern: waIdPattern }) }),
          querystring: Type.Object({
            direction: Type.Optional(Type.Union([Type.Literal('received'), Type.Literal('sent')])),
            undelivered: Type.Optional(Type.Boolean()),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
            business_id: Type.Optional(Type.String({ pattern: '^[0-9]{1,32}$' })),
          }),
        },
      },
      async (request, reply) => {
        const { query } = request;
        const scope = scopedBusiness(request, query.business_id);
        if (!scope.ok) return sendDomainError(reply, scope.error);
        const direction = query.direction === undefined ? undefined : query.direction === 'received' ? 'outbound' : 'inbound';
        // The conversation as the user's phone shows it: a phone never shows what never reached it,
        // so the business's messages appear once delivered (or read) unless `undelivered` asks for all.
        const messages = await services.messages.listByUser(request.params.waId, {
          ...(scope.value === undefined ? {} : { businessId: scope.value }),
          ...(direction === undefined ? {} : { direction }),
          ...(query.undelivered === true ? {} : { outboundStatuses: ['delivered', 'read'], reactionStatuses: ['sent'] }),
          limit: query.limit ?? 50,
        });
        return reply.send({ wa_id: request.params.waId, data: conversationView(messages.reverse()) });
      },
    );

    app.get('/sim/users', { config: { access: 'agent' }, schema: { querystring: Type.Object({ business_id: Type.Optional(Type.String({ pattern: '^[0-9]{1,32}$' })) }) } }, async (request, reply) => {
      const scope = scopedBusiness(request, request.query.business_id);
      if (!scope.ok) return sendDomainError(reply, scope.error);
      const businessId = scope.value;
      // A business sees the simulated users it declared and those who talked with its numbers lately.
      const contacts = await store.recentContacts(businessId);
      const declared = services.network.users().filter((user) => businessId === undefined || declaredFor(user).includes(businessId));
      const seen = new Set(declared.map((user) => user.waId));
      const users = [...declared, ...contacts.filter((waId) => !seen.has(waId)).map((waId) => services.network.user(waId))];
      return reply.send({ data: users.map((user) => ({ wa_id: user.waId, name: user.profileName, on_whatsapp: user.onWhatsApp })) });
    });

    app.post(
      '/sim/users',
      {
        config: { access: 'agent' },
        schema: {
          body: Type.Object({
            wa_id: Type.String({ pattern: waIdPattern }),
            name: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
            on_whatsapp: Type.Optional(Type.Boolean()),
          }),
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const existing = services.network.users().find((user) => user.waId === request.body.wa_id);
        let traits: Record<string, unknown> | undefined;
        if (actor.kind !== 'operator') {
          // Simulated users are shared by every business: a business may declare a new one, or change one only it declared.
          const owners = existing === undefined ? [] : declaredFor(existing);
          if (existing !== undefined && (owners.length !== 1 || owners[0] !== actor.businessId)) {
            return sendDomainError(reply, domainError('PERMISSION_DENIED', `${request.body.wa_id} is a simulated user shared with others; only the operator can change it.`));
          }
          traits = { console: { businesses: [actor.businessId] } };
        }
        const user = await services.network.declareUser({
          ...(traits === undefined ? {} : { traits }),
          waId: request.body.wa_id,
          ...(request.body.name === undefined ? {} : { profileName: request.body.name }),
          ...(request.body.on_whatsapp === undefined ? {} : { onWhatsApp: request.body.on_whatsapp }),
        });
        return reply.send({ wa_id: user.waId, name: user.profileName, on_whatsapp: user.onWhatsApp });
      },
    );

    const range = Type.Tuple([Type.Integer({ minimum: 0, maximum: maxDelayMs }), Type.Integer({ minimum: 0, maximum: maxDelayMs })]);
    const networkView = (): Record<string, unknown> => {
      const { seed, schedule } = services.network.options;
      return {
        seed,
        schedule: {
          sent_after_ms: schedule.sentAfterMs,
          delivered_after_sent_ms: schedule.deliveredAfterSentMs,
          read_after_delivered_ms: schedule.readAfterDeliveredMs,
          read_probability: schedule.readProbability,
        },
      };
    };

    app.get('/sim/network', { config: { access: 'agent' } }, async (_request, reply) => reply.send(networkView()));

    app.post(
      '/sim/network',
      {
        config: { access: 'operator' },
        schema: {
          body: Type.Object(
            {
              seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 4_294_967_295 })),
              schedule: Type.Optional(
                Type.Object(
                  {
                    sent_after_ms: Type.Optional(range),
                    delivered_after_sent_ms: Type.Optional(range),
                    read_after_delivered_ms: Type.Optional(range),
                    read_probability: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
                  },
                  { additionalProperties: false },
                ),
              ),
            },
            { additionalProperties: false },
          ),
        },
      },
      async (request, reply) => {
        const given = request.body.schedule ?? {};
        for (const [name, value] of Object.entries(given)) {
          if (Array.isArray(value) && (value[0] ?? 0) > (value[1] ?? 0)) {
            return sendDomainError(reply, domainError('PARAMETER_INVALID', `schedule.${name} must be [min, max] with min ≤ max.`));
          }
        }
        const current = services.network.options.schedule;
        await services.configureNetwork({
          ...(request.body.seed === undefined ? {} : { seed: request.body.seed }),
          schedule: {
            sentAfterMs: given.sent_after_ms ?? current.sentAfterMs,
            deliveredAfterSentMs: given.delivered_after_sent_ms ?? current.deliveredAfterSentMs,
            readAfterDeliveredMs: given.read_after_delivered_ms ?? current.readAfterDeliveredMs,
            readProbability: given.read_probability ?? current.readProbability,
          },
        });
        return reply.send(networkView());
      },
    );

    app.get('/sim/clock', { config: { access: 'agent' } }, async (_request, reply) => reply.send(clockView(services)));

    app.post(
      '/sim/clock/advance',
      { config: { access: 'owner' }, schema: { body: Type.Object({ by: Type.Union([Type.String({ minLength: 1, maxLength: 32 }), Type.Number()]) }) } },
      async (request, reply) => {
        const milliseconds = parseDuration(request.body.by);
        if (!milliseconds.ok) return sendDomainError(reply, domainError('PARAMETER_INVALID', milliseconds.error));
        const outcome = await services.advanceClock(milliseconds.value);
        return reply.send({ ...clockView(services), advanced_ms: milliseconds.value, statuses_applied: outcome.statusesApplied, timers_run: outcome.timersRun });
      },
    );

    app.post(
      '/sim/clock/mode',
      { config: { access: 'owner' }, schema: { body: Type.Object({ mode: Type.Union([Type.Literal('frozen'), Type.Literal('running')]) }) } },
      async (request, reply) => {
        if (request.body.mode === 'frozen') services.clock.freeze();
        else services.clock.run();
        await services.saveClock();
        services.changes.publish('clock', null, { now: services.clock.now() });
        return reply.send(clockView(services));
      },
    );
  };
}
