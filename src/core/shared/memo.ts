/**
 * `compute` remembered per key, for pure functions that hot paths call with the same few inputs
 * (a recipient's number, a template's text). Past `limit` keys everything is forgotten at once,
 * which bounds the memory without bookkeeping on every call. Results that are undefined are
 * remembered too.
 */
export function memoize<Args extends readonly unknown[], Value>(limit: number, keyOf: (...args: Args) => string, compute: (...args: Args) => Value): (...args: Args) => Value {
  const remembered = new Map<string, { readonly value: Value }>();
  return (...args) => {
    const key = keyOf(...args);
    const hit = remembered.get(key);
    if (hit !== undefined) return hit.value;
    const value = compute(...args);
    if (remembered.size >= limit) remembered.clear();
    remembered.set(key, { value });
    return value;
  };
}
