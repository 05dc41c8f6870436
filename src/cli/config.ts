import { readFileSync } from 'node:fs';
import { join } from 'node:path';

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
}

export function dataDir(): string {
  return process.env['KABAR_DATA_DIR'] ?? './data';
}

export function demoFilePath(): string {
  return join(dataDir(), 'demo.json');
}

export function readDemoFile(): DemoFile | undefined {
  try {
    return JSON.parse(readFileSync(demoFilePath(), 'utf8')) as DemoFile;
  } catch {
    return undefined;
  }
}

/** Where a running Kabar is and the operator token, from the environment or the demo file. */
export function connection(): { baseUrl: string; adminToken: string | undefined; demo: DemoFile | undefined } {
  const demo = readDemoFile();
  const baseUrl = process.env['KABAR_URL'] ?? demo?.baseUrl ?? `http://127.0.0.1:${process.env['PORT'] ?? '3000'}`;
  return { baseUrl: baseUrl.replace(/\/$/, ''), adminToken: process.env['KABAR_ADMIN_TOKEN'] ?? demo?.adminToken, demo };
}
