import { sql, type Compilable, type Transaction } from 'kysely';
import type { RecordKind, UnitOfWork } from '../core/shared/index.js';
import { timerCancelled, timerDone, timerScheduled } from '../core/shared/index.js';
import { inboundRead, messageStored, statusChanged, windowTouched } from '../core/messaging/index.js';
import { outboxQueued, outboxSuperseded } from '../core/webhooks/index.js';
import type { Database } from './schema.js';
import { messageRow } from './repositories/messages.repository.js';
import { executeShaped } from './compiled-shapes.js';

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
const messagesWriter = unitWriter(messageStored, async (trx, messages) => {
  for (const part of chunks(messages)) {
    const rows = part.map(messageRow);
    await executeShaped(trx, `messages.insert:${rows.length}`, rows.flatMap((row) => Object.values(row)), () => trx.insertInto('messages').values(rows).compile());
  }
});

const statusesWriter = unitWriter(statusChanged, async (trx, changes) => {
  // Every change joins the message's status history (its timeline in the console); a repeat is ignored.
  for (const part of chunks(changes)) {
    const rows = part.map((change) => ({ message_key: change.key, status: change.status, error_code: change.errorCode, at: change.updatedAt }));
    await executeShaped(trx, `message_statuses.insert:${rows.length}`, rows.flatMap((row) => [row.message_key, row.status, row.error_code, row.at]), () =>
      trx.insertInto('message_statuses').values(rows).onConflict((conflict) => conflict.columns(['message_key', 'status']).doNothing()).compile(),
    );
  }
  // The last change of a message wins; one UPDATE per chunk instead of one per change. The changes
  // are joined as a table of values (linear in the chunk; a CASE per column compares every row
  // with every change, which cost more than the rest of applying a status).
  const latest = new Map(changes.map((change) => [change.key, change]));
  for (const part of chunks([...latest.values()])) {
    await executeShaped(trx, `messages.status-update:${part.length}`, part.flatMap((change) => [change.key, change.status, change.errorCode, change.updatedAt]), () =>
      sql`with changed ("key", "status", "error_code", "updated_at")
        as (values ${sql.join(part.map((change) => sql`(${change.key}, cast(${change.status} as varchar(16)), cast(${change.errorCode} as integer), cast(${change.updatedAt} as bigint))`))})
        update "messages" set "status" = changed."status", "error_code" = changed."error_code", "updated_at" = changed."updated_at"
        from changed where "messages"."key" = changed."key"`.compile(trx),
    );
  }
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
  for (const receipt of receipts) {
    await trx
      .updateTable('messages')
      .set({ status: 'read', updated_at: receipt.at })
      .where('wa_id', '=', receipt.waId)
      .where('key', '<=', receipt.throughKey)
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
