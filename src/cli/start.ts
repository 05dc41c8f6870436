import { mkdirSync, writeFileSync } from 'node:fs';
import { buildApp, callbackPolicyFromEnvironment, loggerOptions, webhookRetentionFromEnvironment } from '../server/index.js';
import { dataDir, demoFilePath, readDemoFile, type DemoFile } from './config.js';

export interface StartOptions {
  readonly port: number;
  readonly host: string;
}

/** `kabar start`: migrate, seed the demo business on first start, listen, print how to connect. */
export async function start(options: StartOptions): Promise<void> {
  const directory = dataDir();
  mkdirSync(directory, { recursive: true });
  const previous = readDemoFile();
  const databaseUrl = process.env['KABAR_DATABASE_URL'];
  const adminTokenFromEnv = process.env['KABAR_ADMIN_TOKEN'];
  const seed = process.env['KABAR_SIM_SEED'];
  const synchronous = process.env['KABAR_SQLITE_SYNCHRONOUS'];
  if (synchronous !== undefined && synchronous !== 'FULL' && synchronous !== 'NORMAL') throw new Error('KABAR_SQLITE_SYNCHRONOUS must be FULL or NORMAL');
  const webhookRetentionMs = webhookRetentionFromEnvironment(process.env['KABAR_WEBHOOK_RETENTION']);
  const kabar = await buildApp({
    dataDir: directory,
    logger: loggerOptions(process.env['KABAR_LOG_LEVEL'] ?? 'warn'),
    ...(databaseUrl === undefined ? {} : { databaseUrl }),
    ...(adminTokenFromEnv === undefined ? {} : { adminToken: adminTokenFromEnv }),
    ...(seed === undefined ? {} : { simSeed: Number(seed) }),
    ...(synchronous === undefined ? {} : { sqliteSynchronous: synchronous }),
    callbackPolicy: callbackPolicyFromEnvironment(process.env['KABAR_CALLBACK_HOSTS']),
    ...(webhookRetentionMs === undefined ? {} : { webhookRetentionMs }),
  });
  const demo = await kabar.services.ensureDemo(previous?.accessToken);
  await kabar.app.listen({ port: options.port, host: options.host });
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
  };
  writeFileSync(demoFilePath(), `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
  const lines = [
    `Kabar is running (${kabar.services.database.dialect}, simulator).`,
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
