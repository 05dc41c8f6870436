import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { PhoneNumber } from '../../core/accounts/index.js';
import {
  checkEscalationPath, defaultQuality, escalationPathDeclared, limitEventRecorded, limitTimers, type EscalationPath, type LimitEvent, type LimitsEngine, type LimitsReport, type QualityThresholds,
} from '../../core/limits/index.js';
import { waitFor } from '../../core/numbers/index.js';
import { notify } from '../../core/notifications/index.js';
import { cancelTimers, displayPhoneNumber, domainError, record, unitOf } from '../../core/shared/index.js';
import type { KyselyLimitsRepository, KyselyNumbersRepository } from '../../store/index.js';
import { nodeInScope, scopedBusiness } from '../access/scope.js';
import { sendDomainError } from '../errors.js';
import type { KabarServices } from '../services.js';
import { numberTimeline, timelineRange } from './limits.timeline.js';

const idParams = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,32}$' }) });
/** The business setting holding its own quality thresholds (`{ green, yellow }`). */
export const qualityThresholdsSetting = 'limits.quality-thresholds';
const iso = (at: number): string => new Date(at).toISOString();

function pathView(path: EscalationPath | null | undefined): Record<string, unknown> | null {
  if (path === null || path === undefined) return null;
  return path.kind === 'missing' ? { kind: 'missing', since: iso(path.declaredAt) } : { kind: path.kind, value: path.value, declared_at: iso(path.declaredAt) };
}

function eventView(event: LimitEvent): Record<string, unknown> {
  return { kind: event.kind, from: event.from, to: event.to, cause: event.cause, details: event.details, at: iso(event.at) };
}

export function limitsView(report: LimitsReport, now: number, history: readonly LimitEvent[]): Record<string, unknown> {
  return {
    phone_number_id: report.phoneNumberId,
    policy: report.profile,
    scope: report.scope,
    messaging_limit_tier: report.tier,
    limit: report.limit,
    unique_recipients_24h: report.inWindow,
    unique_recipients_7d: report.inWeek,
    free_slots: report.freeSlots,
    upgrade_threshold_7d: report.upgradeAt,
    next_tier: report.nextTier,
    next_release: report.nextRelease === null ? null : { at: iso(report.nextRelease.at), slots: report.nextRelease.slots, in: waitFor(report.nextRelease.at - now) },
    releases: report.releases.map((release) => ({ by: iso(release.at), slots: release.slots })),
    status: report.status,
    quality_rating: report.qualityRating,
    quality: { score: report.quality.score, rating: report.quality.rating, parts: report.quality.parts, explanation: report.quality.explanation },
    escalation_path: pathView(report.escalationPath),
    explanation: report.explanation,
    history: history.map(eventView),
  };
}

export function limitsAdminRoutes(services: KabarServices, engine: LimitsEngine, repository: KyselyLimitsRepository, numbers: KyselyNumbersRepository) {
  return (instance: FastifyInstance): void => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    const numberOf = async (request: FastifyRequest, reply: FastifyReply, id: string): Promise<PhoneNumber | undefined> => {
      const number = await services.accounts.findPhoneNumber(id);
      const scope = nodeInScope(request, number, 'phone number', id);
      if (!scope.ok || number === undefined) {
        await sendDomainError(reply, scope.ok ? domainError('NODE_NOT_FOUND', `No phone number with id '${id}'.`) : scope.error);
        return undefined;
      }
      return number;
    };

    app.get('/admin/phone_numbers/:id/limits', { config: { access: 'agent' }, schema: { params: idParams } }, async (request, reply) => {
      const number = await numberOf(request, reply, request.params.id);
      if (number === undefined) return reply;
      const now = services.clock.now();
      const [report, history] = await Promise.all([engine.report(number, now), repository.events(number.id, { limit: 50 })]);
      return reply.send(limitsView(report, now, history));
    });

    app.get(
      '/admin/phone_numbers/:id/timeline',
      { config: { access: 'agent' }, schema: { params: idParams, querystring: Type.Object({ since: Type.Optional(Type.String({ maxLength: 40 })), until: Type.Optional(Type.String({ maxLength: 40 })) }) } },
      async (request, reply) => {
        const number = await numberOf(request, reply, request.params.id);
        if (number === undefined) return reply;
        const range = timelineRange(request.query, services.clock.now());
        if (!range.ok) return sendDomainError(reply, range.error);
        return reply.send(await numberTimeline(number, range.value, { limits: repository, numbers }));
      },
    );

    app.post('/admin/phone_numbers/:id/quality/check', { config: { access: 'admin', audit: 'limits.quality-check' }, schema: { params: idParams } }, async (request, reply) => {
      const number = await numberOf(request, reply, request.params.id);
      if (number === undefined) return reply;
      const now = services.clock.now();
      await services.committer.commit(unitOf(await engine.checkQuality(number, now)));
      const fresh = (await services.accounts.findPhoneNumber(number.id)) ?? number;
      return reply.send(limitsView(await engine.report(fresh, now), now, await repository.events(number.id, { limit: 50 })));
    });

    const thresholdsOf = async (businessId: string) => {
      const own = await services.businessSettings.get<QualityThresholds>(businessId, qualityThresholdsSetting);
      const defaults = defaultQuality.thresholds;
      return { green: own?.green ?? defaults.green, yellow: own?.yellow ?? defaults.yellow, defaults };
    };
    app.get('/admin/businesses/:id/quality-thresholds', { config: { access: 'agent' }, schema: { params: idParams } }, async (request, reply) => {
      const scope = scopedBusiness(request, request.params.id);
      if (!scope.ok) return sendDomainError(reply, scope.error);
      if ((await services.accounts.findBusiness(request.params.id)) === undefined) return sendDomainError(reply, domainError('NODE_NOT_FOUND', `No business with id '${request.params.id}'.`));
      return reply.send(await thresholdsOf(request.params.id));
    });
    app.post(
      '/admin/businesses/:id/quality-thresholds',
      {
        config: { access: 'owner', audit: 'limits.quality-thresholds' },
        schema: { params: idParams, body: Type.Object({ green: Type.Number({ minimum: 0, maximum: 100 }), yellow: Type.Number({ minimum: 0, maximum: 100 }) }, { additionalProperties: false }) },
      },
      async (request, reply) => {
        const scope = scopedBusiness(request, request.params.id);
        if (!scope.ok) return sendDomainError(reply, scope.error);
        if ((await services.accounts.findBusiness(request.params.id)) === undefined) return sendDomainError(reply, domainError('NODE_NOT_FOUND', `No business with id '${request.params.id}'.`));
        if (request.body.yellow > request.body.green) return sendDomainError(reply, domainError('PARAMETER_INVALID', `The Medium threshold (yellow ${request.body.yellow}) cannot be above the High one (green ${request.body.green}).`));
        request.auditDetails = { ...request.body };
        await services.businessSettings.put(request.params.id, qualityThresholdsSetting, { green: request.body.green, yellow: request.body.yellow }, services.clock.now());
        return reply.send(await thresholdsOf(request.params.id));
      },
    );

    app.get('/admin/phone_numbers/:id/escalation_path', { config: { access: 'agent' }, schema: { params: idParams } }, async (request, reply) => {
      const number = await numberOf(request, reply, request.params.id);
      if (number === undefined) return reply;
      return reply.send({ phone_number_id: number.id, escalation_path: pathView(engine.escalationPath(number.id)) });
    });

    app.post(
      '/admin/phone_numbers/:id/escalation_path',
      {
        config: { access: 'admin', audit: 'limits.escalation-path' },
        schema: { params: idParams, body: Type.Object({ kind: Type.String({ maxLength: 32 }), value: Type.Optional(Type.String({ maxLength: 512 })) }, { additionalProperties: false }) },
      },
      async (request, reply) => {
        const number = await numberOf(request, reply, request.params.id);
        if (number === undefined) return reply;
        request.auditDetails = { kind: request.body.kind };
        const checked = checkEscalationPath(request.body.kind, request.body.value ?? '');
        if (!checked.ok) return sendDomainError(reply, checked.error);
        const now = services.clock.now();
        const before = engine.escalationPath(number.id);
        const path: EscalationPath = { phoneNumberId: number.id, businessId: number.businessId, kind: checked.value.kind, value: checked.value.value, declaredAt: now };
        const event: LimitEvent = {
          key: services.ids.key(),
          phoneNumberId: number.id,
          businessId: number.businessId,
          kind: 'escalation',
          from: before?.kind ?? 'none',
          to: path.kind,
          cause: `human escalation path declared: ${path.kind}${path.value === '' ? '' : ` (${path.value})`}`,
          details: {},
          at: now,
        };
        const told =
          before?.kind === 'missing'
            ? await notify(
                services,
                {
                  businessId: number.businessId,
                  wabaId: number.wabaId,
                  phoneNumberId: number.id,
                  kind: 'limits.human_escalation_path_missing',
                  severity: 'info',
                  title: `Human escalation path declared: ${displayPhoneNumber(number.phoneNumber)}`,
                  body: `${displayPhoneNumber(number.phoneNumber)} now offers customers a person (${path.kind}); its messaging limit may rise again.`,
                  data: { alert_type: 'HUMAN_ESCALATION_PATH_MISSING', alert_status: 'NONE', escalation_path: path.kind },
                  // The alert is cleared as Meta clears one: the same type again with `alert_status: NONE`.
                  webhook: {
                    field: 'account_alerts',
                    value: {
                      entity_type: 'PHONE_NUMBER',
                      entity_id: number.id,
                      alert_info: { alert_severity: 'INFORMATIONAL', alert_status: 'NONE', alert_type: 'HUMAN_ESCALATION_PATH_MISSING', alert_description: `A human escalation path was declared: ${path.kind}.` },
                    },
                  },
                },
                now,
              )
            : [];
        await services.committer.commit(
          unitOf([record(escalationPathDeclared, path), record(limitEventRecorded, event), cancelTimers(limitTimers.escalation, number.id), cancelTimers(limitTimers.escalation, `${number.id}:lower`)], told),
        );
        engine.escalationCommitted(path);
        return reply.send({ phone_number_id: number.id, escalation_path: pathView(path) });
      },
    );
  };
}
