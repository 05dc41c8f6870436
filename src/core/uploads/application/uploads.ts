import type { Principal } from '../../accounts/index.js';
import { domainError, fail, ok, record, unitOf, type Clock, type DomainError, type Result, type WriteBatcher } from '../../shared/index.js';
import { checkOffset, sessionIdOfHandle, uploadAnnouncement, type UploadSession } from '../domain/upload.model.js';
import { uploadSaved, type UploadsRepository } from '../ports.js';

export interface UploadsDeps {
  readonly uploads: UploadsRepository;
  readonly writer: WriteBatcher;
  readonly clock: Clock;
}

function unknownSession(id: string, method: 'get' | 'post'): DomainError {
  return domainError('NODE_NOT_FOUND', `Unsupported ${method} request. Object with ID 'upload:${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`);
}

/** Opens a session for a file the caller announces; `id` comes from the caller (random, unguessable). */
export async function startUpload(
  deps: UploadsDeps,
  request: { readonly principal: Principal; readonly id: string; readonly fileName?: unknown; readonly fileLength?: unknown; readonly fileType?: unknown },
): Promise<Result<UploadSession, DomainError>> {
  const announced = uploadAnnouncement(request);
  if (!announced.ok) return announced;
  const session: UploadSession = {
    id: request.id,
    businessId: request.principal.businessId,
    appId: request.principal.appId,
    ...announced.value,
    fileOffset: 0,
    parts: [],
    createdAt: deps.clock.now(),
    completedAt: null,
  };
  await deps.writer.commit(unitOf([record(uploadSaved, session)]));
  return ok(session);
}

/** A session of the caller's business; another's looks like a missing one. */
export async function uploadSessionOf(deps: Pick<UploadsDeps, 'uploads'>, principal: Principal, id: string, method: 'get' | 'post'): Promise<Result<UploadSession, DomainError>> {
  const session = await deps.uploads.find(id);
  return session === undefined || session.businessId !== principal.businessId ? fail(unknownSession(id, method)) : ok(session);
}

/** Whether bytes may be appended at `offset`, and how many at most. */
export function acceptBytes(session: UploadSession, offset: unknown): Result<{ readonly remaining: number }, DomainError> {
  const checked = checkOffset(session, offset);
  return checked.ok ? ok({ remaining: session.fileLength - session.fileOffset }) : checked;
}

/** Records a part received (already kept under `storageKey`): the session moves on, and is whole at its length. */
export async function recordPart(deps: UploadsDeps, session: UploadSession, part: { readonly storageKey: string; readonly size: number }): Promise<UploadSession> {
  const fileOffset = session.fileOffset + part.size;
  const next: UploadSession = { ...session, fileOffset, parts: [...session.parts, part.storageKey], completedAt: fileOffset >= session.fileLength ? deps.clock.now() : null };
  await deps.writer.commit(unitOf([record(uploadSaved, next)]));
  return next;
}

/** The whole upload a handle names, if it belongs to `businessId`; or why it cannot be used. */
export async function uploadOfHandle(deps: Pick<UploadsDeps, 'uploads'>, handle: string, businessId: string): Promise<Result<UploadSession, string>> {
  const id = sessionIdOfHandle(handle);
  if (id === undefined) return fail('it is not a handle of the Resumable Upload API (POST /{app-id}/uploads, then POST upload:<id>, answers one as "h").');
  const session = await deps.uploads.find(id);
  if (session === undefined || session.businessId !== businessId) return fail('no upload of this business has this handle.');
  if (session.completedAt === null) return fail(`its upload is not finished: ${session.fileOffset} of ${session.fileLength} bytes received.`);
  return ok(session);
}
