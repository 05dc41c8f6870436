import { Type } from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  channelsFor, everyChannel, isNotificationKind, notificationChannels, notificationKindNames, notificationRouted, preferencesSetting, withChannels, type NotificationPreferences, type QueuedEmail,
  type Notification, type ChannelSwitches,
} from '../../core/notifications/index.js';
import { domainError, payloadsOf } from '../../core/shared/index.js';
import { KyselyEmailOutboxRepository } from '../../store/index.js';
import { sendDomainError } from '../errors.js';
import { scopedBusiness } from '../access/scope.js';
import type { FeatureParts, KabarFeature } from '../services.js';
import type { KabarServices } from '../services.js';
import { EmailDispatcher } from './email-dispatcher.js';
import { smtpSecrets, smtpTransport } from './smtp-transport.js';

const iso = (epochMilliseconds: number | null): string | null => (epochMilliseconds === null ? null : new Date(epochMilliseconds).toISOString());

export function notificationView(notification: Notification): Record<string, unknown> {
  return {
    id: notification.key,
    business_id: notification.businessId,
    waba_id: notification.wabaId,
    phone_number_id: notification.phoneNumberId,
    kind: notification.kind,
    severity: notification.severity,
    title: notification.title,
    body: notification.body,
    data: notification.data,
    created_at: iso(notification.createdAt),
    read_at: iso(notification.readAt),
  };
}

export function emailView(email: QueuedEmail): Record<string, unknown> {
  return {
    id: email.key,
    business_id: email.businessId,
    notification_id: email.notificationKey,
    kind: email.kind,
    to: email.to,
    subject: email.subject,
    status: email.status,
    attempts: email.attempts,
    next_attempt_at: email.status === 'pending' ? iso(email.nextAttemptAt) : null,
    last_error: email.lastError,
    created_at: iso(email.createdAt),
    sent_at: iso(email.sentAt),
  };
}

const businessParams = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,32}$' }) });
const switches = Object.fromEntries(notificationChannels.map((channel) => [channel, Type.Optional(Type.Boolean())]));
// `propertyNames`, not `additionalProperties: false`: a misspelt channel must be refused, not ignored.
const preferencesBody = Type.Object({ kind: Type.String({ pattern: '^[a-z][a-z0-9_.]{0,63}$' }), ...switches }, { propertyNames: { enum: ['kind', ...notificationChannels] } });

function preferencesView(services: KabarServices, businessId: string, email: string | null, preferences: NotificationPreferences | undefined): Record<string, unknown> {
  const kinds: Record<string, ChannelSwitches> = {};
  for (const kind of Object.keys(preferences?.kinds ?? {}).sort()) kinds[kind] = channelsFor(preferences, kind);
  return { business_id: businessId, email_address: email, email_enabled: services.smtp !== undefined, default: everyChannel, kinds, known_kinds: notificationKindNames };
}

function preferencesRoutes(services: KabarServices) {
  return (instance: FastifyInstance): void => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.get('/admin/businesses/:id/notification-preferences', { config: { access: 'agent' }, schema: { params: businessParams } }, async (request, reply) => {
      const scope = scopedBusiness(request, request.params.id);
      if (!scope.ok) return sendDomainError(reply, scope.error);
      const business = await services.accounts.findBusiness(request.params.id);
      if (business === undefined) return sendDomainError(reply, domainError('NODE_NOT_FOUND', `No business with id '${request.params.id}'.`));
      const preferences = await services.businessSettings.get<NotificationPreferences>(business.id, preferencesSetting);
      return reply.send(preferencesView(services, business.id, business.email, preferences));
    });
    app.post(
      '/admin/businesses/:id/notification-preferences',
      { config: { access: 'admin', audit: 'notifications.preferences' }, schema: { params: businessParams, body: preferencesBody } },
      async (request, reply) => {
        const scope = scopedBusiness(request, request.params.id);
        if (!scope.ok) return sendDomainError(reply, scope.error);
        request.auditDetails = { ...request.body };
        const business = await services.accounts.findBusiness(request.params.id);
        if (business === undefined) return sendDomainError(reply, domainError('NODE_NOT_FOUND', `No business with id '${request.params.id}'.`));
        const { kind, ...rest } = request.body as { kind: string } & Partial<ChannelSwitches>;
        if (!isNotificationKind(kind)) return sendDomainError(reply, domainError('FIELD_VALUE_INVALID', `Unknown notification kind '${kind}'. Kabar tells these kinds: ${notificationKindNames.join(', ')}.`));
        const change: Partial<Record<keyof ChannelSwitches, boolean>> = {};
        for (const channel of notificationChannels) if (rest[channel] !== undefined) change[channel] = rest[channel];
        if (Object.keys(change).length === 0) return sendDomainError(reply, domainError('PARAMETER_MISSING', `Name at least one channel to switch: ${notificationChannels.join(', ')} (true or false).`));
        const next = withChannels(await services.businessSettings.get<NotificationPreferences>(business.id, preferencesSetting), kind, change);
        await services.businessSettings.put(business.id, preferencesSetting, next, services.clock.now());
        return reply.send(preferencesView(services, business.id, business.email, next));
      },
    );
  };
}

function emailRoutes(services: KabarServices, emails: KyselyEmailOutboxRepository) {
  return (instance: FastifyInstance): void => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/admin/notifications/emails',
      { config: { access: 'agent' }, schema: { querystring: Type.Object({ business_id: Type.Optional(Type.String({ pattern: '^[0-9]{1,32}$' })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) }) } },
      async (request, reply) => {
        const scope = scopedBusiness(request, request.query.business_id);
        if (!scope.ok) return sendDomainError(reply, scope.error);
        const found = await emails.list({ ...(scope.value === undefined ? {} : { businessId: scope.value }), limit: request.query.limit ?? 50 });
        return reply.send({ data: found.map(emailView) });
      },
    );
  };
}

function adminRoutes(services: KabarServices) {
  return (instance: FastifyInstance): void => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/admin/notifications',
      {
        config: { access: 'agent' },
        schema: {
          querystring: Type.Object({
            business_id: Type.Optional(Type.String({ pattern: '^[0-9]{1,32}$' })),
            kind: Type.Optional(Type.String({ maxLength: 64 })),
            unread: Type.Optional(Type.Boolean()),
            before: Type.Optional(Type.String({ maxLength: 32 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
          }),
        },
      },
      async (request, reply) => {
        const scope = scopedBusiness(request, request.query.business_id);
        if (!scope.ok) return sendDomainError(reply, scope.error);
        const businessId = scope.value;
        const { kind, unread, before, limit } = request.query;
        const found = await services.notifications.list({
          ...(businessId === undefined ? {} : { businessId }),
          ...(kind === undefined ? {} : { kind }),
          ...(unread === undefined ? {} : { unreadOnly: unread }),
          ...(before === undefined ? {} : { before }),
          limit: limit ?? 50,
        });
        const last = found[found.length - 1];
        return reply.send({ data: found.map(notificationView), paging: { next_before: found.length === (limit ?? 50) && last !== undefined ? last.key : null } });
      },
    );
    app.post('/admin/notifications/:id/read', { config: { access: 'agent' }, schema: { params: Type.Object({ id: Type.String({ pattern: '^[0-9A-F]{20}$' }) }) } }, async (request, reply) => {
      const scope = scopedBusiness(request, undefined);
      if (!scope.ok) return sendDomainError(reply, scope.error);
      const marked = await services.notifications.markRead(request.params.id, scope.value, services.clock.now());
      if (!marked) return sendDomainError(reply, domainError('NODE_NOT_FOUND', `No unread notification '${request.params.id}'.`));
      return reply.send({ success: true });
    });
  };
}

/**
 * The notification feed of every business (`GET /admin/notifications`, `kabar notifications`), each
 * business's choice of channels per kind (`…/notification-preferences`), and the e-mails to its
 * registered address when Kabar has an SMTP server (`KABAR_SMTP_URL`; `GET /admin/notifications/emails`).
 */
export const notificationsFeature: KabarFeature = {
  name: 'notifications',
  setup(services): FeatureParts {
    const emails = new KyselyEmailOutboxRepository(services.database.db);
    const admin = (instance: FastifyInstance): void => {
      adminRoutes(services)(instance);
      preferencesRoutes(services)(instance);
      emailRoutes(services, emails)(instance);
    };
    const { smtp } = services;
    if (smtp === undefined) return { admin };
    const dispatcher = new EmailDispatcher({ emails, transport: smtpTransport(smtp.url), clock: services.clock, log: services.log, from: smtp.from, secrets: smtpSecrets(smtp.url) });
    return {
      admin,
      onCommitted(units) {
        if (units.some((unit) => payloadsOf(unit, notificationRouted).length > 0)) dispatcher.kick();
      },
      start() {
        if (services.pollIntervalMs > 0) dispatcher.start(Math.max(services.pollIntervalMs, 1_000));
        dispatcher.kick();
      },
      settle: () => dispatcher.runDue(),
      stop: () => dispatcher.stop(),
    };
  },
};
