import { sql, type Kysely } from 'kysely';
import { isKey } from '../core/shared/index.js';
import type { Database } from './schema.js';

/** Tables whose primary key is a time-ordered key from the shared KeyGenerator. */
const keyedTables = ['messages', 'outbox', 'webhook_attempts', 'timers', 'dead_letters'] as const;

const pageSize = 500;
const maxPages = 20;

async function highestWellFormed(db: Kysely<Database>, table: (typeof keyedTables)[number]): Promise<string | undefined> {
  let below: string | undefined;
  for (let page = 0; page < maxPages; page += 1) {
    const condition = below === undefined ? sql`` : sql`where ${sql.ref('key')} < ${below}`;
    const rows = await sql<{ key: string }>`select ${sql.ref('key')} from ${sql.table(table)} ${condition} order by ${sql.ref('key')} desc limit ${pageSize}`.execute(db);
    const found = rows.rows.map((row) => row.key).find(isKey);
    if (found !== undefined) return found;
    if (rows.rows.length < pageSize) return undefined;
    below = rows.rows[rows.rows.length - 1]?.key;
  }
  return undefined;
}

/**
 * The highest well-formed time-ordered key stored in any table: a restarted process continues after
 * it, so a frozen or rewound simulated clock never makes it issue a key that exists already. Rows
 * with a malformed key (written by an older release) are stepped over.
 */
export async function highestStoredKey(db: Kysely<Database>): Promise<string | undefined> {
  let highest: string | undefined;
  for (const table of keyedTables) {
    const key = await highestWellFormed(db, table);
    if (key !== undefined && (highest === undefined || key > highest)) highest = key;
  }
  return highest;
}
