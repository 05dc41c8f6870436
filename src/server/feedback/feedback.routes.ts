/**
 * `/sim` routes for users' behaviour and their own actions (block, unblock, report, stop or resume
 * marketing messages), and `GET /admin/feedback`, the feedback events any module can read.
 */
import { Type } from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { feedbackKinds, type FeedbackKind, type FeedbackRepository, type UserFeedback } from '../../core/feedback/index.js';
import type { PhoneNumber } from '../../core/accounts/index.js';
import { domainError, toWaId, unitOf, type DomainError, type Result } from '../../core/shared/index.js';
import { decodeWamid, encodeWamid } from '../../wire/index.js';
import { behaviourTraitKey, profileProblem, standingOf, type BehaviourGroup, type BehaviourProfile } from '../../network/index.js';
import { sendDomainError } from '../errors.js';
import { actorOf, nodeInScope, scopedBusiness } from '../access/scope.js';
import { KyselyConsoleRepository } from '../../store/index.js';
import type { KabarServices } from '../services.js';
import { applyUserAction, latestOutbound, type BehaviourStore, type QualityChecks, type UserAction } from './feedback.actions.js';
import { profileFromJson, profileSchema, profileView, settingsView } from './behaviour.view.js';

const waIdParams = Type.Object({ waId: Type.String({ pattern: '^[0-9]{6,20}$' }) });
const actions: Readonly<Record<string, UserAction>> = { block: 'block', unblock: 'unblock', report: 'report', 'stop-marketing': 'stop_marketing', 'resume-marketing': 'resume_marketing' };

/** The business number a user acts on: given by id or digits, else the demo number. */
async function numberFor(services: KabarServices, given: string | undefined): Promise<Result<PhoneNumber, DomainError>> {
  const id = given ?? (await services.settings.get<{ phoneNumberId: string }>('demo'))?.phoneNumberId;
  if (id === undefined) return { ok: false, error: domainError('PARAMETER_MISSING', 'Say which business number: phone_number_id.') };
  const byId = await services.accounts.findPhoneNumber(id);
  const digits = byId === undefined ? toWaId(id.startsWith('+') ? id : `+${id}`, '') : undefined;
  const number = byId ?? (digits === undefined ? undefined : await services.accounts.findPhoneNumberByNumber(digits));
  return number === undefined ? { ok: false, error: domainError('NODE_NOT_FOUND', `No business phone number '${id}'.`) } : { ok: true, value: number };
}

function problem(profile: BehaviourProfile): DomainError | undefined {
  const found = profileProblem(profile);
  return found === undefined ? undefined : domainError('PARAMETER_INVALID', found);
}

export function feedbackSimRoutes(services: KabarServices, behaviour: BehaviourStore, checks: QualityChecks) {
  const store = new KyselyConsoleRepository(services.database.db);
  return (instance: FastifyInstance): void => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    // One static path per action, so that other features' `/sim/users/{wa_id}/…` routes stay theirs.
    for (const [path, action] of Object.entries(actions)) {
      app.post(
        `/sim/users/:waId/${path}`,
        {
          config: { access: 'agent' },
          schema: {
            params: waIdParams,
            body: Type.Optional(Type.Object({ phone_number_id: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })), message_id: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })) }, { additionalProperties: false })),
          },
        },
        async (request, reply) => {
          // A business's people act as users of their own numbers: their first number unless they name one.
          const actor = actorOf(request);
          const given = request.body?.phone_number_id ?? (actor.kind === 'operator' ? undefined : (await store.listNumbers(actor.businessId))[0]?.id);
          const number = await numberFor(services, given);
          if (!number.ok) return sendDomainError(reply, number.error);
          const scope = nodeInScope(request, number.value, 'phone number', given ?? number.value.id);
          if (!scope.ok) return sendDomainError(reply, scope.error);
          const { waId } = request.params;
          const at = services.clock.now();
          let message = undefined;
          const wamid = request.body?.message_id;
          if (wamid !== undefined) {
            const parts = decodeWamid(wamid);
            message = parts === undefined ? undefined : await services.messages.findMessage(parts.key);
            if (message === undefined || message.phoneNumberId !== number.value.id || message.waId !== waId || message.direction !== 'outbound') {
              return sendDomainError(reply, domainError('PARAMETER_INVALID', `'${wamid}' is not a message this number sent to ${waId}.`));
            }
          } else if (action === 'block' || action === 'report' || action === 'stop_marketing') {
            message = await latestOutbound(services, number.value, waId, at);
          }
          await services.committer.commit(unitOf(await applyUserAction(services, checks, { action, number: number.value, waId, message, at })));
          const standing = standingOf(services.network.user(waId), number.value.id);
          return reply.send({
            wa_id: waId,
            phone_number_id: number.value.id,
            action,
            ...(message === undefined ? {} : { message_id: encodeWamid({ waId: message.waId, key: message.key }) }),
            blocked: standing.blocked,
            stopped_marketing: standing.stoppedMarketing,
          });
        },
      );
    }

    // Behaviour profiles are the simulated network's, shared by every business: the operator sets them.
    app.get('/sim/behaviour', { config: { access: 'agent' } }, async (_request, reply) => reply.send(settingsView(behaviour.current())));

    app.post('/sim/behaviour/default', { config: { access: 'operator' }, schema: { body: Type.Object({ profile: Type.Union([profileSchema, Type.Null()]) }, { additionalProperties: false }) } }, async (request, reply) => {
      const profile = request.body.profile === null ? null : profileFromJson(request.body.profile);
      const invalid = profile === null ? undefined : problem(profile);
      if (invalid !== undefined) return sendDomainError(reply, invalid);
      return reply.send(settingsView(await behaviour.set({ ...behaviour.current(), default: profile })));
    });

    app.post(
      '/sim/behaviour/groups/:name',
      {
        config: { access: 'operator' },
        schema: {
          params: Type.Object({ name: Type.String({ pattern: '^[A-Za-z0-9_.-]{1,64}$' }) }),
          body: Type.Object(
            { profile: profileSchema, wa_ids: Type.Optional(Type.Array(Type.String({ pattern: '^[0-9]{6,20}$' }), { maxItems: 100_000 })), prefix: Type.Optional(Type.String({ pattern: '^[0-9]{1,20}$' })) },
            { additionalProperties: false },
          ),
        },
      },
      async (request, reply) => {
        const profile = profileFromJson(request.body.profile);
        const invalid = problem(profile);
        if (invalid !== undefined) return sendDomainError(reply, invalid);
        const group: BehaviourGroup = { name: request.params.name, profile, waIds: request.body.wa_ids ?? [], prefix: request.body.prefix ?? null };
        const current = behaviour.current();
        return reply.send(settingsView(await behaviour.set({ ...current, groups: [...current.groups.filter((entry) => entry.name !== group.name), group] })));
      },
    );

    app.delete('/sim/behaviour/groups/:name', { config: { access: 'operator' }, schema: { params: Type.Object({ name: Type.String({ pattern: '^[A-Za-z0-9_.-]{1,64}$' }) }) } }, async (request, reply) => {
      const current = behaviour.current();
      if (!current.groups.some((group) => group.name === request.params.name)) return sendDomainError(reply, domainError('NODE_NOT_FOUND', `No behaviour group '${request.params.name}'.`));
      return reply.send(settingsView(await behaviour.set({ ...current, groups: current.groups.filter((group) => group.name !== request.params.name) })));
    });

    app.post(
      '/sim/users/:waId/behaviour',
      { config: { access: 'operator' }, schema: { params: waIdParams, body: Type.Object({ profile: Type.Optional(Type.Union([profileSchema, Type.Null()])), group: Type.Optional(Type.Union([Type.String({ pattern: '^[A-Za-z0-9_.-]{1,64}$' }), Type.Null()])) }, { additionalProperties: false }) } },
      async (request, reply) => {
        const profile = request.body.profile === undefined || request.body.profile === null ? undefined : profileFromJson(request.body.profile);
        const invalid = profile === undefined ? undefined : problem(profile);
        if (invalid !== undefined) return sendDomainError(reply, invalid);
        const group = request.body.group ?? undefined;
        if (group !== undefined && !behaviour.current().groups.some((entry) => entry.name === group)) return sendDomainError(reply, domainError('NODE_NOT_FOUND', `No behaviour group '${group}'.`));
        const user = await services.network.declareUser({ waId: request.params.waId, traits: { [behaviourTraitKey]: { ...(profile === undefined ? {} : { profile }), ...(group === undefined ? {} : { group }) } } });
        const trait = user.traits[behaviourTraitKey] as { profile?: BehaviourProfile; group?: string };
        return reply.send({ wa_id: user.waId, profile: trait.profile === undefined ? null : profileView(trait.profile), group: trait.group ?? null });
      },
    );
  };
}

function feedbackView(entry: UserFeedback): Record<string, unknown> {
  return {
    id: entry.key,
    business_id: entry.businessId,
    waba_id: entry.wabaId,
    phone_number_id: entry.phoneNumberId,
    wa_id: entry.waId,
    kind: entry.kind,
    message_id: entry.messageKey === null ? null : encodeWamid({ waId: entry.waId, key: entry.messageKey }),
    template_id: entry.templateId,
    category: entry.category,
    at: new Date(entry.at).toISOString(),
  };
}

export function feedbackAdminRoutes(repository: FeedbackRepository) {
  return (instance: FastifyInstance): void => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/admin/feedback',
      {
        config: { access: 'agent' },
        schema: {
          querystring: Type.Object({
            phone_number_id: Type.Optional(Type.String({ pattern: '^[0-9]{1,32}$' })),
            template_id: Type.Optional(Type.String({ pattern: '^[0-9]{1,32}$' })),
            wa_id: Type.Optional(Type.String({ pattern: '^[0-9]{6,20}$' })),
            kind: Type.Optional(Type.Union(feedbackKinds.map((kind) => Type.Literal(kind)))),
            before: Type.Optional(Type.String({ pattern: '^[0-9A-F]{20}$' })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
          }),
        },
      },
      async (request, reply) => {
        const { phone_number_id: phoneNumberId, template_id: templateId, wa_id: waId, kind, before, limit } = request.query;
        const scope = scopedBusiness(request, undefined);
        if (!scope.ok) return sendDomainError(reply, scope.error);
        const listed = await repository.list({
          limit: limit ?? 100,
          ...(phoneNumberId === undefined ? {} : { phoneNumberId }),
          ...(templateId === undefined ? {} : { templateId }),
          ...(waId === undefined ? {} : { waId }),
          ...(kind === undefined ? {} : { kind: kind as FeedbackKind }),
          ...(before === undefined ? {} : { before }),
        });
        // A business sees its own events only; the page still ends where the listing ended.
        const found = scope.value === undefined ? listed : listed.filter((entry) => entry.businessId === scope.value);
        const last = listed[listed.length - 1];
        return reply.send({ data: found.map(feedbackView), paging: { next_before: listed.length === (limit ?? 100) && last !== undefined ? last.key : null } });
      },
    );
  };
}
