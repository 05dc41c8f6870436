/**
 * What the running Kabar is made of, as types: the options it starts with, the services the
 * composition root (`kabar.ts`) builds, and the features (`feature.ts` style parts) that plug into
 * it. Types only, so that features, routes and the composition root can all import them.
 */
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { AccessDeps, DemoOwner } from '../core/access/index.js';
import type { AccountsRepository, CallbackVerifier, WabaCreatedHook } from '../core/accounts/index.js';
import type { DemoCredentials } from '../core/onboarding/index.js';
import type { InboundStage, MessageComposer, SendStage, StatusStage } from '../core/messaging/index.js';
import type { Clock, Credentials, IdempotentAnswers, IdSource, SimClock, TimerHandler, UnitOfWork, UnitRecord } from '../core/shared/index.js';
import type { BusinessPolicy } from '../core/policy/index.js';
import type { OutboxRepository, WebhookTargets } from '../core/webhooks/index.js';
import type { SimNetwork, SimNetworkOptions, SimSchedule, SimScheduler } from '../network/index.js';
import type {
  GroupCommitter, KyselyBusinessSettingsRepository, KyselyDeadLettersRepository, KyselyMessagingRepository, KyselyNotificationsRepository,
  KyselySettingsRepository, OpenDatabase, SqliteSynchronous, UnitWriter,
} from '../store/index.js';
import type { CallbackPolicy } from './callback-policy.js';
import type { GraphNodeHandlers } from './graph/node-handlers.js';
import type { TimerRunner } from './workers/timer-runner.js';
import type { OutboxPruner } from './workers/outbox-pruner.js';
import type { ChangeFeed } from './console/change-feed.js';
import type { WebhookDispatcher } from './workers/webhook-dispatcher.js';

export interface KabarOptions {
  readonly dataDir: string;
  /** `postgres://…` to use PostgreSQL instead of the embedded SQLite file. */
  readonly databaseUrl?: string;
  readonly postgresSchema?: string;
  readonly sqliteFile?: string;
  readonly sqliteSynchronous?: SqliteSynchronous;
  /** A clock to use as is (tests pass a frozen one); otherwise the simulator clock is restored from the store. */
  readonly clock?: SimClock;
  /**
   * This node's tag, 0–255 (`KABAR_NODE_TAG`): the last two hex digits of every key it issues. Kabar
   * nodes sharing one PostgreSQL database each need their own, so that no two issue the same key.
   */
  readonly nodeTag?: number;
  /** Override what `POST /sim/network` stored (tests and `KABAR_SIM_SEED` use these). */
  readonly simSeed?: number;
  readonly simSchedule?: Partial<SimSchedule>;
  /** How often the workers look for due statuses and webhooks; 0 runs them only when kicked. */
  readonly pollIntervalMs?: number;
  /** Which callback hosts tenants may use (default `any`; `public` for shared deployments). */
  readonly callbackPolicy?: CallbackPolicy;
  /** How long delivered and dead webhooks and their attempts stay in the delivery log (default 7 days). */
  readonly webhookRetentionMs?: number;
  /** The features to assemble (default: every feature of this release, see `features.ts`). */
  readonly features?: readonly KabarFeature[];
  /** Wall time for console sessions (tests pass their own); the platform's clock may be simulated. */
  readonly sessionClock?: Clock;
  /** `smtp://user:password@host:port` (`KABAR_SMTP_URL`): notifications are also e-mailed to each business's registered address. */
  readonly smtpUrl?: string;
  /** The sender of those e-mails (`KABAR_SMTP_FROM`). */
  readonly emailFrom?: string;
}

/** The stages of a message's life that features contribute, in the order they run. */
export interface StageLists {
  readonly send: SendStage[];
  readonly status: StatusStage[];
  readonly inbound: InboundStage[];
}

export interface AdvanceOutcome {
  readonly statusesApplied: number;
  readonly timersRun: number;
}

export interface KabarServices {
  readonly database: OpenDatabase;
  /** Where Kabar keeps its files (the SQLite database, media bytes). */
  readonly dataDir: string;
  /** Which hosts Kabar may call on a tenant's behalf: webhook callbacks and media links. */
  readonly callbackPolicy: CallbackPolicy;
  /** How often workers look for due work (0: only when kicked or settled). */
  readonly pollIntervalMs: number;
  /** Where notification e-mails go out; undefined when Kabar has no SMTP server. */
  readonly smtp: { readonly url: string; readonly from: string } | undefined;
  readonly log: FastifyBaseLogger;
  readonly clock: SimClock;
  readonly ids: IdSource;
  readonly credentials: Credentials;
  /** People and access: users, sessions, invitations, API keys, the audit log. */
  readonly access: AccessDeps;
  /** What changed, as it commits: the console's live updates (`GET /admin/events`). */
  readonly changes: ChangeFeed;
  readonly accounts: AccountsRepository;
  readonly messages: KyselyMessagingRepository;
  readonly outbox: OutboxRepository;
  readonly settings: KyselySettingsRepository;
  readonly deadLetters: KyselyDeadLettersRepository;
  readonly notifications: KyselyNotificationsRepository;
  readonly businessSettings: KyselyBusinessSettingsRepository;
  /** The first answers of create requests that carried an `Idempotency-Key`. */
  readonly idempotentAnswers: IdempotentAnswers;
  /** What every new WABA starts with (each feature's `wabaCreated`), run by the one use case that makes WABAs. */
  readonly wabaHooks: readonly WabaCreatedHook[];
  readonly timers: TimerRunner;
  readonly stages: StageLists;
  /** The composer of every message type this release sends, by type. */
  readonly composers: ReadonlyMap<string, MessageComposer>;
  /** Every feature's parts, in feature order (routes are registered from these by app.ts). */
  readonly features: readonly FeatureParts[];
  readonly nodeHandlers: GraphNodeHandlers;
  /** Sets something aside that a worker cannot process, with a log line and a stored record. */
  deadLetter(kind: string, subject: string, reason: string, payload: unknown): void;
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
  /** The demo business's first console owner; the password is kept while `knownPassword` still verifies. */
  ensureDemoOwner(businessId: string, knownPassword: string | undefined): Promise<DemoOwner>;
  saveClock(): Promise<void>;
  /**
   * Moves simulated time forward by `milliseconds`, stopping at each durable timer on the way: the
   * statuses due before a timer are applied before it runs, and each timer runs at its own time.
   */
  advanceClock(milliseconds: number): Promise<AdvanceOutcome>;
  /** Applies due statuses and timers, delivers due webhooks, prunes the delivery log: what happens "now" in simulated time. */
  settle(): Promise<void>;
  close(): Promise<void>;
}


/**
 * Send stages run in ascending `position`. The foundation's are: 100 the number may send (onboarding:
 * 133010, 131031, 368), 150 the number has not blocked the recipient (blocking), 400 recipient reachable (131026),
 * 500 customer-service window (131047). Leave room around them: refusals of the number or rate
 * limits come before 400, checks of the recipient's identity and consent between 500 and 900, and
 * the messaging-limit admission last (900), so that it counts only sends that will go out.
 */
export interface PositionedSendStage {
  readonly position: number;
  readonly stage: SendStage;
}

/** Registers routes on a plugin whose authentication already ran (Graph principal or operator). */
export type RouteRegistrar = (app: FastifyInstance) => Promise<void> | void;

export interface FeatureParts {
  /** Composers of the message types this feature sends (a type may be composed by one feature only). */
  readonly composers?: readonly MessageComposer[];
  readonly sendStages?: readonly PositionedSendStage[];
  readonly statusStages?: readonly StatusStage[];
  readonly inboundStages?: readonly InboundStage[];
  /** Handlers of the timer kinds this feature schedules. */
  readonly timers?: Readonly<Record<string, TimerHandler>>;
  /** Graph routes (`/vNN.N` prefix already stripped), authenticated by the Graph token. */
  readonly graph?: RouteRegistrar;
  /** Handlers for `GET|POST|DELETE /{node-id}` of the node types this feature owns. */
  readonly nodes?: Partial<GraphNodeHandlers>;
  /** Routes under `/admin`, authenticated by the operator token. */
  readonly admin?: RouteRegistrar;
  /** Routes under `/sim`, authenticated by the operator token. */
  readonly sim?: RouteRegistrar;
  /** Routes that authenticate on their own terms (or not at all). */
  readonly open?: RouteRegistrar;
  /** Records every new WABA starts with, committed with it (e.g. a sample template). */
  readonly wabaCreated?: WabaCreatedHook;
  /** Seeds (or finds again) the demo business that `kabar start` prints; one feature provides it. */
  seedDemo?(knownAccessToken: string | undefined): Promise<DemoCredentials>;
  /** Adds the feature's share of the demo (its data for the demo business) once the demo exists; idempotent. */
  demoReady?(demo: DemoCredentials): Promise<void>;
  /** A business chose other policy profiles: the records that follow (e.g. tiers renamed), committed with the choice's answer. */
  policyChosen?(businessId: string, before: BusinessPolicy, after: BusinessPolicy, now: number): Promise<readonly UnitRecord[]>;
  /** Told after every commit of the units it held (to keep a feature's in-memory caches in step). */
  onCommitted?(units: readonly UnitOfWork[]): void;
  /** Started after the services are ready (workers of the feature's own), stopped on close. */
  start?(): void;
  /** Does the feature's due work "now" (run by `services.settle()`, after the webhooks). */
  settle?(): Promise<void>;
  stop?(): Promise<void>;
}

export interface KabarFeature {
  readonly name: string;
  /** The writers of the record kinds this feature's units of work hold. */
  readonly writers?: readonly UnitWriter[];
  setup?(services: KabarServices): FeatureParts | Promise<FeatureParts>;
}
