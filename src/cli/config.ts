import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface DemoFile {
  readonly baseUrl: string;
  readonly accessToken: string;
  readonly phoneNumberId: string;
  readonly wabaId: string;
  readonly appId: string;
  readonly appSecret: string;
  readonly verifyToken: string;
  readonly businessId?: string;
  readonly phoneNumber?: string;
  readonly adminToken?: string;
  /** The console's address and its first owner, for the demo business. */
  readonly consoleUrl?: string;
  readonly ownerEmail?: string;
  readonly ownerPassword?: string;
}

export function dataDir(): string {
  return process.env['KABAR_DATA_DIR'] ?? './data';
}

export function demoFilePath(): string {
  return join(dataDir(), 'demo.json');
}

/** The demo file's absolute path, for messages that say where the CLI looked. */
export function resolveDemoFilePath(): string {
  return resolve(demoFilePath());
}

export function readDemoFile(): DemoFile | undefined {
  try {
    return JSON.parse(readFileSync(demoFilePath(), 'utf8')) as DemoFile;
  } catch {
    return undefined;
  }
}

export interface Connection {
  readonly baseUrl: string;
  readonly adminToken: string | undefined;
  readonly demo: DemoFile | undefined;
  /** Where the base URL came from, said in errors: 'KABAR_URL', the demo file's path, or 'default'. */
  readonly baseUrlSource: string;
  /** Where the admin token came from, or undefined when the CLI found none. */
  readonly adminTokenSource: string | undefined;
}

/** Where a running Kabar is and the operator token, from the environment or the demo file. */
export function connection(): Connection {
  const demo = readDemoFile();
  const demoPath = resolveDemoFilePath();
  const fromEnvironment = process.env['KABAR_URL'];
  const baseUrl = fromEnvironment ?? demo?.baseUrl ?? `http://127.0.0.1:${process.env['PORT'] ?? '3000'}`;
  const tokenFromEnvironment = process.env['KABAR_ADMIN_TOKEN'];
  const adminToken = tokenFromEnvironment ?? demo?.adminToken;
  return {
    baseUrl: baseUrl.replace(/\/$/, ''),
    adminToken,
    demo,
    baseUrlSource: fromEnvironment !== undefined ? 'KABAR_URL' : demo !== undefined ? demoPath : 'default',
    adminTokenSource: tokenFromEnvironment !== undefined ? 'KABAR_ADMIN_TOKEN' : adminToken !== undefined ? demoPath : undefined,
  };
}

/** Says where the CLI looked for a running Kabar and how to point it elsewhere; errors end with it. */
export function lookupHint(): string {
  const variable = process.env['KABAR_DATA_DIR'] === undefined ? 'KABAR_DATA_DIR is not set, so ./data' : 'from KABAR_DATA_DIR';
  return (
    `The CLI looks for a running Kabar in ${resolveDemoFilePath()} (${variable}). ` +
    'Point it elsewhere with KABAR_DATA_DIR=<the data folder of the running Kabar>, or with KABAR_URL and KABAR_ADMIN_TOKEN.'
  );
}
