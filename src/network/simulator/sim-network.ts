import { plannedStatuses, type DeliveryStep, type MessageRecord, type Transport } from '../../core/messaging/index.js';
import type { SimScheduler } from './sim-scheduler.js';
import { hashSeed, randomBetween, seededRandom, type Clock } from '../../core/shared/index.js';

/** When statuses follow an accepted message, in milliseconds; each range is drawn from per message. */
export interface SimSchedule {
  readonly sentAfterMs: readonly [number, number];
  readonly deliveredAfterSentMs: readonly [number, number];
  readonly readAfterDeliveredMs: readonly [number, number];
  /** Share of delivered messages the user opens. */
  readonly readProbability: number;
}

export const defaultSimSchedule: SimSchedule = {
  sentAfterMs: [100, 600],
  deliveredAfterSentMs: [200, 1500],
  readAfterDeliveredMs: [2_000, 20_000],
  readProbability: 0.8,
};

/**
 * What else the simulator knows of a user, by topic (behaviour profile, identity, preferences…):
 * each module keeps its own key here, so a new trait needs no new column.
 */
export type SimUserTraits = Readonly<Record<string, unknown>>;

export interface SimUser {
  readonly waId: string;
  readonly profileName: string;
  readonly onWhatsApp: boolean;
  readonly createdAt: number;
  readonly traits: SimUserTraits;
}

/** Where the simulator keeps the users declared to it. */
export interface SimUserStore {
  all(): Promise<SimUser[]>;
  save(user: SimUser): Promise<void>;
}

export interface SimNetworkOptions {
  readonly seed: number;
  readonly schedule: SimSchedule;
}

/**
 * The embedded WhatsApp network. Any possible number is a user on WhatsApp unless declared
 * otherwise; each message draws its delivery timings from a PRNG seeded by the network seed and the
 * message key, so a scenario replays identically whatever else ran before it.
 */
export class SimNetwork implements Transport {
  readonly #users = new Map<string, SimUser>();
  readonly #store: SimUserStore;
  readonly #clock: Clock;
  readonly #scheduler: SimScheduler;
  #options: SimNetworkOptions;

  private constructor(store: SimUserStore, clock: Clock, scheduler: SimScheduler, options: SimNetworkOptions) {
    this.#store = store;
    this.#clock = clock;
    this.#scheduler = scheduler;
    this.#options = options;
  }

  static async open(store: SimUserStore, clock: Clock, scheduler: SimScheduler, options: SimNetworkOptions): Promise<SimNetwork> {
    const network = new SimNetwork(store, clock, scheduler, options);
    for (const user of await store.all()) network.#users.set(user.waId, user);
    return network;
  }

  get options(): SimNetworkOptions {
    return this.#options;
  }

  configure(options: Partial<SimNetworkOptions>): void {
    this.#options = { ...this.#options, ...options };
  }

  user(waId: string): SimUser {
    return this.#users.get(waId) ?? { waId, profileName: `Sim User ${waId.slice(-4)}`, onWhatsApp: true, createdAt: 0, traits: {} };
  }

  users(): SimUser[] {
    return [...this.#users.values()];
  }

  async declareUser(input: { readonly waId: string; readonly profileName?: string; readonly onWhatsApp?: boolean; readonly traits?: SimUserTraits }): Promise<SimUser> {
    const current = this.user(input.waId);
    const user: SimUser = {
      waId: input.waId,
      profileName: input.profileName ?? current.profileName,
      onWhatsApp: input.onWhatsApp ?? current.onWhatsApp,
      createdAt: current.createdAt === 0 ? this.#clock.now() : current.createdAt,
      traits: { ...current.traits, ...input.traits },
    };
    await this.#store.save(user);
    this.#users.set(user.waId, user);
    return user;
  }

  dispatch(message: MessageRecord, steps: readonly DeliveryStep[]): void {
    this.#scheduler.add(plannedStatuses(message.key, message.createdAt, steps, message));
  }

  /** The longest a message can wait for its last status under the current schedule. */
  planHorizonMs(): number {
    const { sentAfterMs, deliveredAfterSentMs, readAfterDeliveredMs } = this.#options.schedule;
    return sentAfterMs[1] + deliveredAfterSentMs[1] + readAfterDeliveredMs[1];
  }

  /** Plans again, after a restart, the statuses of messages still in flight; ones already applied are dropped when they fall due. */
  recover(inFlight: readonly MessageRecord[]): void {
    for (const message of inFlight) this.dispatch(message, this.plan(message));
  }

  plan(message: MessageRecord): DeliveryStep[] {
    const recipient = this.user(message.waId);
    if (!recipient.onWhatsApp) {
      return [{ afterMs: 0, event: 'failed', errorCode: 131026, details: `Message undeliverable: ${message.waId} is not a WhatsApp user.` }];
    }
    const { schedule, seed } = this.#options;
    // The key's time and sequence digits, not its trailing noise: the same scenario draws the same timings.
    const random = seededRandom(hashSeed(`${seed}:${message.waId}:${message.key.slice(0, 18)}`));
    const sent = randomBetween(random, schedule.sentAfterMs);
    // A reaction only ever reports `sent` (Meta's reaction messages reference).
    if (message.type === 'reaction') return [{ afterMs: sent, event: 'sent' }];
    const delivered = sent + randomBetween(random, schedule.deliveredAfterSentMs);
    const steps: DeliveryStep[] = [
      { afterMs: sent, event: 'sent' },
      { afterMs: delivered, event: 'delivered' },
    ];
    if (random() < schedule.readProbability) steps.push({ afterMs: delivered + randomBetween(random, schedule.readAfterDeliveredMs), event: 'read' });
    return steps;
  }
}
