import type { Kysely, Updateable } from 'kysely';
import { profileUpdated, type BusinessProfile, type ProfilePatch, type ProfilesRepository, type Vertical } from '../../core/profiles/index.js';
import type { BusinessProfilesTable, Database } from '../schema.js';
import { unitWriter, type UnitWriter } from '../unit-writers.js';

function profileColumns(patch: ProfilePatch): Updateable<BusinessProfilesTable> {
  const columns: Updateable<BusinessProfilesTable> = {};
  if (patch.about !== undefined) columns.about = patch.about;
  if (patch.address !== undefined) columns.address = patch.address;
  if (patch.description !== undefined) columns.description = patch.description;
  if (patch.email !== undefined) columns.email = patch.email;
  if (patch.websites !== undefined) columns.websites = JSON.stringify(patch.websites);
  if (patch.vertical !== undefined) columns.vertical = patch.vertical;
  if (patch.profilePictureHandle !== undefined) columns.profile_picture_handle = patch.profilePictureHandle;
  if (patch.profilePictureUrl !== undefined) columns.profile_picture_url = patch.profilePictureUrl;
  return columns;
}

/** A partial update touches only its fields: the row is created empty first if the number has none. */
export const profilesWriters: readonly UnitWriter[] = [
  unitWriter(profileUpdated, async (trx, updates) => {
    for (const update of updates) {
      await trx
        .insertInto('business_profiles')
        .values({ phone_number_id: update.phoneNumberId, about: '', address: '', description: '', email: '', websites: '[]', vertical: '', updated_at: update.at })
        .onConflict((conflict) => conflict.column('phone_number_id').doNothing())
        .execute();
      await trx.updateTable('business_profiles').set({ ...profileColumns(update.patch), updated_at: update.at }).where('phone_number_id', '=', update.phoneNumberId).execute();
    }
  }),
];

export class KyselyProfilesRepository implements ProfilesRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async find(phoneNumberId: string): Promise<BusinessProfile | undefined> {
    const row = await this.#db.selectFrom('business_profiles').selectAll().where('phone_number_id', '=', phoneNumberId).executeTakeFirst();
    if (row === undefined) return undefined;
    return {
      phoneNumberId: row.phone_number_id,
      about: row.about,
      address: row.address,
      description: row.description,
      email: row.email,
      websites: JSON.parse(row.websites) as string[],
      vertical: row.vertical as Vertical,
      profilePictureHandle: row.profile_picture_handle,
      profilePictureUrl: row.profile_picture_url,
      updatedAt: Number(row.updated_at),
    };
  }
}
