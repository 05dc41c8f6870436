import { connection } from './config.js';

export class CommandError extends Error {}

/** Calls the admin or simulator API of the running Kabar and returns the parsed JSON. */
export async function call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
  const { baseUrl, adminToken } = connection();
  let response: Response;
  try {
    response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { ...(adminToken === undefined ? {} : { authorization: `Bearer ${adminToken}` }), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (error) {
    throw new CommandError(`Kabar is not reachable at ${baseUrl} (${error instanceof Error ? error.message : String(error)}). Start it with "npm start".`);
  }
  const payload = (await response.json()) as { error?: { message?: string } };
  if (!response.ok) throw new CommandError(payload.error?.message ?? `HTTP ${response.status}`);
  return payload;
}

export function print(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
