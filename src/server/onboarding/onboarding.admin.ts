import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { numberCap, startingLimitTier, startingTiers, type Business, type MessagingLimitTier, type StartingTier } from '../../core/accounts/index.js';
import { decideAsOperator, planSignup, requestBusinessVerification } from '../../core/onboarding/index.js';
import { reviewKinds, type ReviewerSetting, type ReviewKind, type ReviewStatus } from '../../core/reviews/index.js';
import { domainError, ok } from '../../core/shared/index.js';
import { answerOnce, idempotencyHeaders } from '../admin/idempotency.js';
import { sendDomainError } from '../errors.js';
import { nodeInScope, scopedBusiness } from '../access/scope.js';
import { parseDuration } from '../sim/sim.routes.js';
import type { KabarServices } from '../services.js';
import type { OnboardingContext } from './onboarding.deps.js';
import { businessView, reviewView, settingsView } from './onboarding.views.js';

/** The tier the business's first number starts at, on its limits profile's ladder. */
async function startingTierOf(context: OnboardingContext, business: Business): Promise<MessagingLimitTier> {
  const given = startingLimitTier(business, await context.settings.startingTier());
  return context.deps.tierOnLadder === undefined ? given : context.deps.tierOnLadder(business.id, given);
}

const idParams = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,32}$' }) });
/** A reviewer takes at most a year. */
const maxDelayMs = 365 * 24 * 3_600_000;
const literals = <Value extends string>(values: readonly Value[]) => Type.Union(values.map((value) => Type.Literal(value)));
const documents = Type.Array(Type.Object({ type: Type.String({ minLength: 1, maxLength: 64 }), name: Type.String({ minLength: 1, maxLength: 256 }) }, { additionalProperties: false }), { minItems: 1, maxItems: 20 });
const reviewerChange = Type.Object(
  {
    outcome: Type.Optional(literals(['approve', 'reject', 'manual'] as const)),
    delay: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 32 }), Type.Integer({ minimum: 0, maximum: maxDelayMs })])),
    reason: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 500 }), Type.Null()])),
  },
  { additionalProperties: false },
);

/** A reviewer's delay: 0, a number of milliseconds, or a duration such as "10m" or "2d". */
function delayOf(delay: string | number): { ok: true; value: number } | { ok: false; error: string } {
  if (delay === 0 || delay === '0') return { ok: true, value: 0 };
  const parsed = parseDuration(delay);
  if (parsed.ok && parsed.value > maxDelayMs) return { ok: false, error: 'a reviewer takes at most a year.' };
  return parsed;
}

/** The operator's onboarding API: signups, business verification, reviews and their settings. */
export function onboardingAdminRoutes(services: KabarServices, context: OnboardingContext) {
  return (instance: FastifyInstance): void => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    const { deps } = context;

    app.post(
      '/admin/signups',
      {
        config: { access: 'operator' },
        schema: {
          headers: idempotencyHeaders,
          body: Type.Object(
            {
              mode: literals(['express', 'classic'] as const),
              business_name: Type.String({ minLength: 1, maxLength: 256 }),
              email: Type.Optional(Type.String({ minLength: 3, maxLength: 128, pattern: '^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$' })),
              waba_name: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
              app_name: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
              callback_url: Type.Optional(Type.String({ pattern: '^https?://', maxLength: 2000 })),
              documents: Type.Optional(documents),
            },
            { additionalProperties: false },
          ),
        },
      },
      (request, reply) =>
        answerOnce(services, request, reply, async () => {
          const { body } = request;
          const plan = await planSignup(deps, {
            mode: body.mode,
            businessName: body.business_name,
            ...(body.email === undefined ? {} : { email: body.email }),
            ...(body.waba_name === undefined ? {} : { wabaName: body.waba_name }),
            ...(body.app_name === undefined ? {} : { appName: body.app_name }),
            ...(body.callback_url === undefined ? {} : { callbackUrl: body.callback_url }),
            ...(body.documents === undefined ? {} : { documents: body.documents }),
          });
          if (!plan.ok) return plan;
          const { business, waba, app: created, issued, review } = plan.value.value;
          return ok({
            statusCode: 201,
            records: plan.value.records,
            body: {
              mode: business.signupMode,
              business_id: business.id,
              waba_id: waba.id,
              app_id: created.id,
              access_token: issued.accessToken,
              app_secret: created.secret,
              verify_token: created.verifyToken,
              verification_status: review === null ? business.verificationStatus : 'pending',
              verification_review_id: review?.id ?? null,
              messaging_limit_tier: await startingTierOf(context, business),
              max_phone_numbers: numberCap(business),
            },
          });
        }),
    );

    app.get('/admin/businesses/:id', { config: { access: 'agent' }, schema: { params: idParams } }, async (request, reply) => {
      const scope = scopedBusiness(request, request.params.id);
      if (!scope.ok) return sendDomainError(reply, scope.error);
      const business = await deps.accounts.findBusiness(request.params.id);
      if (business === undefined) return sendDomainError(reply, domainError('NODE_NOT_FOUND', `No business with id '${request.params.id}'.`));
      return reply.send(businessView(business, await deps.accounts.countBusinessNumbers(business.id)));
    });

    app.post('/admin/businesses/:id/verification', { config: { access: 'owner' }, schema: { params: idParams, body: Type.Object({ documents }, { additionalProperties: false }) } }, async (request, reply) => {
      const scope = scopedBusiness(request, request.params.id);
      if (!scope.ok) return sendDomainError(reply, scope.error);
      const review = await requestBusinessVerification(deps, { businessId: request.params.id, documents: request.body.documents });
      return review.ok ? reply.code(201).send(reviewView(review.value)) : sendDomainError(reply, review.error);
    });

    app.get(
      '/admin/reviews',
      {
        config: { access: 'agent' },
        schema: {
          querystring: Type.Object({
            status: Type.Optional(literals(['pending', 'approved', 'rejected'] as const)),
            kind: Type.Optional(literals(reviewKinds)),
            business_id: Type.Optional(Type.String({ pattern: '^[0-9]{1,32}$' })),
            phone_number_id: Type.Optional(Type.String({ pattern: '^[0-9]{1,32}$' })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
          }),
        },
      },
      async (request, reply) => {
        const { status, kind, phone_number_id: phoneNumberId, limit } = request.query;
        const scope = scopedBusiness(request, request.query.business_id);
        if (!scope.ok) return sendDomainError(reply, scope.error);
        const businessId = scope.value;
        const reviews = await deps.reviews.list({
          ...(status === undefined ? {} : { status: status as ReviewStatus }),
          ...(kind === undefined ? {} : { kind: kind as ReviewKind }),
          ...(businessId === undefined ? {} : { businessId }),
          ...(phoneNumberId === undefined ? {} : { phoneNumberId }),
          limit: limit ?? 50,
        });
        return reply.send({ data: reviews.map(reviewView) });
      },
    );

    app.get('/admin/reviews/:id', { config: { access: 'agent' }, schema: { params: idParams } }, async (request, reply) => {
      const review = await deps.reviews.find(request.params.id);
      const scope = nodeInScope(request, review, 'review', request.params.id);
      return scope.ok && review !== undefined ? reply.send(reviewView(review)) : sendDomainError(reply, scope.ok ? domainError('NODE_NOT_FOUND', `No review with id '${request.params.id}'.`) : scope.error);
    });

    app.post(
      '/admin/reviews/:id/decision',
      { config: { access: 'operator' }, schema: { params: idParams, body: Type.Object({ decision: literals(['approve', 'reject'] as const), reason: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })) }, { additionalProperties: false }) } },
      async (request, reply) => {
        const decided = await decideAsOperator(deps, { reviewId: request.params.id, decision: request.body.decision, reason: request.body.reason ?? null });
        return decided.ok ? reply.send(reviewView(decided.value)) : sendDomainError(reply, decided.error);
      },
    );

    app.get('/admin/onboarding/settings', { config: { access: 'operator' } }, async (_request, reply) => reply.send(settingsView(await context.settings.current())));

    app.post(
      '/admin/onboarding/settings',
      {
        config: { access: 'operator' },
        schema: {
          body: Type.Object(
            {
              reviewers: Type.Optional(Type.Object(Object.fromEntries(reviewKinds.map((kind) => [kind, Type.Optional(reviewerChange)])), { additionalProperties: false })),
              starting_tier: Type.Optional(literals(startingTiers)),
            },
            { additionalProperties: false },
          ),
        },
      },
      async (request, reply) => {
        const reviewers: Partial<Record<ReviewKind, Partial<ReviewerSetting>>> = {};
        const given = (request.body.reviewers ?? {}) as Partial<Record<ReviewKind, { outcome?: ReviewerSetting['outcome']; delay?: string | number; reason?: string | null }>>;
        for (const kind of reviewKinds) {
          const change = given[kind];
          if (change === undefined) continue;
          let delayMs: number | undefined;
          if (change.delay !== undefined) {
            const delay = delayOf(change.delay);
            if (!delay.ok) return sendDomainError(reply, domainError('FIELD_VALUE_INVALID', `reviewers.${kind}.delay: ${delay.error}`));
            delayMs = delay.value;
          }
          reviewers[kind] = {
            ...(change.outcome === undefined ? {} : { outcome: change.outcome }),
            ...(delayMs === undefined ? {} : { delayMs }),
            ...(change.reason === undefined ? {} : { reason: change.reason }),
          };
        }
        const startingTier = request.body.starting_tier as StartingTier | undefined;
        const changed = await context.settings.change({ reviewers, ...(startingTier === undefined ? {} : { startingTier }) }, services.clock.now());
        return reply.send(settingsView(changed));
      },
    );
  };
}
