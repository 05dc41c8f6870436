import type { FastifyReply, FastifyRequest } from 'fastify';
import { domainError } from '../core/shared/index.js';
import { sendDomainError } from './errors.js';

/**
 * Where a NUL character hides in a parsed body or query: the keys from the outside in, or undefined.
 * The path is only built once one is found, since nearly every request has none.
 */
function nulKeys(value: unknown, depth: number): string[] | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? [] : undefined;
  if (depth > 32 || value === null || typeof value !== 'object') return undefined;
  // Indexes and Object.keys, not for…in with an own-property check: half the time on a send body.
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index += 1) {
      const found = nulKeys(value[index], depth + 1);
      if (found !== undefined) {
        found.unshift(String(index));
        return found;
      }
    }
    return undefined;
  }
  for (const key of Object.keys(value)) {
    if (key.includes('\u0000')) return [key];
    const found = nulKeys((value as Record<string, unknown>)[key], depth + 1);
    if (found !== undefined) {
      found.unshift(key);
      return found;
    }
  }
  return undefined;
}

/** The path as Graph names parameters (`text['body']`). */
function nulPath(value: unknown): string | undefined {
  const keys = nulKeys(value, 0);
  if (keys === undefined) return undefined;
  return keys.map((key, index) => (index === 0 ? key : `['${key}']`)).join('');
}

/**
 * PostgreSQL cannot store the NUL character in text, SQLite can: left alone, the same request would
 * answer 500 on one engine and 200 on the other. Every route refuses it the same way instead.
 */
export async function rejectNulCharacters(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const found = nulPath(request.query) ?? nulPath(request.body);
  if (found === undefined) return;
  await sendDomainError(reply, domainError('PARAMETER_NUL', `Param ${found === '' ? 'body' : found} contains a NUL character (\\u0000), which is not allowed.`));
}
