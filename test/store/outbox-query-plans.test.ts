import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CompiledQuery, createQueryId, sql, type KyselyPlugin, type PluginTransformQueryArgs, type PluginTransformResultArgs, type QueryResult, type RootOperationNode, type UnknownRow } from 'kysely';
import { KyselyOutboxRepository, type OpenDatabase } from '../../src/store/index.js';
import { dialects, openMigrated } from '../support/databases.js';

/** Keeps every query a Kysely instance runs, so that the engine can be asked how it would run them. */
class QueryCapture implements KyselyPlugin {
  readonly nodes: RootOperationNode[] = [];

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.nodes.push(args.node);
    return args.node;
  }

  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result);
  }
}

const transactionControl = /^\s*(begin|commit|rollback|savepoint|release)/i;

for (const dialect of dialects) {
  describe(`the outbox queries of the dispatcher and the pruner on ${dialect}`, () => {
    let open: OpenDatabase;
    let close: () => Promise<void>;

    beforeEach(async () => {
      ({ open, close } = await openMigrated(dialect));
    });

    afterEach(() => close());

    /** The engine's plan of every query `run` makes through the repository, one string a query. */
    const plansOf = async (run: (outbox: KyselyOutboxRepository) => Promise<unknown>): Promise<string[]> => {
      const capture = new QueryCapture();
      await run(new KyselyOutboxRepository(open.db.withPlugin(capture)));
      const queries = capture.nodes
        .map((node) => open.db.getExecutor().compileQuery(node, createQueryId()))
        .filter((query) => !transactionControl.test(query.sql));
      return open.db.connection().execute(async (connection) => {
        // PostgreSQL prefers a sequential scan of a small table; forbidding it shows whether an index could serve the query at all.
        if (dialect === 'postgres') await sql`set enable_seqscan = off`.execute(connection);
        const plans: string[] = [];
        for (const query of queries) {
          const explain = dialect === 'sqlite' ? 'explain query plan' : 'explain';
          const result = await connection.executeQuery<Record<string, unknown>>(CompiledQuery.raw(`${explain} ${query.sql}`, [...query.parameters]));
          plans.push(result.rows.map((row) => String(row['detail'] ?? row['QUERY PLAN'])).join('\n'));
        }
        if (dialect === 'postgres') await sql`reset enable_seqscan`.execute(connection);
        return plans;
      });
    };

    const fullScan = /(\bSCAN (outbox|webhook_attempts)\b)|(Seq Scan on (outbox|webhook_attempts)\b)/;

    it('finds the callbacks with pending rows, and their due rows from the start or from a position, through an index', async () => {
      const plans = await plansOf(async (outbox) => {
        await outbox.pendingCallbacks();
        await outbox.dueFor('http://127.0.0.1:9/hook', Date.UTC(2026, 10, 25), 16);
        await outbox.dueFor('http://127.0.0.1:9/hook', Date.UTC(2026, 10, 25), 16, { nextAttemptAt: Date.UTC(2026, 10, 24), key: '1795478400000-000001' });
      });
      expect(plans).toHaveLength(3);
      for (const plan of plans) expect(plan).not.toMatch(fullScan);
      for (const plan of plans) expect(plan).toMatch(/outbox_callback_due/);
    });

    it('prunes finished rows and their attempts through indexes', async () => {
      const finishedAt = Date.UTC(2026, 10, 18);
      await open.db
        .insertInto('outbox')
        .values({ key: 'O1', business_id: 'b1', app_id: 'a1', url: 'http://127.0.0.1:9/hook', body: '{}', status: 'delivered', attempts: 1, next_attempt_at: finishedAt, created_at: finishedAt, delivered_at: finishedAt, finished_at: finishedAt, last_error: null })
        .execute();
      await open.db
        .insertInto('webhook_attempts')
        .values({ key: 'A1', outbox_key: 'O1', business_id: 'b1', attempt: 1, attempted_at: finishedAt, url: 'http://127.0.0.1:9/hook', response_status: 200, error: null, duration_ms: 1 })
        .execute();
      const plans = await plansOf((outbox) => outbox.pruneFinished(Date.UTC(2026, 10, 25), 1_000));
      expect(plans).toHaveLength(3);
      for (const plan of plans) expect(plan).not.toMatch(fullScan);
      expect(plans[0]).toMatch(/outbox_finished/);
      expect(plans[1]).toMatch(/webhook_attempts_outbox/);
    });
  });
}
