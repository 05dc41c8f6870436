/**
 * The composition root: opens the store, migrates, builds the clock, the simulator, the group
 * committer and the workers, and hands them to the Fastify app.
 */
import type { FastifyBaseLogger } from 'fastify';
import { ensureDemoOwner } from '../core/access/index.js';
import { accountRecordKinds, type WabaCreatedHook } from '../core/accounts/index.js';
import {
  applyPlannedStatuses, customerServiceWindowStage, recipientReachableStage, statusChanged, textComposer, windowTouched, type MessageComposer,
} from '../core/messaging/index.js';
import { SimClock, isKey, keyFloor, payloadsOf, records, unitOf, type SimClockState, type Timer, type UnitOfWork } from '../core/shared/index.js';
import { outboxQueued, resolveTargets, type WebhookTargets } from '../core/webhooks/index.js';
import { SimNetwork, SimScheduler, defaultSimSchedule, type SimNetworkOptions } from '../network/index.js';
import {
  CachedAccountsRepository, GroupCommitter, KyselyAccountsRepository, KyselyBusinessSettingsRepository, KyselyDeadLettersRepository, KyselyIdempotentAnswers,
  KyselyMessagingRepository, KyselyNotificationsRepository, KyselyOutboxRepository, KyselySettingsRepository, KyselySimUsersRepository, KyselyTimersRepository,
  KyselyAccessRepository, accessWriters, accountsWriters, coreUnitWriters, highestStoredKey, idempotentAnswersWriter, migrateToLatest, notificationRoutingWriter, recoverHeldStatuses, recoverHeldUserIndex, notificationsWriter, openDatabase, windowTtlMs,
} from '../store/index.js';
import { httpCallbackVerifier } from './callback-verifier.js';
import { argon2Passwords, MemorySignInAttempts } from './access/passwords.js';
import { ChangeFeed } from './console/change-feed.js';
import { systemCredentials, systemIds } from './credentials.js';
import type { NodeHandler } from './graph/node-handlers.js';
import type { FeatureParts, KabarOptions, KabarServices, StageLists } from './services.js';
import { TimerRunner } from './workers/timer-runner.js';
import { WebhookDispatcher } from './workers/webhook-dispatcher.js';
import { OutboxPruner } from './workers/outbox-pruner.js';

const clockKey = 'sim.clock';
const networkKey = 'sim.network';
/** Every status due up to `until` was applied; messages older than `until - horizonMs` have no pending status. */
const caughtUpKey = 'sim.caught-up';

interface CaughtUp {
  readonly until: number;
  readonly horizonMs: number;
}

/** The simulated clock as it was left; a state an older release stored with a fraction is repaired. */
async function restoreClock(settings: KyselySettingsRepository, log: FastifyBaseLogger): Promise<SimClock> {
  const stored = await settings.get<SimClockState>(clockKey);
  const clock = new SimClock(Date.now, stored ?? { mode: 'running', value: 0 });
  if (stored !== undefined && !SimClock.isValidState(stored)) {
    log.warn({ stored }, 'the stored simulated clock was not whole milliseconds; it was repaired');
    await settings.put(clockKey, clock.state(), clock.now());
  }
  return clock;
}

/** The sender of notification e-mails when `KABAR_SMTP_FROM` does not name one. */
export const defaultEmailFrom = 'Kabar <notifications@kabar.localhost>';

export async function createServices(options: KabarOptions, log: FastifyBaseLogger): Promise<KabarServices> {
  const database = await openDatabase({
    dataDir: options.dataDir,
    ...(options.databaseUrl === undefined ? {} : { url: options.databaseUrl }),
    ...(options.postgresSchema === undefined ? {} : { schema: options.postgresSchema }),
    ...(options.sqliteFile === undefined ? {} : { sqliteFile: options.sqliteFile }),
    ...(options.sqliteSynchronous === undefined ? {} : { sqliteSynchronous: options.sqliteSynchronous }),
    onCheckpointerFailure: (reason) => log.warn({ reason }, 'the SQLite checkpointer thread stopped: the commits that take the WAL past its mark checkpoint it instead'),
  });
  await migrateToLatest(database.db, database.schema);
  // Entries of the per-user message index, and statuses, that a crash kept from their tables (SQLite).
  await recoverHeldUserIndex(database.db);
  await recoverHeldStatuses(database.db);
  const settings = new KyselySettingsRepository(database.db);
  const clock = options.clock ?? (await restoreClock(settings, log));
  const ids = systemIds(clock, options.nodeTag);
  ids.resumeAfter(await highestStoredKey(database.db));
  const deadLetters = new KyselyDeadLettersRepository(database.db);
  const deadLetter = (kind: string, subject: string, reason: string, payload: unknown): void => {
    log.error({ kind, subject, reason }, 'set aside as a dead letter: it cannot be processed');
    deadLetters.record({ key: ids.key(), kind, subject, reason, payload, createdAt: clock.now() }).catch((error: unknown) => log.error({ err: error }, 'could not store a dead letter'));
  };
  const credentials = systemCredentials;
  const accounts = new CachedAccountsRepository(new KyselyAccountsRepository(database.db));
  const messages = new KyselyMessagingRepository(database.db, { windowTtlMs: windowTtlMs(database.dialect) });
  const changes = new ChangeFeed({ lookupMessages: (keys) => messages.findMessages(keys) });
  const outbox = new KyselyOutboxRepository(database.db);
  // Each round of delivery attempts is also a change the console shows live.
  const recordAttempts = outbox.recordAttempts.bind(outbox);
  outbox.recordAttempts = async (results) => {
    await recordAttempts(results);
    changes.publishAttempts(results);
  };
  const targets: WebhookTargets = { forWaba: (wabaId) => resolveTargets(accounts, wabaId) };
  const callbackPolicy = options.callbackPolicy ?? 'any';
  const dispatcher = new WebhookDispatcher({ outbox, accounts, clock, ids, log, callbackPolicy });
  const features = options.features ?? [];
  const pruner = new OutboxPruner({ outbox, clock, log, ...(options.webhookRetentionMs === undefined ? {} : { keepMs: options.webhookRetentionMs }) });
  const parts: FeatureParts[] = [];
  const committer = new GroupCommitter(database.db, {
    writers: [...accountsWriters, ...coreUnitWriters, notificationsWriter, notificationRoutingWriter({ email: options.smtpUrl !== undefined }), idempotentAnswersWriter, ...accessWriters, ...features.flatMap((feature) => feature.writers ?? [])],
    onCommitted(units: readonly UnitOfWork[]) {
      if (units.some((unit) => unit.records.some((entry) => accountRecordKinds.includes(entry.kind)))) accounts.invalidate();
      messages.rememberWindows(units.flatMap((unit) => payloadsOf(unit, windowTouched)));
      const callbacks = new Set(units.flatMap((unit) => payloadsOf(unit, outboxQueued)).map((record) => record.url));
      if (callbacks.size > 0) dispatcher.kick(callbacks);
      changes.publishUnits(units).catch((error: unknown) => log.error({ err: error }, 'could not publish the changes of a commit'));
      for (const part of parts) part.onCommitted?.(units);
    },
  });
  const stages: StageLists = { send: [], status: [], inbound: [] };
  const composers = new Map<string, MessageComposer>([[textComposer.type, textComposer]]);
  const nodeHandlers: { get: NodeHandler[]; post: NodeHandler[]; delete: NodeHandler[] } = { get: [], post: [], delete: [] };
  const timers = new TimerRunner({
    timers: new KyselyTimersRepository(database.db),
    writer: committer,
    clock,
    log,
    deadLetter: (timer: Timer, reason: string) => deadLetter('timer', `${timer.kind}:${timer.subject}`, reason, timer),
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
    apply: (due) => applyPlannedStatuses({ accounts, messages, targets, ids, stages: stages.status }, due),
    onDeadLetter: (planned, reason) => deadLetter('sim.status', planned.messageKey, reason, planned),
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
  const wabaHooks: WabaCreatedHook[] = [];
  const pollIntervalMs = options.pollIntervalMs ?? 100;

  const access = {
    access: new KyselyAccessRepository(database.db),
    writer: committer,
    clock,
    sessionClock: options.sessionClock ?? { now: () => Date.now() },
    ids,
    credentials,
    passwords: argon2Passwords,
    attempts: new MemorySignInAttempts(),
  };
  const services: KabarServices = {
    dataDir: options.dataDir,
    callbackPolicy,
    pollIntervalMs,
    smtp: options.smtpUrl === undefined ? undefined : { url: options.smtpUrl, from: options.emailFrom ?? defaultEmailFrom },
    log,
    database, clock, ids, credentials, access, changes, accounts, messages, outbox, settings, deadLetters, network, scheduler, committer, targets, dispatcher, pruner, timers, stages, composers, nodeHandlers, deadLetter,
    features: parts,
    notifications: new KyselyNotificationsRepository(database.db),
    businessSettings: new KyselyBusinessSettingsRepository(database.db),
    idempotentAnswers: new KyselyIdempotentAnswers(database.db),
    wabaHooks,
    verifier: httpCallbackVerifier(callbackPolicy),
    async ensureDemo(knownAccessToken) {
      const seeder = parts.find((part) => part.seedDemo !== undefined);
      if (seeder?.seedDemo === undefined) throw new Error('no feature seeds the demo business: include the onboarding feature');
      const demo = await seeder.seedDemo(knownAccessToken);
      for (const part of parts) await part.demoReady?.(demo);
      return demo;
    },
    ensureDemoOwner: (businessId, knownPassword) => ensureDemoOwner(access, { businessId, knownPassword }),
    saveClock: () => settings.put(clockKey, clock.state(), clock.now()),
    async advanceClock(milliseconds) {
      const target = clock.now() + milliseconds;
      let statusesApplied = 0;
      let timersRun = 0;
      await committer.drain();
      for (;;) {
        const nextTimer = await timers.nextDueAt();
        const step = nextTimer !== undefined && nextTimer <= target ? Math.max(nextTimer, clock.now()) : target;
        clock.advanceTo(step);
        statusesApplied += await scheduler.runDue();
        await committer.drain();
        timersRun += await timers.runDue();
        await committer.drain();
        if (clock.now() >= target && (nextTimer === undefined || nextTimer > target)) break;
      }
      await services.saveClock();
      changes.publish('clock', null, { now: clock.now() });
      dispatcher.kick();
      pruner.runDue().catch((error: unknown) => log.error({ err: error }, 'pruning the webhook log failed; the next run tries again'));
      return { statusesApplied, timersRun };
    },
    async configureNetwork(change) {
      network.configure(change);
      await settings.put(networkKey, network.options, clock.now());
      return network.options;
    },
    async settle() {
      await committer.drain();
      await scheduler.runDue();
      await committer.drain();
      await timers.runDue();
      await committer.drain();
      await dispatcher.runDue();
      await pruner.runDue();
      for (const part of parts) await part.settle?.();
    },
    async close() {
      await scheduler.stop();
      await timers.stop();
      for (const part of parts) await part.stop?.();
      await committer.drain();
      await committer.flushHeld();
      await saveCaughtUp(true);
      await dispatcher.stop();
      await pruner.stop();
      await database.close();
    },
  };

  // The foundation's own send stages, then every feature's parts, in feature order.
  const sendStages = [
    { position: 400, stage: recipientReachableStage },
    { position: 500, stage: customerServiceWindowStage },
  ];
  for (const feature of features) {
    const part = (await feature.setup?.(services)) ?? {};
    parts.push(part);
    sendStages.push(...(part.sendStages ?? []));
    for (const composer of part.composers ?? []) {
      if (composers.has(composer.type)) throw new Error(`two features compose message type ${composer.type}`);
      composers.set(composer.type, composer);
    }
    stages.status.push(...(part.statusStages ?? []));
    stages.inbound.push(...(part.inboundStages ?? []));
    for (const [kind, handler] of Object.entries(part.timers ?? {})) timers.register(kind, handler);
    nodeHandlers.get.push(...(part.nodes?.get ?? []));
    nodeHandlers.post.push(...(part.nodes?.post ?? []));
    nodeHandlers.delete.push(...(part.nodes?.delete ?? []));
    if (part.wabaCreated !== undefined) wabaHooks.push(part.wabaCreated);
  }
  // Stable: stages at the same position keep feature order.
  stages.send.push(...sendStages.map((entry, index) => ({ ...entry, index })).sort((left, right) => left.position - right.position || left.index - right.index).map((entry) => entry.stage));

  const recoverFrom = caughtUp === undefined ? 0 : caughtUp.until - Math.max(caughtUp.horizonMs, network.planHorizonMs());
  const inFlight = await messages.listInFlight(keyFloor(recoverFrom));
  // A message stored with a malformed key (an older release's bug) cannot be named by a wamid: it is
  // failed and set aside at start rather than replanned into every batch.
  const malformed = inFlight.filter((message) => !isKey(message.key));
  if (malformed.length > 0) {
    await committer.commit(unitOf(records(statusChanged, malformed.map((message) => ({ key: message.key, status: 'failed' as const, errorCode: 131000, updatedAt: clock.now(), message })))));
    for (const message of malformed) deadLetter('message.malformed-key', message.key, 'the message key is malformed; the message was marked failed at start', { key: message.key });
  }
  network.recover(inFlight.filter((message) => isKey(message.key)));
  if (pollIntervalMs > 0) {
    scheduler.start(pollIntervalMs);
    timers.start(Math.max(pollIntervalMs, 250));
    dispatcher.start(Math.max(pollIntervalMs, 250));
    pruner.start(Math.max(pollIntervalMs, 1_000));
  } else {
    scheduler.runDue().catch((error: unknown) => log.error({ err: error }, 'applying simulated statuses failed; they will be retried'));
    dispatcher.kick();
  }
  for (const part of parts) part.start?.();
  return services;
}
