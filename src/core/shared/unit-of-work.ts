/**
 * One unit of work: everything a use case writes, committed in one transaction (possibly batched
 * with the units of other requests). Every module contributes records of its own kinds; each kind
 * has one store-side writer, so the committer never grows a field or a branch per module.
 */

/** A kind of record, named once by the module that owns it. The payload type rides along. */
export interface RecordKind<Payload> {
  readonly name: string;
  /** Never set: carries the payload type. */
  readonly payloadType?: Payload;
}

export function recordKind<Payload>(name: string): RecordKind<Payload> {
  return { name };
}

export interface UnitRecord {
  readonly kind: string;
  readonly payload: unknown;
}

export interface UnitOfWork {
  readonly records: readonly UnitRecord[];
}

export function record<Payload>(kind: RecordKind<Payload>, payload: Payload): UnitRecord {
  return { kind: kind.name, payload };
}

export function records<Payload>(kind: RecordKind<Payload>, payloads: readonly Payload[]): UnitRecord[] {
  return payloads.map((payload) => ({ kind: kind.name, payload }));
}

/** A unit made of the given groups of records, in order. */
export function unitOf(...groups: readonly (readonly UnitRecord[])[]): UnitOfWork {
  // A loop, not flat(): units are built for every send and every batch of statuses.
  const all: UnitRecord[] = [];
  for (const group of groups) for (const entry of group) all.push(entry);
  return { records: all };
}

export const emptyUnit: UnitOfWork = { records: [] };

/** The payloads of one kind in a unit, in the order they were added. */
export function payloadsOf<Payload>(unit: UnitOfWork, kind: RecordKind<Payload>): Payload[] {
  const found: Payload[] = [];
  for (const entry of unit.records) if (entry.kind === kind.name) found.push(entry.payload as Payload);
  return found;
}

export type CommitOutcome = { readonly committed: true } | { readonly committed: false; readonly reason: 'duplicate_idempotency_key' };

export interface WriteBatcher {
  /** Resolves once the transaction holding the unit has committed. */
  commit(unit: UnitOfWork): Promise<CommitOutcome>;
  /**
   * Like `commit`, for a unit that no request waits on (statuses the simulator applies): the batcher
   * may hold it for a moment so that it shares the next commit a request makes instead of taking a
   * commit and a disk sync of its own. A batcher without it commits such units with `commit`.
   */
  commitLater?(unit: UnitOfWork): Promise<CommitOutcome>;
  /**
   * Whether requests are committing now, so that a unit given to `commitLater` would share their
   * next commit. Background work uses it to size its batches: small while requests wait behind each
   * batch, large when a batch pays for a commit of its own.
   */
  requestsCommitting?(): boolean;
}
