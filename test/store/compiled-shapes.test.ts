import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { executeShaped } from '../../src/store/compiled-shapes.js';
import type { OpenDatabase } from '../../src/store/index.js';
import { dialects, openMigrated } from '../support/databases.js';

for (const dialect of dialects) {
  describe(`statements compiled once per shape on ${dialect}`, () => {
    let open: OpenDatabase;
    let close: () => Promise<void>;

    beforeEach(async () => {
      ({ open, close } = await openMigrated(dialect));
    });

    afterEach(() => close());

    const insert = (rows: readonly { key: string; value: string }[]) =>
      executeShaped(open.db, `settings.insert:${rows.length}`, rows.flatMap((row) => [row.key, row.value, 1]), () =>
        open.db.insertInto('settings').values(rows.map((row) => ({ key: row.key, value: row.value, updated_at: 1 }))).compile(),
      );
    const read = (key: string) =>
      executeShaped(open.db, 'settings.read', [key], () => open.db.selectFrom('settings').select(['key', 'value']).where('key', '=', key).compile());

    it('runs the same shape again with new parameters, each time with its own values', async () => {
      await insert([{ key: 'shape.a', value: '"one"' }, { key: 'shape.b', value: '"two"' }]);
      await insert([{ key: 'shape.c', value: '"three"' }, { key: 'shape.d', value: '"four"' }]);
      await insert([{ key: 'shape.e', value: '"five"' }]);
      for (const [key, value] of [['shape.a', '"one"'], ['shape.b', '"two"'], ['shape.c', '"three"'], ['shape.d', '"four"'], ['shape.e', '"five"']] as const) {
        expect((await read(key)).rows).toEqual([{ key, value }]);
      }
      expect((await read('shape.none')).rows).toEqual([]);
    });

    it('refuses parameters listed in another order than the query binds them, before running it', async () => {
      await expect(
        executeShaped(open.db, 'settings.insert-misordered', ['"x"', 'shape.x', 1], () => open.db.insertInto('settings').values({ key: 'shape.x', value: '"x"', updated_at: 1 }).compile()),
      ).rejects.toThrow(/not the ones its query binds/);
      expect((await read('shape.x')).rows).toEqual([]);
    });
  });
}
