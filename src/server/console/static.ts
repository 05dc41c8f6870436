/**
 * Serves the built console: `GET /` and every `/console/…` page answer the app's index.html (the app
 * routes in the browser), `/console/assets/…` the hashed files Vite built. Graph ids are digits and
 * versions `vNN.N`, so neither `/` nor `/console` can be mistaken for a Graph node.
 */
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** The folder of Kabar's package.json above this module, whether it runs from src/ or the build in dist/. */
function packageRoot(): string {
  let directory = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(directory, 'package.json')) && dirname(directory) !== directory) directory = dirname(directory);
  return directory;
}

export const defaultConsoleDir = join(packageRoot(), 'web', 'dist');

const types: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

const notBuilt = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Kabar</title>
<body style="font-family:sans-serif;max-width:40rem;margin:3rem auto"><h1>The console is not built</h1>
<p>Run <code>npm ci</code> (it builds the console) or <code>npm run build:web</code>, then reload.</p></body></html>`;

/** Security headers of every console page: no framing, no sniffing, scripts only from this origin. */
function pageHeaders(reply: FastifyReply): FastifyReply {
  return reply
    .header('x-frame-options', 'DENY')
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('content-security-policy', "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
}

export function serveConsole(directory: string = defaultConsoleDir) {
  return async function register(app: FastifyInstance): Promise<void> {
    const root = resolve(directory);
    const indexFile = join(root, 'index.html');
    const page = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
      // `/v21.0/` is the Graph API's root, not the console's: it answers as an unknown Graph path.
      if (/^\/v\d+\.\d+/.test(request.originalUrl)) {
        reply.callNotFound();
        return reply;
      }
      // Read on each page load (a small file, cached by the OS), so a console rebuilt while Kabar runs is served at once.
      const index = existsSync(indexFile) ? readFileSync(indexFile, 'utf8') : notBuilt;
      return pageHeaders(reply).header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(index);
    };
    app.get('/', page);
    app.get('/console', page);
    app.get('/console/*', async (request, reply) => {
      const rest = (request.params as { '*': string })['*'];
      if (!rest.startsWith('assets/')) return page(request, reply);
      const path = normalize(join(root, rest));
      if (!path.startsWith(root + sep)) return reply.code(404).send();
      try {
        const body = await readFile(path);
        // Vite names assets by content hash: they never change, so browsers may keep them for a year.
        return pageHeaders(reply).header('cache-control', 'public, max-age=31536000, immutable').type(types[extname(path)] ?? 'application/octet-stream').send(body);
      } catch {
        return reply.code(404).type('text/plain').send('not found');
      }
    });
  };
}
