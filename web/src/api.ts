/**
 * The console talks only to Kabar's admin and simulator APIs, with the session cookie. Every write
 * carries the session's CSRF token; every error arrives in the Graph envelope and becomes an ApiError.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: number;
  readonly details: string;

  constructor(status: number, code: number, details: string) {
    super(details);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Told when the session ended (401), so the app can go back to the sign-in page. */
let onSignedOut: (() => void) | undefined;
export function whenSignedOut(listener: () => void): void {
  onSignedOut = listener;
}

type Query = Readonly<Record<string, string | number | boolean | undefined>>;

function withQuery(path: string, query: Query | undefined): string {
  if (query === undefined) return path;
  const parameters = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined && value !== '') parameters.set(name, String(value));
  const text = parameters.toString();
  return text.length === 0 ? path : `${path}?${text}`;
}

export async function api<Answer>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, options: { readonly query?: Query; readonly body?: unknown } = {}): Promise<Answer> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken !== null) headers['x-csrf-token'] = csrfToken;
  const response = await fetch(withQuery(path, options.query), {
    method,
    headers,
    credentials: 'same-origin',
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  return answerOf<Answer>(response.status, response.statusText, await response.text(), path);
}

function answerOf<Answer>(status: number, statusText: string, text: string, path: string): Answer {
  const parsed = text.length === 0 ? undefined : (JSON.parse(text) as unknown);
  if (status < 200 || status >= 300) {
    const error = (parsed as { error?: { code?: number; error_data?: { details?: string }; message?: string } } | undefined)?.error;
    if (status === 401 && path !== '/admin/session') onSignedOut?.();
    throw new ApiError(status, error?.code ?? 0, error?.error_data?.details ?? error?.message ?? statusText);
  }
  return parsed as Answer;
}

/**
 * A file sent as multipart/form-data in the field "file" (after any `fields`), with the share of it sent so far told to
 * `progress` (fetch cannot report an upload's progress; XMLHttpRequest can).
 */
export function upload<Answer>(path: string, file: File, progress: (sent: number, total: number) => void, fields: Readonly<Record<string, string>> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', path);
    request.withCredentials = true;
    request.setRequestHeader('accept', 'application/json');
    if (csrfToken !== null) request.setRequestHeader('x-csrf-token', csrfToken);
    request.upload.onprogress = (event) => progress(event.loaded, event.lengthComputable ? event.total : file.size);
    request.onload = () => {
      try {
        resolve(answerOf<Answer>(request.status, request.statusText, request.responseText, path));
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    };
    request.onerror = () => reject(new ApiError(0, 0, 'The connection to Kabar was lost.'));
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    form.append('file', file, file.name);
    request.send(form);
  });
}

/**
 * A file sent through Kabar's Resumable Upload API as the business (the console's side of it: the
 * session cookie, never a Graph token): a session opened for the file, its bytes sent from offset 0.
 * Answers the handle (`4::…`) that a template's media sample names.
 */
export async function resumableUpload(file: File, businessId: string | undefined, progress: (sent: number, total: number) => void): Promise<string> {
  const opened = await api<{ id: string }>('POST', '/admin/uploads', { body: { ...(businessId === undefined ? {} : { business_id: businessId }), file_name: file.name, file_length: file.size, file_type: file.type } });
  const path = `/admin/uploads/${encodeURIComponent(opened.id.slice('upload:'.length))}`;
  const answer = await new Promise<{ h?: string }>((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', path);
    request.withCredentials = true;
    request.setRequestHeader('accept', 'application/json');
    request.setRequestHeader('file-offset', '0');
    if (csrfToken !== null) request.setRequestHeader('x-csrf-token', csrfToken);
    request.upload.onprogress = (event) => progress(event.loaded, event.lengthComputable ? event.total : file.size);
    request.onload = () => {
      try {
        resolve(answerOf<{ h?: string }>(request.status, request.statusText, request.responseText, path));
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    };
    request.onerror = () => reject(new ApiError(0, 0, 'The connection to Kabar was lost.'));
    request.send(file);
  });
  if (answer.h === undefined) throw new ApiError(0, 0, 'The upload did not finish: send the file again.');
  return answer.h;
}
