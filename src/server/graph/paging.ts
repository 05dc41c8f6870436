import type { FastifyRequest } from 'fastify';

/** The page's own URL with one cursor changed, as Graph's `paging.next` and `paging.previous` are. */
export function pageUrl(request: FastifyRequest, cursor: { readonly after?: string; readonly before?: string }): string {
  const url = new URL(request.originalUrl, `${request.protocol}://${request.host}`);
  url.searchParams.delete('after');
  url.searchParams.delete('before');
  url.searchParams.delete('access_token');
  if (cursor.after !== undefined) url.searchParams.set('after', cursor.after);
  if (cursor.before !== undefined) url.searchParams.set('before', cursor.before);
  return url.toString();
}
