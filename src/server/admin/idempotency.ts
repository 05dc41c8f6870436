import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { domainError, idempotentAnswerRecorded, record, unitOf, type DomainError, type IdempotentAnswer, type Result, type UnitRecord } from '../../core/shared/index.js';
import { sendDomainError } from '../errors.js';
import { requestFingerprint } from '../request-fingerprint.js';
import type { KabarServices } from '../services.js';

/** The optional `Idempotency-Key` header of the admin create routes. */
export const idempotencyHeaders = Type.Object({ 'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 255 })) });

/** What a create route answers, and the records that make it true (committed together). */
export interface CreatedAnswer {
  readonly statusCode: number;
  readonly body: unknown;
  readonly records: readonly UnitRecord[];
  /** Work to do once the records have committed (an operator's shortcut through the remaining steps). */
  readonly then?: () => Promise<Result<unknown, DomainError>>;
}

export interface AnswerOnceOptions {
  /** How a retry is answered; by default the first answer as it was. */
  readonly replay?: (first: IdempotentAnswer) => Promise<Result<unknown, DomainError>>;
}

/**
 * A create request answered once: with an `Idempotency-Key`, the first answer is committed with
 * what the request created, and a retry with the same key and the same request gets that answer
 * back without creating anything; the same key with another request is refused.
 */
export async function answerOnce(
  services: KabarServices,
  request: FastifyRequest,
  reply: FastifyReply,
  create: () => Promise<Result<CreatedAnswer, DomainError>>,
  options: AnswerOnceOptions = {},
): Promise<FastifyReply> {
  const header = request.headers['idempotency-key'];
  const key = typeof header === 'string' ? header : undefined;
  const scope = `${request.method} ${request.url.split('?')[0] ?? ''}`;
  const fingerprint = requestFingerprint(request.body ?? null);
  const replay = async (first: IdempotentAnswer): Promise<FastifyReply> => {
    if (first.fingerprint !== fingerprint) {
      return sendDomainError(reply, domainError('PARAMETER_INVALID', `Idempotency-Key '${first.key}' was already used for a different request; a retry must repeat the request exactly.`));
    }
    const again = options.replay === undefined ? { ok: true as const, value: first.response } : await options.replay(first);
    return again.ok ? reply.code(first.statusCode).send(again.value) : sendDomainError(reply, again.error);
  };
  if (key !== undefined) {
    const first = await services.idempotentAnswers.find(scope, key);
    if (first !== undefined) return replay(first);
  }
  const created = await create();
  if (!created.ok) return sendDomainError(reply, created.error);
  const { statusCode, body, records, then } = created.value;
  const answer: IdempotentAnswer | undefined = key === undefined ? undefined : { scope, key, fingerprint, statusCode, response: body, createdAt: services.clock.now() };
  const outcome = await services.committer.commit(unitOf(records, answer === undefined ? [] : [record(idempotentAnswerRecorded, answer)]));
  if (!outcome.committed && key !== undefined) {
    // A concurrent retry with the same key committed first: answer what it answered.
    const winner = await services.idempotentAnswers.find(scope, key);
    if (winner === undefined) throw new Error('an idempotent create lost its race but the winner cannot be found');
    return replay(winner);
  }
  if (then !== undefined) {
    const finished = await then();
    if (!finished.ok) return sendDomainError(reply, finished.error);
    return reply.code(statusCode).send(finished.value);
  }
  return reply.code(statusCode).send(body);
}
