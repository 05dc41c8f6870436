import { CommandError } from './cli.errors.js';
import { connection, lookupHint, type Connection } from './config.js';

interface GraphErrorPayload {
  readonly error?: { readonly message?: string; readonly code?: number; readonly error_data?: { readonly details?: string } | string };
}

function reason(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}

function unreachable(target: Connection, error: unknown): CommandError {
  const found = target.baseUrlSource === 'default' ? 'found no demo.json, so tried the default address' : `took the address from ${target.baseUrlSource}`;
  return new CommandError(`Kabar is not reachable at ${target.baseUrl} (${reason(error)}); the CLI ${found}. Start Kabar with "npm start". ${lookupHint()}`);
}

/** `(#131009) Parameter value is not valid: 'hello' is not a possible phone number.` */
function errorLine(payload: GraphErrorPayload, status: number): string {
  const message = payload.error?.message ?? `HTTP ${status}`;
  const data = payload.error?.error_data;
  const details = typeof data === 'string' ? data : data?.details;
  return details === undefined || details.length === 0 || message.includes(details) ? message : `${message}: ${details}`;
}

function tokenHint(target: Connection): string {
  return target.adminTokenSource === undefined
    ? ` The CLI found no admin token. ${lookupHint()}`
    : ` The admin token came from ${target.adminTokenSource}; it is not the running Kabar's. ${lookupHint()}`;
}

/** Calls the admin or simulator API of the running Kabar and returns the parsed JSON. */
export async function call(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown, headers: Readonly<Record<string, string>> = {}): Promise<unknown> {
  const target = connection();
  let response: Response;
  try {
    response = await fetch(`${target.baseUrl}${path}`, {
      method,
      headers: { ...(target.adminToken === undefined ? {} : { authorization: `Bearer ${target.adminToken}` }), ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (error) {
    throw unreachable(target, error);
  }
  const text = await response.text();
  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch {
    throw new CommandError(`${target.baseUrl} answered HTTP ${response.status} with something other than JSON: is Kabar the server there? ${lookupHint()}`);
  }
  if (!response.ok) {
    const graph = payload as GraphErrorPayload;
    throw new CommandError(`${errorLine(graph, response.status)}${graph.error?.code === 190 ? tokenHint(target) : ''}`);
  }
  return payload;
}

/** The `Idempotency-Key` header when `--idempotency-key` was given. */
export function idempotency(key: string | undefined): Record<string, string> {
  return key === undefined ? {} : { 'idempotency-key': key };
}

export function print(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
