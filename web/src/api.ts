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

export async function api<Answer>(method: 'GET' | 'POST' | 'DELETE', path: string, options: { readonly query?: Query; readonly body?: unknown } = {}): Promise<Answer> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken !== null) headers['x-csrf-token'] = csrfToken;
  const response = await fetch(withQuery(path, options.query), {
    method,
    headers,
    credentials: 'same-origin',
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  const parsed = text.length === 0 ? undefined : (JSON.parse(text) as unknown);
  if (!response.ok) {
    const error = (parsed as { error?: { code?: number; error_data?: { details?: string }; message?: string } } | undefined)?.error;
    if (response.status === 401 && path !== '/admin/session') onSignedOut?.();
    throw new ApiError(response.status, error?.code ?? 0, error?.error_data?.details ?? error?.message ?? response.statusText);
  }
  return parsed as Answer;
}
