import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKabar, type TestKabar } from '../support/kabar.js';

const bin = join(import.meta.dirname, '..', '..', 'bin', 'kabar.js');
const directory = mkdtempSync(join(tmpdir(), 'kabar-contacts-cli-'));

describe('kabar contacts and consent commands', () => {
  let t: TestKabar;
  let url: string;

  /** Runs `kabar` against the Kabar of this test (never blocking the event loop that serves it). */
  const kabar = (...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> =>
    new Promise((resolve) => {
      const environment = { ...process.env, KABAR_URL: url, KABAR_ADMIN_TOKEN: 'test-admin-token', KABAR_DATA_DIR: directory };
      execFile(process.execPath, [bin, ...args], { env: environment }, (error, stdout, stderr) => resolve({ stdout, stderr, code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1 }));
    });

  beforeAll(async () => {
    t = await startKabar('sqlite');
    await t.kabar.app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(t.kabar.app.server.address() as AddressInfo).port}`;
    await t.kabar.app.inject({ method: 'POST', url: `/admin/businesses/${t.demo.businessId}/contacts/settings`, headers: t.admin, payload: { default_country: 'ID' } });
  });

  afterAll(async () => {
    await t.close();
    await t.database.cleanup();
    rmSync(directory, { recursive: true, force: true });
  });

  it('imports a CSV file, says what happened, writes the rows it did not import, and a second run changes nothing', async () => {
    const file = join(directory, 'pelanggan.csv');
    writeFileSync(file, 'Nomor;Nama;Label\n0812-3000-0001;Ani;vip\n+62 812 3000 0002;Budi;\n0812;Cici;\n628130000001;Dodi;vip|promo\n0812 3000 0001;Ani lagi;\n');
    const errors = join(directory, 'errors.csv');
    const first = await kabar('contacts', 'import', file, '--business', t.demo.businessId, '--errors', errors, '--tag', 'pameran');
    expect(first.stderr).toBe('');
    expect(first.stdout).toMatch(/^import [0-9A-F]{20} completed: 5 rows, 3 new, 0 merged, 0 unchanged, 2 not imported\nrows not imported: /);
    expect(readFileSync(errors, 'utf8')).toBe(
      'Nomor,Nama,Label,row,error_code,error\n' +
        "0812,Cici,,3,invalid_number,'0812' is not a valid phone number for ID or in international form.\n" +
        '0812 3000 0001,Ani lagi,,5,duplicate_in_file,The same number as row 1 (6281230000001).\n',
    );
    const again = await kabar('contacts', 'import', file, '--business', t.demo.businessId, '--merge', '--json');
    expect(JSON.parse(again.stdout)).toMatchObject({ status: 'completed', created: 0, merged: 0, unchanged: 3, failed: 2 });
    const listed = JSON.parse((await kabar('contacts', 'list', '--business', t.demo.businessId, '--tag', 'pameran')).stdout) as { data: { name: string; tags: string[] }[] };
    expect(listed.data.map((contact) => [contact.name, contact.tags])).toEqual([
      ['Ani', ['pameran', 'vip']],
      ['Budi', ['pameran']],
      ['Dodi', ['pameran', 'promo', 'vip']],
    ]);
    const exported = join(directory, 'export.csv');
    await kabar('contacts', 'export', '--business', t.demo.businessId, '--out', exported);
    expect(readFileSync(exported, 'utf8').split('\n').filter((line) => line.length > 0)).toHaveLength(4);
  });

  it('records an opt-in, makes a QR code file, and drives reinstalls in the simulator', async () => {
    const optIn = JSON.parse((await kabar('consent', 'opt-in', '081230000001', '--business', t.demo.businessId, '--source', 'web_form', '--text', 'Ya, kirimi promo')).stdout) as { data: { source: string }[] };
    expect(optIn.data[0]?.source).toBe('web_form');
    const qr = join(directory, 'optin.png');
    const link = JSON.parse((await kabar('consent', 'link', '--business', t.demo.businessId, '--number', t.demo.phoneNumberId, '--text', 'Promo', '--qr', qr)).stdout) as { url: string; source: string };
    expect(link.source).toBe('qr_code');
    expect(readFileSync(qr).subarray(1, 4).toString()).toBe('PNG');
    const reinstalled = JSON.parse((await kabar('sim', 'user', 'reinstall', '6281230000001')).stdout) as { identity_key_hash: string };
    expect(reinstalled.identity_key_hash).toMatch(/=$/);
    const bad = await kabar('consent', 'opt-in', '0812', '--business', t.demo.businessId, '--source', 'web_form', '--text', 'x');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('(#131009)');
  });
});
