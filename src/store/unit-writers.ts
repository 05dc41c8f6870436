import { sql, type Compilable, type Insertable, type Transaction } from 'kysely';
import { countryOf, timerCancelled, timerDone, timerScheduled, type RecordKind, type UnitOfWork } from '../core/shared/index.js';
import { countMove, messageCountBucketMs } from '../core/analytics/index.js';
import { inboundRead, messageStored, statusChanged, windowTouched, type StatusChange } from '../core/messaging/index.js';
import { outboxQueued, outboxSuperseded } from '../core/webhooks/index.js';
import type { Database, MessageCountBucketsTable } from './schema.js';
import { messageRow } from './repositories/messages.repository.js';
import { executeShaped } from './compiled-shapes.js';
import { heldUserIndexOf } from './held-user-index.js';
import { heldStatusesOf, statusWrites, type StatusWrite } from './held-statuses.js';

/** Writes every record of one kind that a batch of units holds, inside the batch's transaction. */
export interface UnitWriter {
  readonly kind: string;
  write(trx: Transaction<Database>, payloads: readonly unknown[]): Promise<void>;
}

export function unitWriter<Payload>(kind: RecordKind<Payload>, write: (trx: Transaction<Database>, payloads: readonly Payload[]) => Promise<void>): UnitWriter {
  return { kind: kind.name, write: (trx, payloads) => write(trx, payloads as readonly Payload[]) };
}

const chunkSize = 100;

export function chunks<Item>(items: readonly Item[], size = chunkSize): Item[][] {
  const result: Item[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}

/**
 * A map's values in the order of their keys. Sums upserted in this order lock their rows on
 * PostgreSQL in the same order in every transaction, so two nodes adding to the same sums never
 * deadlock.
 */
export function valuesInKeyOrder<Value>(map: ReadonlyMap<string, Value>): Value[] {
  return [...map.entries()].sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0)).map(([, value]) => value);
}

/**
 * A multi-row INSERT run through `executeShaped`: Kysely builds and compiles a syntax tree of every
 * value of every statement, which for a few hundred rows costs more than the database's own insert,
 * so the SQL is compiled once per statement, column list and row count, then only rebound. The
 * first row's columns name the values, in order, for every row.
 */
export function reusableInsert<Row extends object>(name: string, build: (trx: Transaction<Database>, rows: readonly Row[]) => Compilable): (trx: Transaction<Database>, rows: readonly Row[]) => Promise<void> {
  return async (trx, rows) => {
    const first = rows[0];
    if (first === undefined) return;
    const columns = Object.keys(first);
    const parameters: unknown[] = new Array(rows.length * columns.length);
    let index = 0;
    for (const row of rows as readonly Readonly<Record<string, unknown>>[]) {
      for (const column of columns) {
        parameters[index] = row[column];
        index += 1;
      }
    }
    await executeShaped(trx, `${name}:${columns.join(',')}:${rows.length}`, parameters, () => build(trx, rows).compile());
  };
}

/** Groups the records of many units by kind and hands each group to its writer, writers in their order. */
export async function writeUnits(trx: Transaction<Database>, writers: readonly UnitWriter[], units: readonly UnitOfWork[]): Promise<void> {
  const byKind = new Map<string, unknown[]>();
  for (const unit of units) {
    for (const entry of unit.records) {
      let group = byKind.get(entry.kind);
      if (group === undefined) {
        group = [];
        byKind.set(entry.kind, group);
      }
      group.push(entry.payload);
    }
  }
  for (const writer of writers) {
    const payloads = byKind.get(writer.kind);
    if (payloads === undefined) continue;
    byKind.delete(writer.kind);
    await writer.write(trx, payloads);
  }
  const unknown = [...byKind.keys()];
  // A kind nobody writes would be lost silently: that is a wiring bug, and it fails the transaction.
  if (unknown.length > 0) throw new Error(`no writer for unit record kinds: ${unknown.join(', ')}`);
}

// The statements every send and every status runs skip Kysely's build and compile (executeShaped).
// Each message's `message_users` entry is written with it, except where the database's one process
// holds the entries and writes them together later (SQLite: see HeldUserIndex).
const messagesWriter = unitWriter(messageStored, async (trx, messages) => {
  const late = heldUserIndexOf(trx) !== undefined;
  for (const part of chunks(messages)) {
    const rows = part.map(messageRow);
    await executeShaped(trx, `messages.insert:${rows.length}`, rows.flatMap((row) => Object.values(row)), () => trx.insertInto('messages').values(rows).compile());
    if (late) continue;
    const entries = part.map((message) => ({ wa_id: message.waId, key: message.key }));
    await executeShaped(trx, `message_users.insert:${entries.length}`, entries.flatMap((entry) => [entry.wa_id, entry.key]), () => trx.insertInto('message_users').values(entries).compile());
  }
});

const upsertCounts = reusableInsert<Insertable<MessageCountBucketsTable>>('message_count_buckets.upsert', (trx, rows) =>
  trx
    .insertInto('message_count_buckets')
    .values([...rows])
    .onConflict((conflict) =>
      conflict
        .columns(['waba_id', 'bucket_start', 'phone_number_id', 'country'])
        .doUpdateSet({ sent: sql`message_count_buckets.sent + excluded.sent`, delivered: sql`message_count_buckets.delivered + excluded.delivered` }),
    ),
);

/** Adds each outbound change's move to the analytics counts of its message's half hour, one row a bucket. */
async function countStatuses(trx: Transaction<Database>, changes: readonly StatusChange[]): Promise<void> {
  const sums = new Map<string, { waba_id: string; bucket_start: number; phone_number_id: string; country: string; sent: number; delivered: number }>();
  for (const change of changes) {
    const { message } = change;
    if (message.direction !== 'outbound') continue;
    const move = countMove(message.status, change.status);
    if (move.sent === 0 && move.delivered === 0) continue;
    const bucketStart = Math.floor(message.createdAt / messageCountBucketMs) * messageCountBucketMs;
    const country = countryOf(message.waId) ?? '';
    const id = `${message.wabaId} ${bucketStart} ${message.phoneNumberId} ${country}`;
    let sum = sums.get(id);
    if (sum === undefined) {
      sum = { waba_id: message.wabaId, bucket_start: bucketStart, phone_number_id: message.phoneNumberId, country, sent: 0, delivered: 0 };
      sums.set(id, sum);
    }
    sum.sent += move.sent;
    sum.delivered += move.delivered;
  }
  for (const part of chunks(valuesInKeyOrder(sums))) await upsertCounts(trx, part);
}

/**
 * PostgreSQL, where every statement is a round trip, takes one UPDATE a chunk joined with a table of
 * values (a CASE per column would compare every row with every change). Each message's row gets its
 * last status and the time each status was first reached (a repeat keeps the first).
 */
async function updateStatusRows(trx: Transaction<Database>, writes: readonly StatusWrite[]): Promise<void> {
  for (const part of chunks(writes)) {
    const parameters = part.flatMap((write) => [write.key, write.status, write.errorCode, write.updatedAt, write.sentAt, write.deliveredAt, write.readAt, write.failedAt]);
    await executeShaped(trx, `messages.status-update:${part.length}`, parameters, () =>
      sql`with changed ("key", "status", "error_code", "updated_at", "sent_at", "delivered_at", "read_at", "failed_at")
        as (values ${sql.join(part.map((write) => sql`(${write.key}, cast(${write.status} as varchar(16)), cast(${write.errorCode} as integer), cast(${write.updatedAt} as bigint), cast(${write.sentAt} as bigint), cast(${write.deliveredAt} as bigint), cast(${write.readAt} as bigint), cast(${write.failedAt} as bigint))`))})
        update "messages" set "status" = changed."status", "error_code" = changed."error_code", "updated_at" = changed."updated_at",
          "sent_at" = coalesce("messages"."sent_at", changed."sent_at"), "delivered_at" = coalesce("messages"."delivered_at", changed."delivered_at"),
          "read_at" = coalesce("messages"."read_at", changed."read_at"), "failed_at" = coalesce("messages"."failed_at", changed."failed_at")
        from changed where "messages"."key" = changed."key"`.compile(trx),
    );
  }
}

// On SQLite a batch's statuses go to the journal, and into their rows a few seconds later with
// others of the same messages' pages (see HeldStatuses); PostgreSQL writes the rows now.
const statusesWriter = unitWriter(statusChanged, async (trx, changes) => {
  const writes = statusWrites(changes);
  const held = heldStatusesOf(trx);
  if (held === undefined) await updateStatusRows(trx, writes);
  else held.journal(writes);
  await countStatuses(trx, changes);
});

const windowsWriter = unitWriter(windowTouched, async (trx, touches) => {
  for (const touch of touches) {
    await trx
      .insertInto('customer_windows')
      .values({ phone_number_id: touch.phoneNumberId, wa_id: touch.waId, last_inbound_at: touch.lastInboundAt })
      .onConflict((conflict) => conflict.columns(['phone_number_id', 'wa_id']).doUpdateSet({ last_inbound_at: touch.lastInboundAt }))
      .execute();
  }
});

const inboundReadWriter = unitWriter(inboundRead, async (trx, receipts) => {
  const held = heldUserIndexOf(trx);
  for (const receipt of receipts) {
    held?.writeUser(receipt.waId);
    await trx
      .updateTable('messages')
      .set({ status: 'read', updated_at: receipt.at })
      .where('key', 'in', (eb) => eb.selectFrom('message_users').select('key').where('wa_id', '=', receipt.waId).where('key', '<=', receipt.throughKey))
      .where('wa_id', '=', receipt.waId)
      .where('phone_number_id', '=', receipt.phoneNumberId)
      .where('direction', '=', 'inbound')
      .where('status', '=', 'received')
      .execute();
  }
});

const outboxWriter = unitWriter(outboxQueued, async (trx, outbox) => {
  for (const part of chunks(outbox)) {
    await trx
      .insertInto('outbox')
      .values(
        part.map((row) => ({
          key: row.key,
          business_id: row.businessId,
          app_id: row.appId,
          url: row.url,
          body: row.body,
          status: row.status,
          attempts: row.attempts,
          next_attempt_at: row.nextAttemptAt,
          created_at: row.createdAt,
          delivered_at: row.deliveredAt,
          finished_at: row.finishedAt,
          last_error: row.lastError,
          message_key: row.messageKey ?? null,
        })),
      )
      .execute();
  }
});

const outboxSupersededWriter = unitWriter(outboxSuperseded, async (trx, superseded) => {
  for (const entry of superseded) {
    await trx.updateTable('outbox').set({ status: 'dead', finished_at: entry.at, last_error: `superseded by replay ${entry.by}` }).where('key', '=', entry.key).where('status', '=', 'pending').execute();
  }
});

const timersCancelledWriter = unitWriter(timerCancelled, async (trx, cancellations) => {
  for (const { kind, subject } of cancellations) await trx.deleteFrom('timers').where('kind', '=', kind).where('subject', '=', subject).execute();
});

const timersScheduledWriter = unitWriter(timerScheduled, async (trx, timers) => {
  // Scheduling again with the same kind and subject replaces the pending timer.
  for (const timer of timers) await trx.deleteFrom('timers').where('kind', '=', timer.kind).where('subject', '=', timer.subject).execute();
  for (const part of chunks(timers)) {
    await trx
      .insertInto('timers')
      .values(part.map((timer) => ({ key: timer.key, due_at: timer.dueAt, kind: timer.kind, subject: timer.subject, payload: JSON.stringify(timer.payload ?? null) })))
      .execute();
  }
});

const timersDoneWriter = unitWriter(timerDone, async (trx, done) => {
  for (const part of chunks(done)) await trx.deleteFrom('timers').where('key', 'in', part.map((entry) => entry.key)).execute();
});

/**
 * The writers of the foundation's kinds, in the order they must run: timers are removed before
 * handlers' new ones are added, so a handler may schedule its own successor.
 */
export const coreUnitWriters: readonly UnitWriter[] = [
  messagesWriter,
  statusesWriter,
  windowsWriter,
  inboundReadWriter,
  outboxWriter,
  outboxSupersededWriter,
  timersDoneWriter,
  timersCancelledWriter,
  timersScheduledWriter,
];
