import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { domainError, fail, ok, type DomainError, type Result } from '../../core/shared/index.js';

export const phoneNumberParams = Type.Object({ phoneNumberId: Type.String({ pattern: '^[0-9]{1,32}$' }) });
export const wabaParams = Type.Object({ wabaId: Type.String({ pattern: '^[0-9]{1,32}$' }) });
/** Graph takes these parameters in the query string, a form body or a JSON body alike. */
export const looseQuery = Type.Object({}, { additionalProperties: true });
export const looseBody = Type.Optional(Type.Union([Type.Object({}, { additionalProperties: true }), Type.Null()]));

export type Fields = Readonly<Record<string, unknown>>;

/** The request's parameters: the query string, overridden by the body. */
export function fieldsOf(request: FastifyRequest): Fields {
  const query = (request.query ?? {}) as Record<string, unknown>;
  const body = request.body !== null && typeof request.body === 'object' && !Array.isArray(request.body) ? (request.body as Record<string, unknown>) : {};
  return { ...query, ...body };
}

/** A text parameter (a number sent in JSON reads as its digits); undefined when absent. */
export function textField(fields: Fields, name: string): Result<string | undefined, DomainError> {
  const value = fields[name];
  if (value === undefined || value === null) return ok(undefined);
  if (typeof value === 'string') return ok(value);
  if (typeof value === 'number' && Number.isFinite(value)) return ok(String(value));
  return fail(domainError('FIELD_VALUE_INVALID', `Param ${name} must be a string.`));
}

export function requiredText(fields: Fields, name: string, rule?: { readonly pattern: RegExp; readonly says: string }): Result<string, DomainError> {
  const value = textField(fields, name);
  if (!value.ok) return value;
  if (value.value === undefined || value.value === '') return fail(domainError('FIELD_VALUE_INVALID', `The parameter ${name} is required.`));
  if (rule !== undefined && !rule.pattern.test(value.value)) return fail(domainError('FIELD_VALUE_INVALID', `Param ${name} ${rule.says}.`));
  return ok(value.value);
}

export const pinRule = { pattern: /^[0-9]{6}$/, says: 'must be a 6-digit number' } as const;

/** JSON `true`, or the text "true" of a form. */
export function booleanField(fields: Fields, name: string): boolean {
  const value = fields[name];
  return value === true || value === 'true';
}
