import type { FastifyRequest } from 'fastify';
import { largestMediaBytes, type MediaStorage, type StagedBytes } from '../../core/media/index.js';

/** The file of a multipart request, received into staging: hashed and counted as it streamed. */
export interface ReceivedFile {
  readonly fieldname: string;
  readonly filename: string;
  /** The part's own Content-Type. */
  readonly mimetype: string;
  readonly staged: StagedBytes;
  /** More than the largest media file: the rest was not read into staging. */
  readonly exceeded: boolean;
}

export interface ReceivedForm {
  readonly fields: Readonly<Record<string, string>>;
  readonly file?: ReceivedFile;
}

/** The multipart options of every media route: one file up to the largest media size, a few short fields. */
export const mediaMultipartLimits = { fileSize: largestMediaBytes, files: 1, fields: 20, fieldSize: 64 * 1024, parts: 22 };

/**
 * Reads a multipart body in whatever order its parts come (fields before or after the file), the
 * file streamed into staging. Whoever gets a file back keeps or discards it.
 */
export async function receiveForm(request: FastifyRequest, storage: MediaStorage): Promise<ReceivedForm> {
  const fields: Record<string, string> = {};
  let file: ReceivedFile | undefined;
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        if (file !== undefined) {
          part.file.resume();
          continue;
        }
        const staged = await storage.receive(part.file, largestMediaBytes + 1);
        file = { fieldname: part.fieldname, filename: part.filename, mimetype: part.mimetype, staged, exceeded: part.file.truncated || staged.exceeded };
      } else {
        fields[part.fieldname] = String(part.value);
      }
    }
  } catch (error) {
    if (file !== undefined) await storage.discard(file.staged);
    throw error;
  }
  return file === undefined ? { fields } : { fields, file };
}
