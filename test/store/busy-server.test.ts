import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { sql } from 'kysely';
import { openDatabase } from '../../src/store/index.js';

/**
 * PostgreSQL refuses a new connection with 53300 when it has no slot left for it. Kabar's pool waits
 * for a slot (one of its own connections coming back) instead of failing the request. A role allowed
 * two connections stands in for a server whose `max_connections` other clients have used up.
 */
const url = process.env['KABAR_TEST_DATABASE_URL'];

describe.runIf(url !== undefined)('a PostgreSQL server with no connection slot left', () => {
  const role = `kabar_two_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  let limitedUrl = '';

  beforeAll(async () => {
    await admin.connect();
    await admin.query(`CREATE ROLE ${role} LOGIN CONNECTION LIMIT 2`);
    const parsed = new URL(url ?? '');
    parsed.username = role;
    parsed.password = '';
    limitedUrl = parsed.toString();
  });

  afterAll(async () => {
    await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '${role}'`);
    await admin.query(`DROP ROLE IF EXISTS ${role}`);
    await admin.end();
  });

  it('refuses a third connection of the role outright, as a full server does', async () => {
    const clients = [new pg.Client({ connectionString: limitedUrl }), new pg.Client({ connectionString: limitedUrl })];
    await Promise.all(clients.map((client) => client.connect()));
    const third = new pg.Client({ connectionString: limitedUrl });
    await expect(third.connect()).rejects.toMatchObject({ code: '53300' });
    await Promise.all(clients.map((client) => client.end()));
  });

  it('answers twenty concurrent queries through a pool of ten by waiting for a slot, none failing', async () => {
    const open = await openDatabase({ dataDir: '', url: limitedUrl });
    try {
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, index) => sql<{ n: number }>`select ${index}::int as n, pg_sleep(0.02)`.execute(open.db).then((result) => result.rows[0]?.n)),
      );
      expect(answers).toEqual(Array.from({ length: 20 }, (_, index) => index));
    } finally {
      await open.close();
    }
  });
});
