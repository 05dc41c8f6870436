/**
 * The composition root: opens the store, migrates, builds the clock, the simulator, the group
 * committer and the workers, and hands them to the Fastify app.
 */
import { ensureDemo, type AccountsRepository, type DemoCredentials, type DemoIds, type ProvisionDeps } from '../core/accounts/index.js';
import { processStatusTimers, type MessagingRepository, type UnitOfWork } from '../core/messaging/index.js';
import { SimClock, type Credentials, type IdSource, type SimClockState } from '../core/shared/index.js';
import { resolveTargets, type OutboxRepository, type WebhookTargets } from '../core/webhooks/index.js';
import { SimNetwork, defaultSimSchedule, type SimSchedule } from '../network/index.js';
import {
  CachedAccountsRepository, GroupCommitter, KyselyAccountsRepository, KyselyMessagingRepository, KyselyOutboxRepository,
  KyselySettingsRepository, KyselySimUsersRepository, KyselyTimersRepository, migrateToLatest, openDatabase, type OpenDatabase, type SqliteSynchronous,
} from '../store/index.js';
import type { FastifyBaseLogger } from 'fastify';
import { httpCallbackVerifier } from './callback-verifier.js';
import { systemCredentials, systemIds } from './credentials.js';
import { TimerRunner } from './workers/timer-runner.js';
import { WebhookDispatcher } from './workers/webhook-dispatcher.js';
import type { CallbackVerifier } from '../core/accounts/index.js';

export interface KabarOptions {
  readonly dataDir: string;
  /** `postgres://…` to use PostgreSQL instead of the embedded SQLite file. */
  readonly databaseUrl?: string;
  readonly postgresSchema?: string;
  readonly sqliteFile?: string;
  readonly sqliteSynchronous?: SqliteSynchronous;
  /** A clock to use as is (tests pass a frozen one); otherwise the simulator clock is restored from the store. */
  readonly clock?: SimClock;
  readonly simSeed?: number;
  readonly simSchedule?: Partial<SimSchedule>;
  /** How often the workers look for due timers and webhooks; 0 runs them only when kicked. */
  readonly pollIntervalMs?: number;
}

export interface KabarServices {
  readonly database: OpenDatabase;
  readonly clock: SimClock;
  readonly ids: IdSource;
  readonly credentials: Credentials;
  readonly accounts: AccountsRepository;
  readonly messages: MessagingRepository;
  readonly outbox: OutboxRepository;
  readonly settings: KyselySettingsRepository;
  readonly timers: KyselyTimersRepository;
  readonly network: SimNetwork;
  readonly committer: GroupCommitter;
  readonly targets: WebhookTargets;
  readonly verifier: CallbackVerifier;
  readonly timerRunner: TimerRunner;
  readonly dispatcher: WebhookDispatcher;
  ensureDemo(knownAccessToken: string | undefined): Promise<DemoCredentials>;
  saveClock(): Promise<void>;
  /** Runs due timers, then delivers due webhooks: what happens "now" in simulated time. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

const clockKey = 'sim.clock';

export async function createServices(options: KabarOptions, log: FastifyBaseLogger): Promise<KabarServices> {
  const database = await openDatabase({
    dataDir: options.dataDir,
    ...(options.databaseUrl === undefined ? {} : { url: options.databaseUrl }),
    ...(options.postgresSchema === undefined ? {} : { schema: options.postgresSchema }),
    ...(options.sqliteFile === undefined ? {} : { sqliteFile: options.sqliteFile }),
    ...(options.sqliteSynchronous === undefined ? {} : { sqliteSynchronous: options.sqliteSynchronous }),
  });
  await migrateToLatest(database.db);
  const settings = new KyselySettingsRepository(database.db);
  const clock = options.clock ?? new SimClock(Date.now, (await settings.get<SimClockState>(clockKey)) ?? { mode: 'running', value: 0 });
  const ids = systemIds(clock);
  const credentials = systemCredentials;
  const accounts = new CachedAccountsRepository(new KyselyAccountsRepository(database.db));
  const messages = new KyselyMessagingRepository(database.db);
  const outbox = new KyselyOutboxRepository(database.db);
  const timers = new KyselyTimersRepository(database.db);
  const network = await SimNetwork.open(new KyselySimUsersRepository(database.db), clock, {
    seed: options.simSeed ?? 1,
    schedule: { ...defaultSimSchedule, ...options.simSchedule },
  });
  const targets: WebhookTargets = { forWaba: (wabaId) => resolveTargets(accounts, wabaId) };
  const dispatcher = new WebhookDispatcher({ outbox, accounts, clock, ids, log });
  const committer = new GroupCommitter(database.db, {
    onCommitted(units: readonly UnitOfWork[]) {
      const now = clock.now();
      if (units.some((unit) => (unit.outbox?.length ?? 0) > 0)) dispatcher.kick();
      if (units.some((unit) => (unit.timers ?? []).some((timer) => timer.dueAt <= now))) void runner.runDue();
    },
  });
  const runner = new TimerRunner({
    source: timers,
    process: (due) => processStatusTimers({ accounts, messages, targets, ids }, due),
    writer: committer,
    clock,
  });
  const pollIntervalMs = options.pollIntervalMs ?? 100;
  if (pollIntervalMs > 0) {
    runner.start(pollIntervalMs);
    dispatcher.start(Math.max(pollIntervalMs, 250));
  } else {
    dispatcher.kick();
  }
  const provisionDeps: ProvisionDeps = { accounts, clock, ids, credentials };

  return {
    database, clock, ids, credentials, accounts, messages, outbox, settings, timers, network, committer, targets, dispatcher,
    verifier: httpCallbackVerifier(),
    timerRunner: runner,
    async ensureDemo(knownAccessToken) {
      const registry = {
        load: () => settings.get<DemoIds>('demo'),
        save: (demoIds: DemoIds) => settings.put('demo', demoIds, clock.now()),
      };
      const demo = await ensureDemo({ ...provisionDeps, registry }, knownAccessToken);
      if (!demo.ok) throw new Error(demo.error.details);
      return demo.value;
    },
    saveClock: () => settings.put(clockKey, clock.state(), clock.now()),
    async settle() {
      await committer.drain();
      await runner.runDue();
      await committer.drain();
      await dispatcher.runDue();
    },
    async close() {
      await runner.stop();
      await committer.drain();
      await dispatcher.stop();
      await database.close();
    },
  };
}
