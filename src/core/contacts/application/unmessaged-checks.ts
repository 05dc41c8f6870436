import type { Awaitable, Clock } from '../../shared/index.js';
import { checkCacheMs } from '../domain/verification.policy.js';
import type { NumberChecksRepository } from '../ports.js';

/**
 * The numbers each business checked and has not messaged since, kept in memory so that a send asks
 * a set, not the database. Loaded per business on its first send, kept in step as checks and sends
 * commit through this process.
 */
export class UnmessagedChecks {
  readonly #repository: NumberChecksRepository;
  readonly #clock: Clock;
  readonly #byBusiness = new Map<string, Set<string>>();
  readonly #loading = new Map<string, Promise<Set<string>>>();

  constructor(repository: NumberChecksRepository, clock: Clock) {
    this.#repository = repository;
    this.#clock = clock;
  }

  /** Whether the business checked this number and has not messaged it: an answer now when loaded. */
  has(businessId: string, waId: string): Awaitable<boolean> {
    const known = this.#byBusiness.get(businessId);
    if (known !== undefined) return known.has(waId);
    return this.#load(businessId).then((loaded) => loaded.has(waId));
  }

  checked(businessId: string, waIds: readonly string[]): void {
    const known = this.#byBusiness.get(businessId);
    if (known !== undefined) for (const waId of waIds) known.add(waId);
    else this.#loading.delete(businessId);
  }

  messaged(businessId: string, waId: string): void {
    this.#byBusiness.get(businessId)?.delete(waId);
  }

  #load(businessId: string): Promise<Set<string>> {
    let loading = this.#loading.get(businessId);
    if (loading === undefined) {
      loading = this.#repository.unmessaged(businessId, this.#clock.now() - checkCacheMs).then((waIds) => {
        const set = this.#byBusiness.get(businessId) ?? new Set(waIds);
        this.#byBusiness.set(businessId, set);
        return set;
      });
      this.#loading.set(businessId, loading);
    }
    return loading;
  }
}
