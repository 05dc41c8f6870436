import { Type } from 'typebox';
import ms from 'ms';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { encodeWamid } from '../../wire/index.js';
import { receiveMessage, type MessageRecord } from '../../core/messaging/index.js';
import { domainError, toWaId } from '../../core/shared/index.js';
import { sendDomainError } from '../errors.js';
import type { KabarServices } from '../kabar.js';

const waIdPattern = '^[0-9]{6,20}$';
/** A status at most a week after the send: enough for any scenario, small enough to replan after a restart. */
const maxDelayMs = 7 * 24 * 60 * 60 * 1000;
/** One advance moves at most ten years, which keeps simulated time a valid date and keys time-ordered. */
const maxAdvanceMs = 10 * 365 * 24 * 60 * 60 * 1000;

function messageView(message: MessageRecord): Record<string, unknown> {
  return {
    id: encodeWamid({ waId: message.waId, key: message.key }),
    direction: message.direction,
    phone_number_id: message.phoneNumberId,
    wa_id: message.waId,
    type: message.type,
    text: { body: message.content.body },
    status: message.status,
    ...(message.errorCode === null ? {} : { error_code: message.errorCode }),
    timestamp: new Date(message.createdAt).toISOString(),
  };
}

function clockView(services: KabarServices): Record<string, unknown> {
  const now = services.clock.now();
  return { now, iso: new Date(now).toISOString(), mode: services.clock.mode };
}

/** Control of the simulated WhatsApp network: users who write in, what they received, the clock. */
export function simRoutes(services: KabarServices) {
  return async function register(instance: FastifyInstance): Promise<void> {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.post(
      '/sim/messages',
      {
        schema: {
          body: Type.Object({
            from: Type.String({ minLength: 1, maxLength: 32 }),
            to: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
            text: Type.String({ minLength: 1, maxLength: 4096 }),
            name: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
            context: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
          }),
        },
      },
      async (request, reply) => {
        const { body } = request;
        const from = toWaId(body.from.startsWith('+') ? body.from : `+${body.from}`, '');
        if (from === undefined) return sendDomainError(reply, domainError('PARAMETER_INVALID', `'${body.from}' is not a possible phone number.`));
        let phoneNumberId = body.to ?? (await services.settings.get<{ phoneNumberId: string }>('demo'))?.phoneNumberId;
        if (phoneNumberId !== undefined && (await services.accounts.findPhoneNumber(phoneNumberId)) === undefined) {
          const digits = toWaId(phoneNumberId.startsWith('+') ? phoneNumberId : `+${phoneNumberId}`, '');
          phoneNumberId = digits === undefined ? phoneNumberId : ((await services.accounts.findPhoneNumberByNumber(digits))?.id ?? phoneNumberId);
        }
        if (phoneNumberId === undefined) return sendDomainError(reply, domainError('PARAMETER_MISSING', 'Say which business number the user writes to: to.'));
        const user = services.network.user(from);
        const result = await receiveMessage(
          { accounts: services.accounts, messages: services.messages, writer: services.committer, targets: services.targets, clock: services.clock, ids: services.ids },
          { phoneNumberId, from, profileName: body.name ?? user.profileName, body: body.text, ...(body.context === undefined ? {} : { contextWamid: body.context }) },
        );
        if (!result.ok) return sendDomainError(reply, result.error);
        return reply.send({ message: messageView(result.value.message) });
      },
    );

    app.get(
      '/sim/users/:waId/messages',
      {
        schema: {
          params: Type.Object({ waId: Type.String({ pattern: waIdPattern }) }),
          querystring: Type.Object({
            direction: Type.Optional(Type.Union([Type.Literal('received'), Type.Literal('sent')])),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
          }),
        },
      },
      async (request, reply) => {
        const direction = request.query.direction === undefined ? undefined : request.query.direction === 'received' ? 'outbound' : 'inbound';
        const messages = await services.messages.listByUser(request.params.waId, { ...(direction === undefined ? {} : { direction }), limit: request.query.limit ?? 50 });
        // What the user's phone shows: a message the network never got to them is not in their inbox.
        const visible = messages.filter((message) => message.direction === 'inbound' || ['delivered', 'read'].includes(message.status));
        return reply.send({ wa_id: request.params.waId, data: visible.map(messageView) });
      },
    );

    app.get('/sim/users', async (_request, reply) =>
      reply.send({ data: services.network.users().map((user) => ({ wa_id: user.waId, name: user.profileName, on_whatsapp: user.onWhatsApp })) }),
    );

    app.post(
      '/sim/users',
      {
        schema: {
          body: Type.Object({
            wa_id: Type.String({ pattern: waIdPattern }),
            name: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
            on_whatsapp: Type.Optional(Type.Boolean()),
          }),
        },
      },
      async (request, reply) => {
        const user = await services.network.declareUser({
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

    app.get('/sim/network', async (_request, reply) => reply.send(networkView()));

    app.post(
      '/sim/network',
      {
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

    app.get('/sim/clock', async (_request, reply) => reply.send(clockView(services)));

    app.post(
      '/sim/clock/advance',
      { schema: { body: Type.Object({ by: Type.Union([Type.String({ minLength: 1, maxLength: 32 }), Type.Integer({ minimum: 1, maximum: maxAdvanceMs })]) }) } },
      async (request, reply) => {
        const { by } = request.body;
        const milliseconds = typeof by === 'number' ? by : ms(by as ms.StringValue);
        if (typeof milliseconds !== 'number' || !Number.isFinite(milliseconds) || milliseconds <= 0 || milliseconds > maxAdvanceMs) {
          return sendDomainError(reply, domainError('PARAMETER_INVALID', `'${String(by)}' is not a positive duration of at most 10 years, such as 90s, 25h or 7d.`));
        }
        await services.committer.drain();
        services.clock.advanceTo(services.clock.now() + milliseconds);
        await services.saveClock();
        const statusesApplied = await services.scheduler.runDue();
        await services.committer.drain();
        services.dispatcher.kick();
        services.pruner.runDue().catch((error: unknown) => request.log.error({ err: error }, 'pruning the webhook log failed; the next run tries again'));
        return reply.send({ ...clockView(services), advanced_ms: milliseconds, statuses_applied: statusesApplied });
      },
    );

    app.post(
      '/sim/clock/mode',
      { schema: { body: Type.Object({ mode: Type.Union([Type.Literal('frozen'), Type.Literal('running')]) }) } },
      async (request, reply) => {
        if (request.body.mode === 'frozen') services.clock.freeze();
        else services.clock.run();
        await services.saveClock();
        return reply.send(clockView(services));
      },
    );
  };
}
