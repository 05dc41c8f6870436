import type { AccessToken, AccountsRepository, App, Business, PhoneNumber, Waba, WabaSubscription } from '../../core/accounts/index.js';
import type { Awaitable } from '../../core/shared/index.js';

interface Entry<Value> {
  readonly value: Value;
  readonly until: number;
}

/**
 * Account rows are read on every request and change rarely: they are cached for a short time and
 * dropped on every write made through this process (its own writes, and every committed unit of
 * work that held an account record: see `invalidate`). Another node's write is seen within `ttlMs`.
 */
export class CachedAccountsRepository implements AccountsRepository {
  readonly #inner: AccountsRepository;
  readonly #ttlMs: number;
  readonly #entries = new Map<string, Entry<unknown>>();
  /** Bumped by every write: a read that overlapped a write does not put its (maybe stale) answer in the cache. */
  #generation = 0;

  constructor(inner: AccountsRepository, ttlMs = 2_000) {
    this.#inner = inner;
    this.#ttlMs = ttlMs;
  }

  /** The cached row at once, or a promise while it is read. */
  #cached<Value>(key: string, load: () => Awaitable<Value>): Awaitable<Value> {
    const entry = this.#entries.get(key) as Entry<Value> | undefined;
    return entry !== undefined && entry.until > performance.now() ? entry.value : this.#read(key, load);
  }

  async #read<Value>(key: string, load: () => Awaitable<Value>): Promise<Value> {
    const now = performance.now();
    const generation = this.#generation;
    const value = await load();
    if (generation !== this.#generation) return value;
    if (this.#entries.size > 10_000) this.#entries.clear();
    this.#entries.set(key, { value, until: now + this.#ttlMs });
    return value;
  }

  /** Forgets every cached row: called once a unit of work holding account records has committed. */
  invalidate(): void {
    this.#generation += 1;
    this.#entries.clear();
  }

  async #write<Value>(action: () => Promise<Value>): Promise<Value> {
    this.invalidate();
    try {
      return await action();
    } finally {
      this.invalidate();
    }
  }

  saveSubscription(subscription: WabaSubscription): Promise<void> {
    return this.#write(() => this.#inner.saveSubscription(subscription));
  }

  deleteSubscription(wabaId: string, appId: string): Promise<boolean> {
    return this.#write(() => this.#inner.deleteSubscription(wabaId, appId));
  }

  findBusiness(id: string): Awaitable<Business | undefined> {
    return this.#cached(`business:${id}`, () => this.#inner.findBusiness(id));
  }

  findWaba(id: string): Awaitable<Waba | undefined> {
    return this.#cached(`waba:${id}`, () => this.#inner.findWaba(id));
  }

  listWabas(businessId: string): Promise<Waba[]> {
    return this.#inner.listWabas(businessId);
  }

  findPhoneNumber(id: string): Awaitable<PhoneNumber | undefined> {
    return this.#cached(`number:${id}`, () => this.#inner.findPhoneNumber(id));
  }

  findPhoneNumberByNumber(phoneNumber: string): Awaitable<PhoneNumber | undefined> {
    return this.#cached(`number-by-digits:${phoneNumber}`, () => this.#inner.findPhoneNumberByNumber(phoneNumber));
  }

  listPhoneNumbers(wabaId: string): Promise<PhoneNumber[]> {
    return this.#inner.listPhoneNumbers(wabaId);
  }

  countBusinessNumbers(businessId: string): Promise<number> {
    return this.#inner.countBusinessNumbers(businessId);
  }

  findApp(id: string): Awaitable<App | undefined> {
    return this.#cached(`app:${id}`, () => this.#inner.findApp(id));
  }

  findTokenByHash(tokenHash: string): Awaitable<AccessToken | undefined> {
    return this.#cached(`token:${tokenHash}`, () => this.#inner.findTokenByHash(tokenHash));
  }

  listSubscriptions(wabaId: string): Awaitable<WabaSubscription[]> {
    return this.#cached(`subscriptions:${wabaId}`, () => this.#inner.listSubscriptions(wabaId));
  }
}
