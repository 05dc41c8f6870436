import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

export interface SimUserRow {
  readonly waId: string;
  readonly profileName: string;
  readonly onWhatsApp: boolean;
  readonly createdAt: number;
  readonly traits: Readonly<Record<string, unknown>>;
}

/** The simulator's declared users (anyone not declared exists and is on WhatsApp). */
export class KyselySimUsersRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async all(): Promise<SimUserRow[]> {
    const rows = await this.#db.selectFrom('sim_users').selectAll().orderBy('wa_id').execute();
    return rows.map((row) => ({ waId: row.wa_id, profileName: row.profile_name, onWhatsApp: row.on_whatsapp === 1, createdAt: row.created_at, traits: JSON.parse(row.traits) as Record<string, unknown> }));
  }

  async save(user: SimUserRow): Promise<void> {
    await this.#db
      .insertInto('sim_users')
      .values({ wa_id: user.waId, profile_name: user.profileName, on_whatsapp: user.onWhatsApp ? 1 : 0, created_at: user.createdAt, traits: JSON.stringify(user.traits) })
      .onConflict((conflict) => conflict.column('wa_id').doUpdateSet({ profile_name: user.profileName, on_whatsapp: user.onWhatsApp ? 1 : 0, traits: JSON.stringify(user.traits) }))
      .execute();
  }
}
