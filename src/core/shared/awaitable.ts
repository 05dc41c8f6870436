/**
 * A value known at once or a promise of it. Lookups on hot paths that usually answer from memory
 * (a setting, a blocklist) return the value itself then, and a promise only when they must read:
 * a caller awaits only what is pending, and a status or a send does not pay for promises it needs not.
 */
export type Awaitable<Value> = Value | Promise<Value>;

/** Every value: at once when each is known, as one promise when any is pending. */
export function allKnown<Value>(values: readonly Awaitable<Value>[]): Awaitable<Value[]> {
  const known: Value[] = [];
  for (const value of values) {
    if (value instanceof Promise) return Promise.all(values);
    known.push(value);
  }
  return known;
}

/** `next` applied to the value: at once when it is known, once it settles when it is a promise. */
export function whenKnown<Value, Next>(value: Awaitable<Value>, next: (value: Value) => Awaitable<Next>): Awaitable<Next> {
  return value instanceof Promise ? value.then(next) : next(value);
}
