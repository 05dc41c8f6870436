/**
 * How quickly a number answers its customers, in memory: each customer message waits until the
 * number sends that customer anything. The last 1,000 customer messages per number are kept; the
 * quality model reads how many of the week's waited longer than its allowance (or still wait). Each
 * question and first answer is also stored (`answer_times`), and `LimitsEngine.load` rebuilds this at start.
 */
interface Asked {
  readonly waId: string;
  readonly at: number;
  answeredAt: number | null;
}

const keep = 1_000;

export class AnswerTimes {
  readonly #byNumber = new Map<string, { asked: Asked[]; waiting: Map<string, Asked[]> }>();

  #of(phoneNumberId: string) {
    let found = this.#byNumber.get(phoneNumberId);
    if (found === undefined) {
      found = { asked: [], waiting: new Map() };
      this.#byNumber.set(phoneNumberId, found);
    }
    return found;
  }

  asked(phoneNumberId: string, waId: string, at: number, answeredAt: number | null = null): void {
    const book = this.#of(phoneNumberId);
    const entry: Asked = { waId, at, answeredAt };
    book.asked.push(entry);
    if (book.asked.length > keep) {
      const dropped = book.asked.splice(0, book.asked.length - keep);
      for (const old of dropped) book.waiting.delete(old.waId);
    }
    if (answeredAt !== null) return;
    const list = book.waiting.get(waId);
    if (list === undefined) book.waiting.set(waId, [entry]);
    else list.push(entry);
  }

  /** The number sent `waId` something: what waited is answered. Whether anything waited (then the answer is worth storing). */
  answered(phoneNumberId: string, waId: string, at: number): boolean {
    const book = this.#byNumber.get(phoneNumberId);
    const list = book?.waiting.get(waId);
    if (book === undefined || list === undefined) return false;
    for (const entry of list) entry.answeredAt = at;
    book.waiting.delete(waId);
    return true;
  }

  /** Customer messages in [from, to], and how many waited longer than `within` (still waiting counts once its allowance is over). */
  stats(phoneNumberId: string, from: number, to: number, within: number): { readonly messages: number; readonly late: number } {
    const book = this.#byNumber.get(phoneNumberId);
    if (book === undefined) return { messages: 0, late: 0 };
    let messages = 0;
    let late = 0;
    for (const entry of book.asked) {
      if (entry.at < from || entry.at > to) continue;
      messages += 1;
      const waited = (entry.answeredAt ?? to) - entry.at;
      if (waited > within) late += 1;
    }
    return { messages, late };
  }
}
