import { recordKind } from '../shared/index.js';
import type { UploadSession } from './domain/upload.model.js';

/** What a unit of work holds for uploads: a session started, or its state after bytes arrived. */
export const uploadSaved = recordKind<UploadSession>('upload.saved');

export interface UploadsRepository {
  find(id: string): Promise<UploadSession | undefined>;
}
