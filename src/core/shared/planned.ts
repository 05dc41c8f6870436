import type { UnitRecord, WriteBatcher } from './unit-of-work.js';
import { unitOf } from './unit-of-work.js';

/**
 * What a use case decided, not yet committed: the value it will answer with and the records that
 * make it true. The caller may add records of its own (an idempotent answer, a signup's other
 * parts) and commits them all in one unit of work.
 */
export interface Planned<Value> {
  readonly value: Value;
  readonly records: readonly UnitRecord[];
}

export function planned<Value>(value: Value, ...groups: readonly (readonly UnitRecord[])[]): Planned<Value> {
  return { value, records: groups.flat() };
}

/** Commits a plan (with extra records) and answers its value; a plan carries no idempotency key of its own. */
export async function commitPlanned<Value>(writer: WriteBatcher, plan: Planned<Value>, ...extra: readonly (readonly UnitRecord[])[]): Promise<Value> {
  const outcome = await writer.commit(unitOf(plan.records, ...extra));
  if (!outcome.committed) throw new Error('a plan without an idempotency key was refused as a duplicate');
  return plan.value;
}
