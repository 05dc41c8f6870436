/**
 * The WhatsApp Business Account node: its plain fields and the analytics fields that take Graph's
 * field-expansion modifiers (`analytics.start(…).end(…).granularity(DAY)`), in one answer.
 */
import type { FastifyReply } from 'fastify';
import type { Waba } from '../../core/accounts/index.js';
import { isAnalyticsField, readWabaAnalytics, type AnalyticsRepository } from '../../core/analytics/index.js';
import { domainError } from '../../core/shared/index.js';
import { parseFieldExpansion } from '../../wire/index.js';
import { sendDomainError } from '../errors.js';
import type { KabarServices } from '../services.js';
import { defaultWabaFields, wabaFields } from './phone-number.view.js';

export async function answerWaba(services: KabarServices, analytics: AnalyticsRepository, reply: FastifyReply, waba: Waba, requested: string | undefined): Promise<FastifyReply> {
  const parsed = requested === undefined ? { ok: true as const, fields: defaultWabaFields.map((name) => ({ name, modifiers: [] })) } : parseFieldExpansion(requested);
  if (!parsed.ok) return sendDomainError(reply, domainError('PARAMETER_MALFORMED', `(#100) fields: ${parsed.reason}`));
  const plain = wabaFields(waba);
  const answer: Record<string, unknown> = {};
  let numbers: { readonly id: string; readonly digits: string }[] | undefined;
  for (const field of parsed.fields) {
    if (isAnalyticsField(field)) {
      numbers ??= (await services.accounts.listPhoneNumbers(waba.id)).map((number) => ({ id: number.id, digits: number.phoneNumber.replace(/\D/g, '') }));
      const series = await readWabaAnalytics({ analytics, clock: services.clock }, { businessId: waba.businessId, wabaId: waba.id, numbers, field });
      if (!series.ok) return sendDomainError(reply, series.error);
      answer[field.name] = series.value;
    } else if (Object.hasOwn(plain, field.name)) {
      answer[field.name] = plain[field.name];
    } else {
      return sendDomainError(reply, domainError('FIELD_UNKNOWN', `(#100) Tried accessing nonexisting field (${field.name}) on node type (WhatsAppBusinessAccount)`));
    }
  }
  answer['id'] = waba.id;
  return reply.send(answer);
}
