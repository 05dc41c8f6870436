import type { FastifyInstance } from 'fastify';
import { parse as parseQueryString } from 'fast-querystring';

/** A 400 that the error mapper turns into Graph's code 100 with this sentence as its details. */
export class BodyError extends Error {
  readonly statusCode = 400;
  readonly code = 'KABAR_BAD_BODY';
}

const looksLikeJson = /^\s*[{[]/;

/**
 * Graph takes form fields as well as JSON (Meta's own curl examples use -F and -d). `curl -d` sends
 * a JSON body as a form unless told otherwise; reading it as a form would answer with a confusing
 * "parameter … is required", so such a body is refused with what was sent and what is expected.
 */
export function registerBodyParsers(app: FastifyInstance): void {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (looksLikeJson.test(text)) {
      done(new BodyError('The body is JSON but was sent as Content-Type: application/x-www-form-urlencoded (what curl -d sends by default); send it with Content-Type: application/json.'), undefined);
      return;
    }
    done(null, parseQueryString(text));
  });
  // Fastify reads text/plain as a string, which no route takes: refuse it by its media type instead.
  app.removeContentTypeParser('text/plain');
}
