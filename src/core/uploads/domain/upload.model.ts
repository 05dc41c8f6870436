import { domainError, fail, ok, type DomainError, type Result } from '../../shared/index.js';

/**
 * A session of Graph's Resumable Upload API: a file announced by name, length and type, whose bytes
 * arrive in one or more POSTs from the offset reached so far. Once whole it has a handle ("4::…"),
 * which a business profile's picture and a template's media sample name.
 */
export interface UploadSession {
  /** Random and unguessable: `upload:<id>` on the wire. */
  readonly id: string;
  readonly businessId: string;
  readonly appId: string;
  readonly fileName: string;
  readonly fileLength: number;
  readonly fileType: UploadFileType;
  /** Bytes received so far. */
  readonly fileOffset: number;
  /** The storage keys of the parts received, in order. */
  readonly parts: readonly string[];
  readonly createdAt: number;
  readonly completedAt: number | null;
}

/** The types Meta's Resumable Upload API takes. */
export const uploadFileTypes = ['application/pdf', 'image/jpeg', 'image/jpg', 'image/png', 'video/mp4'] as const;
export type UploadFileType = (typeof uploadFileTypes)[number];

/** The largest file Kabar takes in a session: the largest media a template or a profile can use (a 100 MB document). */
export const maxUploadBytes = 100 * 1024 * 1024;

export interface UploadAnnouncement {
  readonly fileName: string;
  readonly fileLength: number;
  readonly fileType: UploadFileType;
}

const invalid = (details: string): DomainError => domainError('PARAMETER_MALFORMED', details);

/** `file_name`, `file_length` and `file_type` of `POST /{app-id}/uploads`, checked. */
export function uploadAnnouncement(input: { readonly fileName?: unknown; readonly fileLength?: unknown; readonly fileType?: unknown }): Result<UploadAnnouncement, DomainError> {
  const length = typeof input.fileLength === 'string' && /^\d{1,12}$/.test(input.fileLength) ? Number(input.fileLength) : input.fileLength;
  if (length === undefined || length === '') return fail(invalid('(#100) The parameter file_length is required: the size of the file in bytes.'));
  if (typeof length !== 'number' || !Number.isSafeInteger(length) || length < 1) return fail(invalid('(#100) Param file_length must be a positive whole number of bytes.'));
  if (length > maxUploadBytes) return fail(invalid(`(#100) Param file_length is ${length.toLocaleString('en-US')} bytes; a file can have at most ${maxUploadBytes.toLocaleString('en-US')}.`));
  const type = input.fileType;
  if (type === undefined || type === '') return fail(invalid(`(#100) The parameter file_type is required: one of ${uploadFileTypes.join(', ')}.`));
  const fileType = uploadFileTypes.find((candidate) => candidate === type);
  if (fileType === undefined) return fail(invalid(`(#100) Param file_type must be one of {${uploadFileTypes.join(', ')}}; got '${String(type)}'.`));
  const name = input.fileName;
  if (name !== undefined && (typeof name !== 'string' || name.length > 255)) return fail(invalid('(#100) Param file_name must be a file name of at most 255 characters.'));
  return ok({ fileName: typeof name === 'string' && name !== '' ? name : 'upload', fileLength: length, fileType });
}

/** Where the next bytes must start: anything else is refused, and a client resumes from `fileOffset`. */
export function checkOffset(session: UploadSession, offset: unknown): Result<number, DomainError> {
  if (session.completedAt !== null) return fail(invalid(`(#100) Upload session ${session.id} already holds the whole file; use its handle.`));
  const value = typeof offset === 'string' && /^\d{1,12}$/.test(offset) ? Number(offset) : undefined;
  if (value === undefined) return fail(invalid('(#100) The header file_offset is required: 0 for a new upload, or the file_offset that GET upload:<id> answers to resume one.'));
  if (value !== session.fileOffset) return fail(invalid(`(#100) file_offset ${value} does not match the ${session.fileOffset} bytes received so far; resume from ${session.fileOffset}.`));
  return ok(value);
}

/** A session's handle: its type and its id, in the shape of Meta's handles (`4::<base64 type>:<id>`). */
export function uploadHandle(session: Pick<UploadSession, 'id' | 'fileType'>): string {
  return `4::${btoa(session.fileType)}:${session.id}`;
}

/** The session a handle names, if it is one of Kabar's handles. */
export function sessionIdOfHandle(handle: string): string | undefined {
  return /^4::[A-Za-z0-9+/=]+:([A-Za-z0-9_-]{16,64})$/.exec(handle)?.[1];
}
