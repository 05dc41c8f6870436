import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { notificationKinds, notificationKindNames } from '../../src/core/notifications/index.js';

/** docs/notifications.md lists every kind Kabar tells, in the order of the catalogue, with its webhook field. */
describe('the notification kinds in the docs', () => {
  const doc = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'notifications.md'), 'utf8');
  const rows = [...doc.matchAll(/^\| `([a-z_.]+)` \| [^|]+ \| ([^|]+) \|$/gm)].map((match) => ({ kind: match[1] ?? '', webhook: (match[2] ?? '').trim() }));

  it('lists exactly the kinds of the catalogue', () => {
    expect(rows.map((row) => row.kind)).toEqual(notificationKindNames);
  });

  it("names each kind's webhook field, or none", () => {
    for (const row of rows) {
      const field = notificationKinds[row.kind as keyof typeof notificationKinds].webhook;
      if (field === null) expect(row.webhook, row.kind).toMatch(/^—/);
      else expect(row.webhook, row.kind).toMatch(new RegExp(`^\`${field}\``));
    }
  });
});
