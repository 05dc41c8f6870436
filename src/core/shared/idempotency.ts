import { recordKind } from './unit-of-work.js';

/**
 * The first answer to a create request that carried an `Idempotency-Key`: committed in the same unit
 * of work as what the request created, so a retry either finds it and replays it, or finds nothing
 * and nothing was created. A key is unique within its scope (the route and its path).
 */
export interface IdempotentAnswer {
  readonly scope: string;
  readonly key: string;
  /** A digest of the request: the same key with another request is refused, not replayed. */
  readonly fingerprint: string;
  readonly statusCode: number;
  readonly response: unknown;
  readonly createdAt: number;
}

export const idempotentAnswerRecorded = recordKind<IdempotentAnswer>('shared.idempotent-answer');

export interface IdempotentAnswers {
  find(scope: string, key: string): Promise<IdempotentAnswer | undefined>;
}
