import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { adminAccess } from './access/admin-access.js';
import { accessRoutes } from './access/access.routes.js';
import { auditWrites } from './access/audit.hook.js';
import { consoleRoutes } from './console/console.routes.js';
import { serveConsole } from './console/static.js';
import { registerBodyParsers } from './body-parsers.js';
import { rejectNulCharacters } from './input-guards.js';
import { adminRoutes } from './admin/admin.routes.js';
import { errorHandler, notFoundHandler } from './errors.js';
import { graphRoutes } from './graph/graph.routes.js';
import { createServices } from './kabar.js';
import { defaultFeatures } from './features.js';
import type { KabarOptions, KabarServices } from './services.js';
import { simRoutes } from './sim/sim.routes.js';

export interface BuildOptions extends KabarOptions {
  /** The operator token for /admin and /sim; when absent it is generated and stored hashed. */
  readonly adminToken?: string;
  readonly logger?: FastifyServerOptions['logger'];
  /** The built console (`web/dist`); absent or unbuilt, `/` says how to build it. */
  readonly consoleDir?: string;
}

export interface KabarApp {
  readonly app: FastifyInstance;
  readonly services: KabarServices;
  /** The operator token, when this start set it (absent when only its hash is known). */
  readonly adminToken: string | undefined;
  /** Admin and simulator routes that declare no `config.access` (they are the operator's alone); a test keeps this empty. */
  readonly routesWithoutAccess: readonly string[];
  close(): Promise<void>;
}

const versionPrefix = /^\/v\d+\.\d+(?=\/|$|\?)/;

/** Query-string tokens never reach the logs. */
export function redactUrl(url: string): string {
  return url.replace(/([?&]access_token=)[^&]*/g, '$1[redacted]');
}

/** Pino options for a running server: request lines without tokens. */
export function loggerOptions(level: string): Exclude<FastifyServerOptions['logger'], boolean | undefined> {
  return {
    level,
    redact: ['req.headers.authorization', 'req.headers["idempotency-key"]'],
    serializers: {
      req: (request: { method: string; url: string }) => ({ method: request.method, url: redactUrl(request.url) }),
    },
  };
}

export async function buildApp(options: BuildOptions): Promise<KabarApp> {
  const app = Fastify({
    logger: options.logger ?? false,
    // Graph paths carry an optional version: /v21.0/{id}/messages and /{id}/messages are the same route.
    rewriteUrl: (request) => (request.url ?? '/').replace(versionPrefix, '') || '/',
    bodyLimit: 3 * 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true },
  });
  const services = await createServices({ ...options, features: options.features ?? defaultFeatures }, app.log);

  let adminTokenHash: string | undefined;
  let adminToken = options.adminToken;
  const stored = await services.settings.get<{ tokenHash: string }>('admin');
  if (adminToken !== undefined) {
    adminTokenHash = services.credentials.hashToken(adminToken);
    if (stored?.tokenHash !== adminTokenHash) await services.settings.put('admin', { tokenHash: adminTokenHash }, services.clock.now());
  } else if (stored !== undefined) {
    adminTokenHash = stored.tokenHash;
  } else {
    adminToken = services.credentials.newToken();
    adminTokenHash = services.credentials.hashToken(adminToken);
    await services.settings.put('admin', { tokenHash: adminTokenHash }, services.clock.now());
  }

  registerBodyParsers(app);
  app.decorateRequest('principal', null);
  app.decorateRequest('authenticated', false);
  app.decorateRequest('actor', null);
  app.decorateRequest('auditBusinessId', null);
  app.decorateRequest('auditDetails', null);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler);
  app.get('/health', async () => ({ status: 'ok' }));

  // The admin and simulator APIs: every route declares the least access it needs (see admin-access.ts).
  const routesWithoutAccess: string[] = [];
  await app.register(async (operator) => {
    operator.addHook('onRoute', (route) => {
      if ((route.config as { access?: unknown } | undefined)?.access === undefined) routesWithoutAccess.push(`${String(route.method)} ${route.url}`);
    });
    const auth = adminAccess(services, () => adminTokenHash);
    operator.addHook('onRequest', auth.onRequest);
    operator.addHook('preValidation', auth.preValidation);
    operator.addHook('preValidation', rejectNulCharacters);
    operator.addHook('onSend', auditWrites(services));
    await operator.register(accessRoutes(services, () => adminTokenHash));
    await operator.register(adminRoutes(services));
    await operator.register(simRoutes(services));
    await operator.register(consoleRoutes(services));
    for (const part of services.features) {
      if (part.admin !== undefined) await part.admin(operator);
      if (part.sim !== undefined) await part.sim(operator);
    }
  });
  for (const part of services.features) if (part.open !== undefined) await app.register(async (open) => part.open?.(open));
  await app.register(serveConsole(options.consoleDir));
  await app.register(graphRoutes(services));

  return {
    app,
    services,
    adminToken,
    routesWithoutAccess,
    async close() {
      await app.close();
      await services.close();
    },
  };
}
