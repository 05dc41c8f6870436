import type { Kysely, Selectable } from 'kysely';
import { uploadSaved, type UploadFileType, type UploadSession, type UploadsRepository } from '../../core/uploads/index.js';
import type { Database, UploadSessionsTable } from '../schema.js';
import { unitWriter, type UnitWriter } from '../unit-writers.js';

function toSession(row: Selectable<UploadSessionsTable>): UploadSession {
  return {
    id: row.id,
    businessId: row.business_id,
    appId: row.app_id,
    fileName: row.file_name,
    fileLength: Number(row.file_length),
    fileType: row.file_type as UploadFileType,
    fileOffset: Number(row.file_offset),
    parts: JSON.parse(row.parts) as string[],
    createdAt: Number(row.created_at),
    completedAt: row.completed_at === null ? null : Number(row.completed_at),
  };
}

/** Writes a session as it stands: started, or after each part. The last state of a session in a batch wins. */
export const uploadWriters: readonly UnitWriter[] = [
  unitWriter(uploadSaved, async (trx, saved) => {
    const latest = new Map(saved.map((session) => [session.id, session]));
    for (const session of latest.values()) {
      const values = { file_offset: session.fileOffset, parts: JSON.stringify(session.parts), completed_at: session.completedAt };
      await trx
        .insertInto('upload_sessions')
        .values({
          id: session.id,
          business_id: session.businessId,
          app_id: session.appId,
          file_name: session.fileName,
          file_length: session.fileLength,
          file_type: session.fileType,
          created_at: session.createdAt,
          ...values,
        })
        .onConflict((conflict) => conflict.column('id').doUpdateSet(values))
        .execute();
    }
  }),
];

export class KyselyUploadsRepository implements UploadsRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async find(id: string): Promise<UploadSession | undefined> {
    const row = await this.#db.selectFrom('upload_sessions').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : toSession(row);
  }
}
