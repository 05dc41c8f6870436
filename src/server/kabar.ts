/**
 * The composition root: opens the store, migrates, builds the clock, the simulator, the group
 * committer and the workers, and hands them to the Fastify app.
 */
import { ensureDemo, type AccountsRepository, type DemoCredentials, type DemoIds, type ProvisionDeps } from '../core/accounts/index.js';
import { applyPlannedStatuses, type UnitOfWork } from '../core/messaging/index.js';
import { SimClock, keyFloor, type Credentials, type IdSource, type SimClockState } from '../core/shared/index.js';
import { resolveTargets, type OutboxRepository, type WebhookTargets } from '../core/webhooks/index.js';
import { SimNetwork, SimScheduler, defaultSimSchedule, type SimNetworkOptions, type SimSchedule } from '../network/index.js';
import {
  CachedAccountsRepository, GroupCommitter, KyselyAccountsRepository, KyselyMessagingRepository, KyselyOutboxRepository,
  KyselySettingsRepository, KyselySimUsersRepository, migrateToLatest, openDatabase, type OpenDatabase, type SqliteSynchronous,
} from '../store/index.js';
import type { FastifyBaseLogger } from 'fastify';
import { httpCallbackVerifier } from './callback-verifier.js';
import type { CallbackPolicy } from './callback-policy.js';
import { systemCredentials, systemIds } from './credentials.js';
import { OutboxPruner } from './workers/outbox-pruner.js';
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
  /** Override what `POST /sim/network` stored (tests and `KABAR_SIM_SEED` use these). */
  readonly simSeed?: number;
  readonly simSchedule?: Partial<SimSchedule>;
  /** How often the workers look for due statuses and webhooks; 0 runs them only when kicked. */
  readonly pollIntervalMs?: number;
  /** Which callback hosts tenants may use (default `any`; `public` for shared deployments). */
  readonly callbackPolicy?: CallbackPolicy;
  /** How long delivered and dead webhooks and their attempts stay in the delivery log (default 7 days). */
  readonly webhookRetentionMs?: number;
}

export interface KabarServices {
  readonly database: OpenDatabase;
  readonly clock: SimClock;
  readonly ids: IdSource;
  readonly credentials: Credentials;
  readonly accounts: AccountsRepository;
  readonly messages: KyselyMessagingRepository;
  readonly outbox: OutboxRepository;
  readonly settings: KyselySettingsRepository;
  readonly network: SimNetwork;
  readonly scheduler: SimScheduler;
  /** Changes the simulator's seed or schedule and keeps the change for later starts. */
  configureNetwork(change: Partial<SimNetworkOptions>): Promise<SimNetworkOptions>;
  readonly committer: GroupCommitter;
  readonly targets: WebhookTargets;
  readonly verifier: CallbackVerifier;
  readonly dispatcher: WebhookDispatcher;
  readonly pruner: OutboxPruner;
  ensureDemo(knownAccessToken: string | undefined): Promise<DemoCredentials>;
  saveClock(): Promise<void>;
  /** Applies due statuses, delivers due webhooks, prunes the delivery log: what happens "now" in simulated time. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

const clockKey = 'sim.clock';
const networkKey = 'sim.network';
/** Every status due up to `until` was applied; messages older than `until - horizonMs` have no pending status. */
const caughtUpKey = 'sim.caught-up';

interface CaughtUp {
  readonly until: number;
  readonly horizonMs: number;
}

export async function createServices(options: KabarOptions, log: FastifyBaseLogger): Promise<KabarServices> {
  const database = await openDatabase({
    dataDir: options.dataDir,
    ...(options.databaseUrl === undefined ? {} : { url: options.databaseUrl }),
    ...(options.postgresSchema === undefined ? {} : { schema: options.postgresSchema }),
    ...(options.sqliteFile === undefined ? {} : { sqliteFile: options.sqliteFile }),
    ...(options.sqliteSynchronous === undefined ? {} : { sqliteSynchronous: options.sqliteSynchronous }),
  });
  await migrateToLatest(database.db, database.schema);
  const settings = new KyselySettingsRepository(database.db);
  const clock = options.clock ?? new SimClock(Date.now, (await settings.get<SimClockState>(clockKey)) ?? { mode: 'running', value: 0 });
  const ids = systemIds(clock);
  const credentials = systemCredentials;
  const accounts = new CachedAccountsRepository(new KyselyAccountsRepository(database.db));
  const messages = new KyselyMessagingRepository(database.db);
  const outbox = new KyselyOutboxRepository(database.db);
  const targets: WebhookTargets = { forWaba: (wabaId) => resolveTargets(accounts, wabaId) };
  const callbackPolicy = options.callbackPolicy ?? 'any';
  const dispatcher = new WebhookDispatcher({ outbox, accounts, clock, ids, log, callbackPolicy });
  const pruner = new OutboxPruner({ outbox, clock, log, ...(options.webhookRetentionMs === undefined ? {} : { keepMs: options.webhookRetentionMs }) });
  const committer = new GroupCommitter(database.db, {
    onCommitted(units: readonly UnitOfWork[]) {
      messages.rememberWindows(units.flatMap((unit) => unit.windows ?? []));
      const callbacks = new Set(units.flatMap((unit) => unit.outbox ?? []).map((record) => record.url));
      if (callbacks.size > 0) dispatcher.kick(callbacks);
    },
  });
  let lastCaughtUpSave = 0;
  let caughtUp: CaughtUp | undefined = await settings.get<CaughtUp>(caughtUpKey);
  const saveCaughtUp = async (force: boolean): Promise<void> => {
    if (caughtUp === undefined || (!force && performance.now() - lastCaughtUpSave < 1_000)) return;
    lastCaughtUpSave = performance.now();
    await settings.put(caughtUpKey, caughtUp, clock.now());
  };
  const scheduler = new SimScheduler({
    clock,
    writer: committer,
    apply: (due) => applyPlannedStatuses({ accounts, messages, targets, ids }, due),
    onCaughtUp(until) {
      // The horizon never shrinks: messages planned under a longer schedule may still be in flight.
      caughtUp = { until, horizonMs: Math.max(caughtUp?.horizonMs ?? 0, network.planHorizonMs()) };
      saveCaughtUp(false).catch((error: unknown) => log.error({ err: error }, 'could not record how far the simulator got'));
    },
    onError: (error) => log.error({ err: error }, 'applying simulated statuses failed; they will be retried'),
  });
  const stored = await settings.get<SimNetworkOptions>(networkKey);
  const network = await SimNetwork.open(new KyselySimUsersRepository(database.db), clock, scheduler, {
    seed: options.simSeed ?? stored?.seed ?? 1,
    schedule: { ...defaultSimSchedule, ...stored?.schedule, ...options.simSchedule },
  });
  const recoverFrom = caughtUp === undefined ? 0 : caughtUp.until - Math.max(caughtUp.horizonMs, network.planHorizonMs());
  await network.recover(await messages.listInFlight(keyFloor(recoverFrom)));
  const pollIntervalMs = options.pollIntervalMs ?? 100;
  if (pollIntervalMs > 0) {
    scheduler.start(pollIntervalMs);
    dispatcher.start(Math.max(pollIntervalMs, 250));
    pruner.start(Math.max(pollIntervalMs, 1_000));
  } else {
    scheduler.runDue().catch((error: unknown) => log.error({ err: error }, 'applying simulated statuses failed; they will be retried'));
    dispatcher.kick();
  }
  const provisionDeps: ProvisionDeps = { accounts, clock, ids, credentials };

  return {
    database, clock, ids, credentials, accounts, messages, outbox, settings, network, scheduler, committer, targets, dispatcher, pruner,
    verifier: httpCallbackVerifier(callbackPolicy),
    async ensureDemo(knownAccessToken) {
      const registry = {
        load: () => settings.get<Partial<DemoIds>>('demo'),
        save: (demoIds: Partial<DemoIds>) => settings.put('demo', demoIds, clock.now()),
      };
      const demo = await ensureDemo({ ...provisionDeps, registry }, knownAccessToken);
      if (!demo.ok) throw new Error(demo.error.details);
      return demo.value;
    },
    saveClock: () => settings.put(clockKey, clock.state(), clock.now()),
    async configureNetwork(change) {
      network.configure(change);
      await settings.put(networkKey, network.options, clock.now());
      return network.options;
    },
    async settle() {
      await committer.drain();
      await scheduler.runDue();
      await committer.drain();
      await dispatcher.runDue();
      await pruner.runDue();
    },
    async close() {
      await scheduler.stop();
      await committer.drain();
      await saveCaughtUp(true);
      await dispatcher.stop();
      await pruner.stop();
      await database.close();
    },
  };
}
