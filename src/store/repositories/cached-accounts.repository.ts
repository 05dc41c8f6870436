import type { AccessToken, AccountsRepository, App, Business, PhoneNumber, Waba, WabaSubscription } from '../../core/accounts/index.js';

interface Entry<Value> {
  readonly value: Value;
  readonly until: number;
}

/**
 * Account rows are read on every request and change rarely: they are cached for a short time and
 * dropped on every write made through this process. Another node's write is seen within `ttlMs`.
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

  async #cached<Value>(key: string, load: () => Promise<Value>): Promise<Value> {
    const now = performance.now();
    const entry = this.#entries.get(key) as Entry<Value> | undefined;
    if (entry !== undefined && entry.until > now) return entry.value;
    const generation = this.#generation;
    const value = await load();
    if (generation !== this.#generation) return value;
    if (this.#entries.size > 10_000) this.#entries.clear();
    this.#entries.set(key, { value, until: now + this.#ttlMs });
    return value;
  }

  async #write(action: () => Promise<void>): Promise<void> {
    this.#generation += 1;
    this.#entries.clear();
    try {
      await action();
    } finally {
      this.#generation += 1;
      this.#entries.clear();
    }
  }

  createBusiness(business: Business): Promise<void> {
    return this.#write(() => this.#inner.createBusiness(business));
  }

  createWaba(waba: Waba): Promise<void> {
    return this.#write(() => this.#inner.createWaba(waba));
  }

  createPhoneNumber(phoneNumber: PhoneNumber): Promise<void> {
    return this.#write(() => this.#inner.createPhoneNumber(phoneNumber));
  }

  createApp(app: App): Promise<void> {
    return this.#write(() => this.#inner.createApp(app));
  }

  createToken(token: AccessToken, tokenHash: string): Promise<void> {
    return this.#write(() => this.#inner.createToken(token, tokenHash));
  }

  saveSubscription(subscription: WabaSubscription): Promise<void> {
    return this.#write(() => this.#inner.saveSubscription(subscription));
  }

  async deleteSubscription(wabaId: string, appId: string): Promise<boolean> {
    let deleted = false;
    await this.#write(async () => {
      deleted = await this.#inner.deleteSubscription(wabaId, appId);
    });
    return deleted;
  }

  findBusiness(id: string): Promise<Business | undefined> {
    return this.#cached(`business:${id}`, () => this.#inner.findBusiness(id));
  }

  findWaba(id: string): Promise<Waba | undefined> {
    return this.#cached(`waba:${id}`, () => this.#inner.findWaba(id));
  }

  findPhoneNumber(id: string): Promise<PhoneNumber | undefined> {
    return this.#cached(`number:${id}`, () => this.#inner.findPhoneNumber(id));
  }

  findPhoneNumberByNumber(phoneNumber: string): Promise<PhoneNumber | undefined> {
    return this.#cached(`number-by-digits:${phoneNumber}`, () => this.#inner.findPhoneNumberByNumber(phoneNumber));
  }

  listPhoneNumbers(wabaId: string): Promise<PhoneNumber[]> {
    return this.#inner.listPhoneNumbers(wabaId);
  }

  findApp(id: string): Promise<App | undefined> {
    return this.#cached(`app:${id}`, () => this.#inner.findApp(id));
  }

  findTokenByHash(tokenHash: string): Promise<AccessToken | undefined> {
    return this.#cached(`token:${tokenHash}`, () => this.#inner.findTokenByHash(tokenHash));
  }

  listSubscriptions(wabaId: string): Promise<WabaSubscription[]> {
    return this.#cached(`subscriptions:${wabaId}`, () => this.#inner.listSubscriptions(wabaId));
  }
}
