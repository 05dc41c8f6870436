import type { Kysely, Selectable } from 'kysely';
import { mediaDeleted, mediaStored, type MediaKind, type MediaOrigin, type MediaRecord, type MediaRepository } from '../../core/media/index.js';
import type { Database, MediaTable } from '../schema.js';
import { chunks, unitWriter, type UnitWriter } from '../unit-writers.js';

function toMedia(row: Selectable<MediaTable>): MediaRecord {
  return {
    id: row.id,
    businessId: row.business_id,
    wabaId: row.waba_id,
    phoneNumberId: row.phone_number_id,
    origin: row.origin as MediaOrigin,
    kind: row.kind as MediaKind,
    mimeType: row.mime_type,
    sha256: row.sha256,
    fileSize: row.file_size,
    filename: row.filename,
    storageKey: row.storage_key,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    deletedAt: row.deleted_at,
  };
}

const mediaStoredWriter = unitWriter(mediaStored, async (trx, media) => {
  for (const part of chunks(media)) {
    await trx
      .insertInto('media')
      .values(
        part.map((item) => ({
          id: item.id,
          business_id: item.businessId,
          waba_id: item.wabaId,
          phone_number_id: item.phoneNumberId,
          origin: item.origin,
          kind: item.kind,
          mime_type: item.mimeType,
          sha256: item.sha256,
          file_size: item.fileSize,
          filename: item.filename,
          storage_key: item.storageKey,
          created_at: item.createdAt,
          expires_at: item.expiresAt,
          deleted_at: item.deletedAt,
        })),
      )
      .execute();
  }
});

const mediaDeletedWriter = unitWriter(mediaDeleted, async (trx, deletions) => {
  // The first deletion stands: deleting again (a retried DELETE, a late expiry) changes nothing.
  for (const deletion of deletions) await trx.updateTable('media').set({ deleted_at: deletion.deletedAt }).where('id', '=', deletion.id).where('deleted_at', 'is', null).execute();
});

/** The writers of the media record kinds, objects before their deletions. */
export const mediaWriters: readonly UnitWriter[] = [mediaStoredWriter, mediaDeletedWriter];

export class KyselyMediaRepository implements MediaRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async findMedia(id: string): Promise<MediaRecord | undefined> {
    if (!/^[0-9]{1,32}$/.test(id)) return undefined;
    const row = await this.#db.selectFrom('media').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : toMedia(row);
  }
}
