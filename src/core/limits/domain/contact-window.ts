/**
 * Who a number (or a portfolio) started business-initiated conversations with, in memory: for each
 * recipient the last time, and an append-only queue of (recipient, time) in time order with two
 * cursors, one 24 h and one 7 days behind the clock. Admitting a send, counting the 24 h window and
 * the 7-day window are constant time (amortised): the cursors only move forward, and an entry that
 * a later send to the same recipient superseded is skipped as the cursors pass it.
 */
const hourMs = 60 * 60 * 1000;
export const rollingWindowMs = 24 * hourMs;
export const upgradeWindowMs = 7 * 24 * hourMs;

export type Admission =
  /** The recipient is in the window already, or a slot was free: counted. */
  | { readonly admitted: true; readonly newRecipient: boolean; readonly inWindow: number; readonly inWeek: number }
  | { readonly admitted: false; readonly inWindow: number };

/** When capacity frees up: the first slot, and how many free within the same minute. */
export interface NextRelease {
  readonly at: number;
  readonly slots: number;
}

export class ContactWindow {
  readonly #last = new Map<string, number>();
  #ids: string[] = [];
  #at: number[] = [];
  #dayCursor = 0;
  #weekCursor = 0;
  #inWindow = 0;
  #inWeek = 0;
  /**
   * The last `nextRelease` answer: it stays true until the window changes (a recipient counted, or
   * the day cursor passing an entry), so a full window refusing send after send scans once.
   */
  #release: NextRelease | undefined | null = null;

  /** Moves both cursors up to `now`. */
  #roll(now: number): void {
    const dayEdge = now - rollingWindowMs;
    if (this.#dayCursor < this.#ids.length && (this.#at[this.#dayCursor] ?? 0) <= dayEdge) this.#release = null;
    while (this.#dayCursor < this.#ids.length && (this.#at[this.#dayCursor] ?? 0) <= dayEdge) {
      const id = this.#ids[this.#dayCursor] ?? '';
      if (this.#last.get(id) === this.#at[this.#dayCursor]) this.#inWindow -= 1;
      this.#dayCursor += 1;
    }
    const weekEdge = now - upgradeWindowMs;
    while (this.#weekCursor < this.#dayCursor && (this.#at[this.#weekCursor] ?? 0) <= weekEdge) {
      const id = this.#ids[this.#weekCursor] ?? '';
      if (this.#last.get(id) === this.#at[this.#weekCursor]) {
        this.#last.delete(id);
        this.#inWeek -= 1;
      }
      this.#weekCursor += 1;
    }
    if (this.#weekCursor > 4_096 && this.#weekCursor * 2 > this.#ids.length) {
      this.#ids = this.#ids.slice(this.#weekCursor);
      this.#at = this.#at.slice(this.#weekCursor);
      this.#dayCursor -= this.#weekCursor;
      this.#weekCursor = 0;
    }
  }

  #note(id: string, at: number, previous: number | undefined): void {
    if (previous === undefined) this.#inWeek += 1;
    if (previous === undefined || previous <= at - rollingWindowMs) this.#inWindow += 1;
    this.#release = null;
    this.#last.set(id, at);
    this.#ids.push(id);
    this.#at.push(at);
  }

  /**
   * Counts a business-initiated send to `id` at `now` if the recipient is in the window already or
   * fewer than `limit` recipients are (null: unlimited). Times must not go backwards.
   */
  admit(id: string, now: number, limit: number | null): Admission {
    this.#roll(now);
    const previous = this.#last.get(id);
    const inWindow = previous !== undefined && previous > now - rollingWindowMs;
    if (!inWindow && limit !== null && this.#inWindow >= limit) return { admitted: false, inWindow: this.#inWindow };
    this.#note(id, Math.max(now, previous ?? now), previous);
    return { admitted: true, newRecipient: !inWindow, inWindow: this.#inWindow, inWeek: this.#inWeek };
  }

  /** Replays a stored contact (at start): no limit applies. Feed them in time order. */
  replay(id: string, at: number, now: number): void {
    const previous = this.#last.get(id);
    if (previous !== undefined && previous >= at) return;
    this.#note(id, at, previous);
    this.#roll(now);
  }

  inWindow(now: number): number {
    this.#roll(now);
    return this.#inWindow;
  }

  inWeek(now: number): number {
    this.#roll(now);
    return this.#inWeek;
  }

  /** Business-initiated sends counted in the last 7 days (each send, not each recipient; since the last start: stored contacts keep only the last send to each recipient). */
  sendsInWeek(now: number): number {
    this.#roll(now);
    return this.#ids.length - this.#weekCursor;
  }

  /**
   * The first moment a slot frees up, and how many free within the minute after it; looks at most
   * 256 entries ahead. The answer is kept until the window changes: the same object comes back.
   */
  nextRelease(now: number): NextRelease | undefined {
    this.#roll(now);
    if (this.#release !== null) return this.#release;
    const scan = 256;
    let first: number | undefined;
    let slots = 0;
    for (let index = this.#dayCursor, seen = 0; index < this.#ids.length && seen < scan; index += 1, seen += 1) {
      const at = this.#at[index] ?? 0;
      if (this.#last.get(this.#ids[index] ?? '') !== at) continue;
      if (first === undefined) first = at;
      if (at >= first + 60_000) break;
      slots += 1;
    }
    this.#release = first === undefined ? undefined : { at: first + rollingWindowMs, slots };
    return this.#release;
  }

  /** When the recipients now in the window leave it, by hour: the whole schedule (admin reads only). */
  releases(now: number): { readonly at: number; readonly slots: number }[] {
    this.#roll(now);
    const byHour = new Map<number, number>();
    for (let index = this.#dayCursor; index < this.#ids.length; index += 1) {
      const at = this.#at[index] ?? 0;
      if (this.#last.get(this.#ids[index] ?? '') !== at) continue;
      const freeAt = at + rollingWindowMs;
      const bucket = Math.ceil(freeAt / hourMs) * hourMs;
      byHour.set(bucket, (byHour.get(bucket) ?? 0) + 1);
    }
    return [...byHour.entries()].map(([at, slots]) => ({ at, slots }));
  }
}

/** Every scope's window: numbers by id, portfolios by business id (keys `n:` and `b:`). */
export class ContactIndex {
  readonly #windows = new Map<string, ContactWindow>();

  window(scope: string): ContactWindow {
    let found = this.#windows.get(scope);
    if (found === undefined) {
      found = new ContactWindow();
      this.#windows.set(scope, found);
    }
    return found;
  }

  get size(): number {
    return this.#windows.size;
  }
}

export const numberScope = (phoneNumberId: string): string => `n:${phoneNumberId}`;
export const portfolioScope = (businessId: string): string => `b:${businessId}`;
