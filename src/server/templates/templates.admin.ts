/**
 * The operator's side of templates: the linter over HTTP, the review decided by hand, category
 * reassignment, the simulated reviewer's delay, and a WABA's templates with their lifecycle facts.
 */
import { Type } from 'typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  contentEvents, createTemplate, deleteTemplates, editTemplate, ensureSampleTemplates, hasRejection, lintTemplate, overrideReview, reassignCategory, templateCategories, type MessageTemplate,
  type RejectedReason, type TemplateAuthor, type TemplatesDeps, type TemplateVersion,
} from '../../core/templates/index.js';
import { domainError } from '../../core/shared/index.js';
import { allPermissions, type Principal } from '../../core/accounts/index.js';
import { sendDomainError } from '../errors.js';
import { actorOf, nodeInScope } from '../access/scope.js';
import type { KabarServices } from '../services.js';
import { findingView, templateFields } from './template.view.js';

export const reviewSettingsKey = 'templates.review';
export const defaultReviewDelayMs = 60_000;

const idParams = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,32}$' }) });
const reasons: readonly RejectedReason[] = ['ABUSIVE_CONTENT', 'INCORRECT_CATEGORY', 'INVALID_FORMAT', 'PROMOTIONAL', 'SCAM', 'TAG_CONTENT_MISMATCH'];
const iso = (epochMilliseconds: number | null): string | null => (epochMilliseconds === null ? null : new Date(epochMilliseconds).toISOString());

/** A template as the operator sees it: Graph's fields plus where it stands in its lifecycle. */
export function adminTemplateView(template: MessageTemplate): Record<string, unknown> {
  return {
    ...templateFields(template),
    waba_id: template.wabaId,
    business_id: template.businessId,
    pause_count: template.pauseCount,
    edits: template.edits.map((at) => iso(at)),
    flagged_at: iso(template.flaggedAt),
    paused_until: iso(template.pausedUntil),
    category_update_at: iso(template.categoryUpdateAt),
    created_at: iso(template.createdAt),
    updated_at: iso(template.updatedAt),
  };
}

/** Who made a change through the admin API: a console user (by name), an API key, or the operator. */
export async function adminAuthor(services: KabarServices, request: FastifyRequest): Promise<TemplateAuthor> {
  const actor = actorOf(request);
  if (actor.kind !== 'user') return { kind: actor.kind, id: actor.id, label: actor.label };
  const user = await services.access.access.findUser(actor.id);
  return { kind: 'user', id: actor.id, label: user === undefined || user.name.trim() === '' ? actor.label : user.name };
}

/**
 * A template's history, newest first, each entry with the version of the content it holds (each
 * create or edit is a new version; a status decision is about the version before it).
 */
export function historyView(template: MessageTemplate, versions: readonly TemplateVersion[]): Record<string, unknown> {
  let version = 0;
  const entries = versions.map((entry) => {
    if (contentEvents.includes(entry.event) || version === 0) version += 1;
    return {
      version,
      event: entry.event,
      status: entry.status,
      category: entry.category,
      language: entry.language,
      rejected_reason: entry.rejectedReason ?? 'NONE',
      note: entry.note,
      author: { kind: entry.author.kind, id: entry.author.id, name: entry.author.label },
      components: templateFields({ ...template, category: entry.category, components: entry.components }).components,
      at: iso(entry.at),
    };
  });
  return { template_id: template.id, name: template.name, language: template.language, data: entries.reverse() };
}

export function templatesAdminRoutes(services: KabarServices, deps: TemplatesDeps, forget: () => void) {
  return (instance: FastifyInstance): void => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.post(
      '/admin/templates/lint',
      { config: { access: 'agent', audit: false }, schema: { body: Type.Object({ template: Type.Unknown(), waba_id: Type.Optional(Type.String({ pattern: '^[0-9]{1,32}$' })) }) } },
      async (request, reply) => {
        let others: MessageTemplate[] = [];
        if (request.body.waba_id !== undefined) {
          const waba = await services.accounts.findWaba(request.body.waba_id);
          const scope = nodeInScope(request, waba, 'WABA', request.body.waba_id);
          if (!scope.ok || waba === undefined) return sendDomainError(reply, domainError('NODE_NOT_FOUND', `No WABA with id '${request.body.waba_id}'.`));
          await ensureSampleTemplates(deps, waba);
          others = await deps.templates.listAll(waba.id);
        }
        const report = await lintTemplate(request.body.template, { others, detect: deps.detect });
        return reply.send({ verdict: hasRejection(report.findings) ? 'reject' : report.findings.length > 0 ? 'warn' : 'pass', findings: report.findings.map(findingView) });
      },
    );

    app.get('/admin/wabas/:id/templates', { config: { access: 'agent' }, schema: { params: idParams } }, async (request, reply) => {
      const waba = await services.accounts.findWaba(request.params.id);
      if (waba === undefined || !nodeInScope(request, waba, 'WABA', request.params.id).ok) return sendDomainError(reply, domainError('NODE_NOT_FOUND', `No WABA with id '${request.params.id}'.`));
      await ensureSampleTemplates(deps, waba);
      const templates = (await deps.templates.listAll(waba.id)).filter((template) => template.status !== 'DELETED');
      return reply.send({ data: templates.map(adminTemplateView) });
    });

    // The console creates and deletes as the business, through the same use cases as the Graph routes.
    const consolePrincipal = (businessId: string): Principal => ({ tokenId: 'console', businessId, appId: 'console', permissions: allPermissions, expiresAt: null });

    app.post('/admin/wabas/:id/templates', { config: { access: 'admin', audit: 'templates.create' }, schema: { params: idParams, body: Type.Unknown() } }, async (request, reply) => {
      const waba = await services.accounts.findWaba(request.params.id);
      const scope = nodeInScope(request, waba, 'WABA', request.params.id);
      if (!scope.ok) return sendDomainError(reply, scope.error);
      const body = request.body as { name?: unknown; language?: unknown } | null;
      request.auditDetails = { name: typeof body?.name === 'string' ? body.name : null, language: typeof body?.language === 'string' ? body.language : null };
      const result = await createTemplate(deps, { principal: consolePrincipal(scope.value), wabaId: request.params.id, body: request.body, author: await adminAuthor(services, request) });
      forget();
      if (!result.ok) return sendDomainError(reply, result.error);
      return reply.code(201).send(result.value);
    });

    // An edit as the business makes it over Graph (`POST /{template-id}`): new components or category, back to review.
    app.post('/admin/templates/:id', { config: { access: 'admin', audit: 'templates.edit' }, schema: { params: idParams, body: Type.Record(Type.String(), Type.Unknown()) } }, async (request, reply) => {
      const template = await deps.templates.findById(request.params.id);
      if (template === undefined || template.status === 'DELETED' || !nodeInScope(request, template, 'template', request.params.id).ok) {
        return sendDomainError(reply, domainError('NODE_NOT_FOUND', `No template with id '${request.params.id}'.`));
      }
      request.auditDetails = { name: template.name, language: template.language };
      const result = await editTemplate(deps, template, request.body, await adminAuthor(services, request));
      forget();
      if (!result.ok) return sendDomainError(reply, result.error);
      const edited = await deps.templates.findById(template.id);
      return reply.send(edited === undefined ? result.value : adminTemplateView(edited));
    });

    app.delete(
      '/admin/wabas/:id/templates',
      { config: { access: 'admin', audit: 'templates.delete' }, schema: { params: idParams, querystring: Type.Object({ name: Type.String({ minLength: 1, maxLength: 512 }), hsm_id: Type.Optional(Type.String({ pattern: '^[0-9]{1,32}$' })) }) } },
      async (request, reply) => {
        const waba = await services.accounts.findWaba(request.params.id);
        const scope = nodeInScope(request, waba, 'WABA', request.params.id);
        if (!scope.ok) return sendDomainError(reply, scope.error);
        request.auditDetails = { name: request.query.name };
        const result = await deleteTemplates(deps, { principal: consolePrincipal(scope.value), wabaId: request.params.id, name: request.query.name, hsmId: request.query.hsm_id });
        forget();
        return result.ok ? reply.send(result.value) : sendDomainError(reply, result.error);
      },
    );

    app.get('/admin/templates/:id', { config: { access: 'agent' }, schema: { params: idParams } }, async (request, reply) => {
      const template = await deps.templates.findById(request.params.id);
      if (template === undefined || !nodeInScope(request, template, 'template', request.params.id).ok) return sendDomainError(reply, domainError('NODE_NOT_FOUND', `No template with id '${request.params.id}'.`));
      return reply.send(adminTemplateView(template));
    });

    app.get('/admin/templates/:id/history', { config: { access: 'agent' }, schema: { params: idParams } }, async (request, reply) => {
      const template = await deps.templates.findById(request.params.id);
      if (template === undefined || !nodeInScope(request, template, 'template', request.params.id).ok) return sendDomainError(reply, domainError('NODE_NOT_FOUND', `No template with id '${request.params.id}'.`));
      return reply.send(historyView(template, await deps.templates.history(template.id)));
    });

    app.post(
      '/admin/templates/:id/review',
      {
        // The review is Meta's side of the platform: the operator's.
        config: { access: 'operator' },
        schema: {
          params: idParams,
          body: Type.Object(
            {
              status: Type.Union([Type.Literal('APPROVED'), Type.Literal('REJECTED')]),
              reason: Type.Optional(Type.Union(reasons.map((reason) => Type.Literal(reason)))),
              note: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
            },
            { additionalProperties: false },
          ),
        },
      },
      async (request, reply) => {
        const { status, reason, note } = request.body;
        const author = await adminAuthor(services, request);
        const result = await overrideReview(deps, { templateId: request.params.id, outcome: status, author, ...(reason === undefined ? {} : { reason }), ...(note === undefined ? {} : { note }) });
        forget();
        return result.ok ? reply.send(adminTemplateView(result.value)) : sendDomainError(reply, result.error);
      },
    );

    app.post(
      '/admin/templates/:id/category',
      {
        config: { access: 'operator' },
        schema: {
          params: idParams,
          body: Type.Object({ category: Type.Union(templateCategories.map((category) => Type.Literal(category))), immediate: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
        },
      },
      async (request, reply) => {
        const result = await reassignCategory(deps, { templateId: request.params.id, category: request.body.category, immediate: request.body.immediate === true });
        forget();
        return result.ok ? reply.send(adminTemplateView(result.value)) : sendDomainError(reply, result.error);
      },
    );

    app.get('/admin/templates/review-settings', { config: { access: 'agent' } }, async (_request, reply) => reply.send({ delay_ms: await deps.review.delayMs() }));

    app.post(
      '/admin/templates/review-settings',
      { config: { access: 'operator' }, schema: { body: Type.Object({ delay_ms: Type.Integer({ minimum: 0, maximum: 7 * 24 * 60 * 60 * 1000 }) }, { additionalProperties: false }) } },
      async (request, reply) => {
        await services.settings.put(reviewSettingsKey, { delayMs: request.body.delay_ms }, services.clock.now());
        return reply.send({ delay_ms: request.body.delay_ms });
      },
    );
  };
}
