import type { FastifyReply, FastifyRequest } from 'fastify';
import { domainError } from '../core/shared/index.js';
import { sendDomainError } from './errors.js';

/** Where a NUL character hides in a parsed body or query, as Graph names parameters (`text['body']`). */
function nulPath(value: unknown, path: string, depth: number): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (depth > 32 || value === null || typeof value !== 'object') return undefined;
  for (const [key, item] of Object.entries(value)) {
    const name = path === '' ? key : `${path}['${key}']`;
    if (key.includes('\u0000')) return name;
    const found = nulPath(item, name, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * PostgreSQL cannot store the NUL character in text, SQLite can: left alone, the same request would
 * answer 500 on one engine and 200 on the other. Every route refuses it the same way instead.
 */
export async function rejectNulCharacters(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const found = nulPath(request.query, '', 0) ?? nulPath(request.body, '', 0);
  if (found === undefined) return;
  await sendDomainError(reply, domainError('PARAMETER_NUL', `Param ${found === '' ? 'body' : found} contains a NUL character (\\u0000), which is not allowed.`));
}
