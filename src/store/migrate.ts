import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import * as foundation from './migrations/2026-11-25T00-00-00-foundation.js';

/** Every migration, in order; the same frozen files for both dialects. */
const migrations: Record<string, Migration> = {
  '2026-11-25T00-00-00-foundation': foundation,
};

const provider: MigrationProvider = { getMigrations: () => Promise.resolve(migrations) };

export async function migrateToLatest<Schema>(db: Kysely<Schema>): Promise<string[]> {
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((result) => result.status === 'Success').map((result) => result.migrationName);
}

export async function migrateDown<Schema>(db: Kysely<Schema>): Promise<void> {
  const migrator = new Migrator({ db, provider });
  const { error } = await migrator.migrateDown();
  if (error !== undefined) throw error instanceof Error ? error : new Error(String(error));
}
