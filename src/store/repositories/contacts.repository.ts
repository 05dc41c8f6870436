import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import {
  contactDeleted, contactEventRecorded, contactEventsMoved, contactInserted, contactSeen, contactUpdated, identityCheckedSend, importRowFailed, importSaved, numberChecked, numberMessaged,
  parseCursor, searchName, type Contact, type ContactEvent, type ContactEventKind, type ContactImport, type ContactSearch, type ContactsRepository, type IdentitySends, type ImportRowError,
  type ImportsRepository, type NumberCheck, type NumberChecksRepository, type RowErrorCode, type VerificationState, type ImportStatus, type ImportOptions,
} from '../../core/contacts/index.js';
import type { ContactImportsTable, ContactsTable, ContactTagsTable, Database } from '../schema.js';
import { executeShaped } from '../compiled-shapes.js';
import { settleUser } from '../held-user-index.js';
import { chunks, reusableInsert, unitWriter, type UnitWriter } from '../unit-writers.js';

/** Rows per multi-row INSERT: 15 columns stay well under SQLite's 32,766 host parameters. */
const insertChunk = 500;

export function contactRow(contact: Contact): ContactsTable {
  return {
    id: contact.id,
    business_id: contact.businessId,
    wa_id: contact.waId,
    name: contact.name,
    search_name: searchName(contact.name),
    attributes: JSON.stringify(contact.attributes),
    tags: JSON.stringify(contact.tags),
    verification: contact.verification,
    verified_at: contact.verifiedAt,
    identity_hash: contact.identityHash,
    pending_identity_hash: contact.pendingIdentity?.hash ?? null,
    identity_changed_at: contact.pendingIdentity?.detectedAt ?? null,
    source: contact.source,
    created_at: contact.createdAt,
    updated_at: contact.updatedAt,
  };
}

export function toContact(row: Selectable<ContactsTable>): Contact {
  return {
    id: row.id,
    businessId: row.business_id,
    waId: row.wa_id,
    name: row.name,
    attributes: JSON.parse(row.attributes) as Contact['attributes'],
    tags: JSON.parse(row.tags) as string[],
    verification: row.verification as VerificationState,
    verifiedAt: row.verified_at,
    identityHash: row.identity_hash,
    pendingIdentity: row.pending_identity_hash === null ? null : { hash: row.pending_identity_hash, detectedAt: row.identity_changed_at ?? row.updated_at },
    source: row.source,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toImport(row: Selectable<ContactImportsTable>): ContactImport {
  return {
    id: row.id,
    businessId: row.business_id,
    status: row.status as ImportStatus,
    options: JSON.parse(row.options) as ImportOptions,
    fileName: row.file_name,
    encoding: row.encoding,
    delimiter: row.delimiter,
    bytesRead: row.bytes_read,
    rowsRead: row.rows_read,
    created: row.created,
    merged: row.merged,
    unchanged: row.unchanged,
    failed: row.failed,
    error: row.error,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

/**
 * Chunks of `max` items, then the rest in powers of two: a multi-row statement's SQL depends on its
 * row count, and prepared statements are cached by their SQL, so a handful of sizes keeps the cache
 * (and the memory each large statement holds) small whatever the batch sizes are.
 */
export function statementChunks<Item>(items: readonly Item[], max = insertChunk): Item[][] {
  const result: Item[][] = [];
  let start = 0;
  while (items.length - start >= max) {
    result.push(items.slice(start, start + max));
    start += max;
  }
  for (let size = 1 << Math.floor(Math.log2(max)); size >= 1 && start < items.length; size >>= 1) {
    if (items.length - start >= size) {
      result.push(items.slice(start, start + size));
      start += size;
    }
  }
  return result;
}

/** The smallest string above every string that starts with `prefix`. */
function prefixEnd(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}

// A number that became a contact meanwhile (a user writing in during an import) keeps that
// contact; the tag rows of the skipped one point at no contact, and searches join contacts.
const insertContactRows = reusableInsert<ContactsTable>('contacts.insert', (trx, rows) => trx.insertInto('contacts').values(rows).onConflict((conflict) => conflict.columns(['business_id', 'wa_id']).doNothing()));
const insertTagRows = reusableInsert<ContactTagsTable>('contact_tags.insert', (trx, rows) => trx.insertInto('contact_tags').values(rows).onConflict((conflict) => conflict.doNothing()));

const insertContacts = unitWriter(contactInserted, async (trx, contacts) => {
  for (const part of statementChunks(contacts)) await insertContactRows(trx, part.map(contactRow));
  const tags = contacts.flatMap((contact) => contact.tags.map((tag) => ({ business_id: contact.businessId, tag, contact_id: contact.id })));
  for (const part of statementChunks(tags, insertChunk * 2)) await insertTagRows(trx, part);
});

const seenContacts = unitWriter(contactSeen, async (trx, contacts) => {
  for (const contact of contacts) {
    await trx.insertInto('contacts').values(contactRow(contact)).onConflict((conflict) => conflict.columns(['business_id', 'wa_id']).doNothing()).execute();
    if (contact.name.length > 0) {
      await trx.updateTable('contacts').set({ name: contact.name, search_name: searchName(contact.name) }).where('business_id', '=', contact.businessId).where('wa_id', '=', contact.waId).where('name', '=', '').execute();
    }
    if (contact.identityHash !== null) {
      await trx.updateTable('contacts').set({ identity_hash: contact.identityHash }).where('business_id', '=', contact.businessId).where('wa_id', '=', contact.waId).where('identity_hash', 'is', null).execute();
    }
  }
});

const updateContacts = unitWriter(contactUpdated, async (trx, updates) => {
  for (const { contact, previousTags } of updates) {
    const full = contactRow(contact);
    const row = { wa_id: full.wa_id, name: full.name, search_name: full.search_name, attributes: full.attributes, tags: full.tags, verification: full.verification, verified_at: full.verified_at, identity_hash: full.identity_hash, pending_identity_hash: full.pending_identity_hash, identity_changed_at: full.identity_changed_at, source: full.source, updated_at: full.updated_at };
    await trx.updateTable('contacts').set(row).where('business_id', '=', contact.businessId).where('id', '=', contact.id).execute();
    const removed = previousTags.filter((tag) => !contact.tags.includes(tag));
    const added = contact.tags.filter((tag) => !previousTags.includes(tag));
    if (removed.length > 0) await trx.deleteFrom('contact_tags').where('business_id', '=', contact.businessId).where('tag', 'in', removed).where('contact_id', '=', contact.id).execute();
    if (added.length > 0) {
      await trx.insertInto('contact_tags').values(added.map((tag) => ({ business_id: contact.businessId, tag, contact_id: contact.id }))).onConflict((conflict) => conflict.doNothing()).execute();
    }
  }
});

const moveEvents = unitWriter(contactEventsMoved, async (trx, moves) => {
  for (const move of moves) await trx.updateTable('contact_events').set({ contact_id: move.to }).where('business_id', '=', move.businessId).where('contact_id', '=', move.from).execute();
});

const deleteContacts = unitWriter(contactDeleted, async (trx, deletions) => {
  for (const deletion of deletions) {
    if (deletion.tags.length > 0) await trx.deleteFrom('contact_tags').where('business_id', '=', deletion.businessId).where('tag', 'in', [...deletion.tags]).where('contact_id', '=', deletion.id).execute();
    await trx.deleteFrom('contact_events').where('business_id', '=', deletion.businessId).where('contact_id', '=', deletion.id).execute();
    await trx.deleteFrom('contacts').where('business_id', '=', deletion.businessId).where('id', '=', deletion.id).execute();
  }
});

const recordEvents = unitWriter(contactEventRecorded, async (trx, events) => {
  for (const part of statementChunks(events)) {
    await trx
      .insertInto('contact_events')
      .values(part.map((event) => ({ key: event.key, business_id: event.businessId, contact_id: event.contactId, kind: event.kind, data: JSON.stringify(event.data), created_at: event.createdAt })))
      .execute();
  }
});

const saveImports = unitWriter(importSaved, async (trx, jobs) => {
  // The last state of each job in the batch wins.
  const latest = new Map(jobs.map((job) => [job.id, job]));
  for (const job of latest.values()) {
    const row = {
      status: job.status,
      options: JSON.stringify(job.options),
      file_name: job.fileName,
      encoding: job.encoding,
      delimiter: job.delimiter,
      bytes_read: job.bytesRead,
      rows_read: job.rowsRead,
      created: job.created,
      merged: job.merged,
      unchanged: job.unchanged,
      failed: job.failed,
      error: job.error,
      started_at: job.startedAt,
      finished_at: job.finishedAt,
    };
    await trx
      .insertInto('contact_imports')
      .values({ id: job.id, business_id: job.businessId, created_at: job.createdAt, ...row })
      .onConflict((conflict) => conflict.column('id').doUpdateSet(row))
      .execute();
  }
});

const saveRowErrors = unitWriter(importRowFailed, async (trx, errors) => {
  for (const part of statementChunks(errors)) {
    await trx
      .insertInto('contact_import_errors')
      .values(part.map((error) => ({ import_id: error.importId, row_number: error.row, code: error.code, message: error.message, input: error.input, raw: JSON.stringify(error.raw) })))
      .execute();
  }
});

const saveChecks = unitWriter(numberChecked, async (trx, checks) => {
  const latest = new Map(checks.map((check) => [`${check.businessId}|${check.waId}`, check]));
  for (const part of statementChunks([...latest.values()])) {
    await trx
      .insertInto('number_checks')
      .values(part.map((check) => ({ business_id: check.businessId, wa_id: check.waId, status: check.status, checked_at: check.checkedAt, messaged_at: check.messagedAt })))
      .onConflict((conflict) =>
        conflict.columns(['business_id', 'wa_id']).doUpdateSet((update) => ({ status: update.ref('excluded.status'), checked_at: update.ref('excluded.checked_at'), messaged_at: update.ref('excluded.messaged_at') })),
      )
      .execute();
  }
  await verifyContacts(trx, checks);
});

/** A checked number that is a contact: the contact shows the answer (valid or invalid) and when. */
async function verifyContacts(trx: Transaction<Database>, checks: readonly NumberCheck[]): Promise<void> {
  const groups = new Map<string, { businessId: string; status: string; at: number; waIds: string[] }>();
  for (const check of checks) {
    if (check.status === 'processing') continue;
    const id = `${check.businessId}|${check.status}|${check.checkedAt}`;
    const group = groups.get(id) ?? { businessId: check.businessId, status: check.status, at: check.checkedAt, waIds: [] };
    group.waIds.push(check.waId);
    groups.set(id, group);
  }
  for (const group of groups.values()) {
    for (const part of statementChunks(group.waIds)) {
      await trx.updateTable('contacts').set({ verification: group.status, verified_at: group.at }).where('business_id', '=', group.businessId).where('wa_id', 'in', part).execute();
    }
  }
}

const markMessaged = unitWriter(numberMessaged, async (trx, marks) => {
  for (const mark of marks) {
    await trx.updateTable('number_checks').set({ messaged_at: mark.at }).where('business_id', '=', mark.businessId).where('wa_id', '=', mark.waId).where('messaged_at', 'is', null).execute();
  }
});

const saveCheckedSends = unitWriter(identityCheckedSend, async (trx, sends) => {
  for (const part of chunks(sends)) {
    await trx.insertInto('identity_checked_sends').values(part.map((send) => ({ message_key: send.messageKey, hash: send.hash }))).onConflict((conflict) => conflict.doNothing()).execute();
  }
});

/** The writers of the contacts module's record kinds, in the order a unit's records must be written. */
export const contactsWriters: readonly UnitWriter[] = [
  insertContacts,
  seenContacts,
  updateContacts,
  moveEvents,
  deleteContacts,
  recordEvents,
  saveImports,
  saveRowErrors,
  saveChecks,
  markMessaged,
  saveCheckedSends,
];

export class KyselyContactsRepository implements ContactsRepository, ImportsRepository, NumberChecksRepository, IdentitySends {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async find(businessId: string, id: string): Promise<Contact | undefined> {
    const row = await this.#db.selectFrom('contacts').selectAll().where('business_id', '=', businessId).where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : toContact(row);
  }

  async findByWaId(businessId: string, waId: string): Promise<Contact | undefined> {
    const row = await this.#db.selectFrom('contacts').selectAll().where('business_id', '=', businessId).where('wa_id', '=', waId).executeTakeFirst();
    return row === undefined ? undefined : toContact(row);
  }

  async findByWaIds(businessId: string, waIds: readonly string[]): Promise<Contact[]> {
    const found: Contact[] = [];
    // An import asks this of every batch: the SQL of each chunk size is compiled once (executeShaped).
    for (const part of statementChunks(waIds)) {
      const { rows } = await executeShaped(this.#db, `contacts.by-numbers:${part.length}`, [businessId, ...part], () =>
        this.#db.selectFrom('contacts').selectAll().where('business_id', '=', businessId).where('wa_id', 'in', part).compile(),
      );
      for (const row of rows) found.push(toContact(row));
    }
    return found;
  }

  async search(businessId: string, search: ContactSearch, page: { readonly after?: string; readonly limit: number; readonly tag?: string }): Promise<Contact[]> {
    const cursor = page.after === undefined ? undefined : parseCursor(page.after);
    if (search.by === 'tag') {
      let query = this.#db
        .selectFrom('contact_tags')
        .innerJoin('contacts', 'contacts.id', 'contact_tags.contact_id')
        .selectAll('contacts')
        .where('contact_tags.business_id', '=', businessId)
        .where('contact_tags.tag', '=', search.tag);
      if (cursor !== undefined) query = query.where('contact_tags.contact_id', '>', cursor.id);
      return (await query.orderBy('contact_tags.contact_id').limit(page.limit).execute()).map(toContact);
    }
    let query = this.#db.selectFrom('contacts').selectAll().where('business_id', '=', businessId);
    if (page.tag !== undefined) {
      const tag = page.tag;
      query = query.where(({ exists, selectFrom }) =>
        exists(selectFrom('contact_tags').select('contact_tags.contact_id').where('contact_tags.business_id', '=', businessId).where('contact_tags.tag', '=', tag).whereRef('contact_tags.contact_id', '=', 'contacts.id')),
      );
    }
    if (search.by === 'all') {
      if (cursor !== undefined) query = query.where('id', '>', cursor.id);
      return (await query.orderBy('id').limit(page.limit).execute()).map(toContact);
    }
    // A range on the index plus LIKE: the range finds the rows under any collation, LIKE keeps the exact prefix.
    const column = search.by === 'name' ? 'search_name' : 'wa_id';
    query = query.where(column, '>=', search.prefix).where(column, '<', prefixEnd(search.prefix)).where(column, 'like', `${search.prefix}%`);
    if (search.by === 'number') {
      // A number is unique in a business: its index alone orders the page, with no sort of the matches.
      if (cursor !== undefined) query = query.where('wa_id', '>', cursor.key);
      return (await query.orderBy('wa_id').limit(page.limit).execute()).map(toContact);
    }
    if (cursor !== undefined) query = query.where(sql<boolean>`(${sql.ref(column)}, ${sql.ref('id')}) > (${cursor.key}, ${cursor.id})`);
    return (await query.orderBy(column).orderBy('id').limit(page.limit).execute()).map(toContact);
  }

  async listAfter(businessId: string, afterId: string | undefined, limit: number): Promise<Contact[]> {
    let query = this.#db.selectFrom('contacts').selectAll().where('business_id', '=', businessId);
    if (afterId !== undefined) query = query.where('id', '>', afterId);
    return (await query.orderBy('id').limit(limit).execute()).map(toContact);
  }

  async history(businessId: string, contactId: string, limit: number): Promise<ContactEvent[]> {
    const rows = await this.#db.selectFrom('contact_events').selectAll().where('contact_id', '=', contactId).where('business_id', '=', businessId).orderBy('key').limit(limit).execute();
    return rows.map((row) => ({ key: row.key, businessId: row.business_id, contactId: row.contact_id, kind: row.kind as ContactEventKind, data: JSON.parse(row.data) as Record<string, unknown>, createdAt: row.created_at }));
  }

  async numbersInTouchWith(waId: string): Promise<{ phoneNumberId: string; businessId: string }[]> {
    await settleUser(this.#db, waId);
    const rows = await this.#db
      .selectFrom('message_users')
      .crossJoin('messages')
      .whereRef('messages.key', '=', 'message_users.key')
      .select(['messages.phone_number_id', 'messages.business_id'])
      .distinct()
      .where('message_users.wa_id', '=', waId)
      .execute();
    return rows.map((row) => ({ phoneNumberId: row.phone_number_id, businessId: row.business_id }));
  }

  async firstNumberOf(businessId: string): Promise<string | undefined> {
    const row = await this.#db.selectFrom('phone_numbers').select('phone_number').where('business_id', '=', businessId).orderBy('created_at').orderBy('id').limit(1).executeTakeFirst();
    return row?.phone_number;
  }

  async findImport(businessId: string, id: string): Promise<ContactImport | undefined> {
    const row = await this.#db.selectFrom('contact_imports').selectAll().where('business_id', '=', businessId).where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : toImport(row);
  }

  async listImports(businessId: string, limit: number): Promise<ContactImport[]> {
    const rows = await this.#db.selectFrom('contact_imports').selectAll().where('business_id', '=', businessId).orderBy('id', 'desc').limit(limit).execute();
    return rows.map(toImport);
  }

  /** Imports still marked running (none survive a restart). */
  async runningImports(): Promise<ContactImport[]> {
    const rows = await this.#db.selectFrom('contact_imports').selectAll().where('status', 'in', ['running', 'waiting_for_file']).execute();
    return rows.map(toImport);
  }

  async rowErrors(importId: string, afterRow: number, limit: number): Promise<ImportRowError[]> {
    const rows = await this.#db.selectFrom('contact_import_errors').selectAll().where('import_id', '=', importId).where('row_number', '>', afterRow).orderBy('row_number').limit(limit).execute();
    return rows.map((row) => ({ importId: row.import_id, row: row.row_number, code: row.code as RowErrorCode, message: row.message, input: row.input, raw: JSON.parse(row.raw) as Record<string, string> }));
  }

  async findChecks(businessId: string, waIds: readonly string[]): Promise<NumberCheck[]> {
    const found: NumberCheck[] = [];
    for (const part of statementChunks(waIds)) {
      const rows = await this.#db.selectFrom('number_checks').selectAll().where('business_id', '=', businessId).where('wa_id', 'in', part).execute();
      found.push(...rows.map((row) => ({ businessId: row.business_id, waId: row.wa_id, status: row.status as NumberCheck['status'], checkedAt: row.checked_at, messagedAt: row.messaged_at })));
    }
    return found;
  }

  async countUnmessaged(businessId: string, since: number): Promise<number> {
    const row = await this.#db
      .selectFrom('number_checks')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('business_id', '=', businessId)
      .where('checked_at', '>=', since)
      .where('messaged_at', 'is', null)
      .executeTakeFirst();
    return Number(row?.count ?? 0);
  }

  async unmessaged(businessId: string, since: number): Promise<string[]> {
    const rows = await this.#db.selectFrom('number_checks').select('wa_id').where('business_id', '=', businessId).where('checked_at', '>=', since).where('messaged_at', 'is', null).execute();
    return rows.map((row) => row.wa_id);
  }

  async sentWithHash(messageKey: string): Promise<boolean> {
    return (await this.#db.selectFrom('identity_checked_sends').select('message_key').where('message_key', '=', messageKey).executeTakeFirst()) !== undefined;
  }
}
