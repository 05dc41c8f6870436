import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { buildApp, callbackPolicyFromEnvironment, defaultConsoleDir, loggerOptions, webhookRetentionFromEnvironment } from '../server/index.js';
import { CommandError, listenFailure, redactUrl } from './cli.errors.js';
import { dataDir, demoFilePath, readDemoFile, type DemoFile } from './config.js';

export interface StartOptions {
  readonly port: number;
  readonly host: string;
}

/**
 * `npm ci` builds the console (the `prepare` script); a checkout started without it gets it built
 * here, once, when Vite is installed. Without Vite the API still runs and `/` says how to build.
 */
function ensureConsole(): void {
  if (existsSync(join(defaultConsoleDir, 'index.html'))) return;
  let vite: string;
  try {
    vite = join(dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin', 'vite.js');
  } catch {
    process.stderr.write('kabar: the console is not built and Vite is not installed; run npm ci to build it.\n');
    return;
  }
  process.stdout.write('Building the console (first start)…\n');
  execFileSync(process.execPath, [vite, 'build', join(defaultConsoleDir, '..'), '--logLevel', 'warn'], { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
}

/** `kabar start`: migrate, seed the demo business on first start, listen, print how to connect. */
export async function start(options: StartOptions): Promise<void> {
  ensureConsole();
  const directory = dataDir();
  mkdirSync(directory, { recursive: true });
  const previous = readDemoFile();
  const databaseUrl = process.env['KABAR_DATABASE_URL'];
  const adminTokenFromEnv = process.env['KABAR_ADMIN_TOKEN'];
  const seed = process.env['KABAR_SIM_SEED'];
  const synchronous = process.env['KABAR_SQLITE_SYNCHRONOUS'];
  if (synchronous !== undefined && synchronous !== 'FULL' && synchronous !== 'NORMAL') throw new CommandError(`KABAR_SQLITE_SYNCHRONOUS is '${synchronous}': set it to FULL or NORMAL, or unset it`);
  if (seed !== undefined && !(/^\d+$/.test(seed) && Number(seed) <= 4_294_967_295)) throw new CommandError(`KABAR_SIM_SEED is '${seed}': set it to a whole number from 0 to 4294967295, or unset it`);
  const nodeTag = process.env['KABAR_NODE_TAG'];
  if (nodeTag !== undefined && !(/^\d+$/.test(nodeTag) && Number(nodeTag) <= 255)) throw new CommandError(`KABAR_NODE_TAG is '${nodeTag}': set it to a whole number from 0 to 255, different on every Kabar node of one database, or unset it`);
  let webhookRetentionMs: number | undefined;
  try {
    webhookRetentionMs = webhookRetentionFromEnvironment(process.env['KABAR_WEBHOOK_RETENTION']);
  } catch (error) {
    throw new CommandError(error instanceof Error ? error.message : String(error));
  }
  const smtpUrl = process.env['KABAR_SMTP_URL'];
  const emailFrom = process.env['KABAR_SMTP_FROM'];
  if (smtpUrl !== undefined && smtpUrl !== '' && !/^smtps?:\/\//.test(smtpUrl)) throw new CommandError('KABAR_SMTP_URL must start with smtp:// or smtps://, e.g. smtp://user:password@mail.example.com:587');
  const kabar = await buildApp({
    dataDir: directory,
    ...(smtpUrl === undefined || smtpUrl === '' ? {} : { smtpUrl }),
    ...(emailFrom === undefined || emailFrom === '' ? {} : { emailFrom }),
    logger: loggerOptions(process.env['KABAR_LOG_LEVEL'] ?? 'warn'),
    ...(databaseUrl === undefined ? {} : { databaseUrl }),
    ...(adminTokenFromEnv === undefined ? {} : { adminToken: adminTokenFromEnv }),
    ...(seed === undefined ? {} : { simSeed: Number(seed) }),
    ...(nodeTag === undefined ? {} : { nodeTag: Number(nodeTag) }),
    ...(synchronous === undefined ? {} : { sqliteSynchronous: synchronous }),
    callbackPolicy: callbackPolicyFromEnvironment(process.env['KABAR_CALLBACK_HOSTS']),
    ...(webhookRetentionMs === undefined ? {} : { webhookRetentionMs }),
  }).catch((error: unknown) => {
    if (databaseUrl === undefined || !(error instanceof Error)) throw error;
    throw new CommandError(`the database at ${redactUrl(databaseUrl)} cannot be used (${error.message}): start PostgreSQL or fix KABAR_DATABASE_URL`);
  });
  const demo = await kabar.services.ensureDemo(previous?.accessToken);
  const owner = await kabar.services.ensureDemoOwner(demo.businessId, previous?.ownerPassword);
  try {
    await kabar.app.listen({ port: options.port, host: options.host });
  } catch (error) {
    await kabar.close();
    throw listenFailure(error, { port: options.port, host: options.host, portSetting: 'PORT / --port', hostSetting: 'HOST / --host' });
  }
  const address = kabar.app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  const baseUrl = `http://${options.host === '0.0.0.0' ? '127.0.0.1' : options.host}:${port}`;
  const adminToken = kabar.adminToken ?? previous?.adminToken;
  const file: DemoFile = {
    baseUrl,
    accessToken: demo.accessToken,
    phoneNumberId: demo.phoneNumberId,
    wabaId: demo.wabaId,
    appId: demo.appId,
    appSecret: demo.appSecret,
    verifyToken: demo.verifyToken,
    businessId: demo.businessId,
    phoneNumber: demo.phoneNumber,
    ...(adminToken === undefined ? {} : { adminToken }),
    consoleUrl: `${baseUrl}/`,
    ownerEmail: owner.email,
    ...(owner.password === undefined ? {} : { ownerPassword: owner.password }),
  };
  writeFileSync(demoFilePath(), `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
  const lines = [
    `Kabar is running (${kabar.services.database.dialect}, simulator).`,
    `  console          ${baseUrl}/   sign in as ${owner.email} / ${owner.password ?? '(the password you set in the console)'}`,
    `  base URL         ${baseUrl}   (Graph routes also under ${baseUrl}/v21.0)`,
    `  access token     ${demo.accessToken}`,
    `  phone number id  ${demo.phoneNumberId}   (+${demo.phoneNumber})`,
    `  WABA id          ${demo.wabaId}`,
    `  app id           ${demo.appId}`,
    `  app secret       ${demo.appSecret}`,
    `  verify token     ${demo.verifyToken}`,
    `  admin token      ${adminToken ?? '(set before; export KABAR_ADMIN_TOKEN)'}`,
    `The same is in ${demoFilePath()}.`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  const stop = async (): Promise<void> => {
    await kabar.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}
