import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import * as foundation from './migrations/2026-11-25T00-00-00-foundation.js';
import * as hardening from './migrations/2026-11-26T00-00-00-hardening.js';
import * as platformSeams from './migrations/2026-11-26T01-00-00-platform-seams.js';
import * as outboxByCallback from './migrations/2026-11-26T08-00-00-outbox-by-callback.js';
import * as outboxRetention from './migrations/2026-11-26T08-10-00-outbox-retention.js';
import * as catalog from './migrations/2026-11-27T01-00-00-catalog.js';
import * as templates from './migrations/2026-11-27T03-00-00-templates.js';
import * as onboarding from './migrations/2026-11-27T04-00-00-onboarding.js';
import * as contactsConsent from './migrations/2026-11-27T05-00-00-contacts-consent.js';
import * as billing from './migrations/2026-11-27T06-00-00-billing.js';
import * as consoleAccess from './migrations/2026-11-27T08-00-00-console.js';
import * as webhookRealism from './migrations/2026-11-27T09-00-00-webhook-realism.js';
import * as media from './migrations/2026-11-27T10-00-00-media.js';
import * as limits from './migrations/2026-11-27T11-00-00-limits.js';
import * as throughput from './migrations/2026-11-27T12-00-00-throughput.js';
import * as notificationEmails from './migrations/2026-11-27T12-10-00-notification-emails.js';
import * as qrCodes from './migrations/2026-11-28T09-00-00-qr-codes.js';
import * as commerceSettings from './migrations/2026-11-28T09-10-00-commerce-settings.js';
import * as uploads from './migrations/2026-11-28T09-20-00-uploads.js';
import * as blockedUsers from './migrations/2026-11-28T10-00-00-blocked-users.js';
import * as throughputUpgrade from './migrations/2026-11-28T10-00-00-throughput-upgrade.js';
import * as sendBudgets from './migrations/2026-11-28T10-10-00-send-budgets.js';
import * as answerTimes from './migrations/2026-11-28T10-20-00-answer-times.js';
import * as analytics from './migrations/2026-11-28T10-30-00-analytics.js';
import * as templateVersions from './migrations/2026-11-28T10-40-00-template-versions.js';
import * as flows from './migrations/2026-11-28T11-00-00-flows.js';
import * as businessCompliance from './migrations/2026-11-28T11-10-00-business-compliance.js';
import * as statusTimes from './migrations/2026-11-28T12-00-00-status-times.js';
import * as messageUsers from './migrations/2026-11-28T13-00-00-message-users.js';
import * as statusJournal from './migrations/2026-11-28T15-00-00-status-journal.js';

/** Every migration, in order; the same frozen files for both dialects. */
const migrations: Record<string, Migration> = {
  '2026-11-25T00-00-00-foundation': foundation,
  '2026-11-26T00-00-00-hardening': hardening,
  '2026-11-26T01-00-00-platform-seams': platformSeams,
  '2026-11-26T08-00-00-outbox-by-callback': outboxByCallback,
  '2026-11-26T08-10-00-outbox-retention': outboxRetention,
  '2026-11-27T01-00-00-catalog': catalog,
  '2026-11-27T03-00-00-templates': templates,
  '2026-11-27T04-00-00-onboarding': onboarding,
  '2026-11-27T05-00-00-contacts-consent': contactsConsent,
  '2026-11-27T06-00-00-billing': billing,
  '2026-11-27T08-00-00-console': consoleAccess,
  '2026-11-27T09-00-00-webhook-realism': webhookRealism,
  '2026-11-27T10-00-00-media': media,
  '2026-11-27T11-00-00-limits': limits,
  '2026-11-27T12-00-00-throughput': throughput,
  '2026-11-27T12-10-00-notification-emails': notificationEmails,
  '2026-11-28T09-00-00-qr-codes': qrCodes,
  '2026-11-28T09-10-00-commerce-settings': commerceSettings,
  '2026-11-28T09-20-00-uploads': uploads,
  '2026-11-28T10-00-00-blocked-users': blockedUsers,
  '2026-11-28T10-00-00-throughput-upgrade': throughputUpgrade,
  '2026-11-28T10-10-00-send-budgets': sendBudgets,
  '2026-11-28T10-20-00-answer-times': answerTimes,
  '2026-11-28T10-30-00-analytics': analytics,
  '2026-11-28T10-40-00-template-versions': templateVersions,
  '2026-11-28T11-00-00-flows': flows,
  '2026-11-28T11-10-00-business-compliance': businessCompliance,
  '2026-11-28T12-00-00-status-times': statusTimes,
  '2026-11-28T13-00-00-message-users': messageUsers,
  '2026-11-28T15-00-00-status-journal': statusJournal,
};

/** The names of every migration, oldest first. */
export const migrationNames: readonly string[] = Object.keys(migrations);

const provider: MigrationProvider = { getMigrations: () => Promise.resolve(migrations) };

/**
 * On PostgreSQL the migration tables are looked up in Kabar's own schema: Kysely otherwise takes a
 * `kysely_migration` table in any schema of the database as its own.
 */
function migratorFor<Schema>(db: Kysely<Schema>, schema: string | undefined): Migrator {
  // Migrations written on parallel branches may land in an order other than their names': a
  // database migrated before one of them landed still runs it, instead of refusing to start.
  return new Migrator({ db, provider, allowUnorderedMigrations: true, ...(schema === undefined ? {} : { migrationTableSchema: schema }) });
}

export async function migrateToLatest<Schema>(db: Kysely<Schema>, schema?: string): Promise<string[]> {
  const migrator = migratorFor(db, schema);
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((result) => result.status === 'Success').map((result) => result.migrationName);
}

export async function migrateDown<Schema>(db: Kysely<Schema>, schema?: string): Promise<void> {
  const migrator = migratorFor(db, schema);
  const { error } = await migrator.migrateDown();
  if (error !== undefined) throw error instanceof Error ? error : new Error(String(error));
}
