import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKabar, type TestKabar } from '../support/kabar.js';

describe('every admin and simulator route', () => {
  let t: TestKabar;
  beforeAll(async () => {
    t = await startKabar('sqlite');
  });
  afterAll(async () => {
    await t.close();
    await t.database.cleanup();
  });

  it('declares the least access it needs (docs/architecture.md, "How a route declares its access")', () => {
    expect(t.kabar.routesWithoutAccess).toEqual([]);
  });
});
