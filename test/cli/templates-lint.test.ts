import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const bin = join(import.meta.dirname, '..', '..', 'bin', 'kabar.js');
const folder = mkdtempSync(join(tmpdir(), 'kabar-lint-'));

function lint(template: unknown, ...args: string[]): Promise<{ code: number; stdout: string }> {
  const file = join(folder, `${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(template));
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, 'templates', 'lint', file, ...args], (error, stdout) => resolve({ code: error === null ? 0 : Number(error.code ?? 1), stdout }));
  });
}

/** `npx kabar templates lint template.json` works without a running Kabar and exits 1 on a reject-level finding. */
describe('kabar templates lint', () => {
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('exits 1 and names each reject-level rule with where it is and how to fix it, in English and Indonesian', async () => {
    const { code, stdout } = await lint({ name: 'order_update', language: 'en_US', category: 'UTILITY', components: [{ type: 'BODY', text: '{{1}} your order ships today.', example: { body_text: [['Pablo']] } }] });
    expect(code).toBe(1);
    expect(stdout).toContain('reject variable-at-edge  BODY.text[0..5]  The body starts with {{1}}.');
    expect(stdout).toContain('fix: Put fixed text before the first');
    expect(stdout).toContain('perbaikan: Letakkan teks tetap');
  });

  it('exits 0 on warnings only, and prints JSON with --json', async () => {
    const { code, stdout } = await lint({ name: 'new_arrivals', language: 'en_US', category: 'MARKETING', components: [{ type: 'BODY', text: 'Hi {{1}}, our new collection arrived in store this week.', example: { body_text: [['Ana']] } }] }, '--json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ verdict: 'warn', findings: [{ rule: 'marketing-opt-out', severity: 'warn' }] });
  });
});
