/** Time-ordered upper-case hex keys (milliseconds, then a per-millisecond sequence), as Kabar's store uses. */
export function timeOrderedIds(): () => string {
  let lastMillisecond = -1;
  let sequence = 0;
  return () => {
    let millisecond = Date.now();
    if (millisecond <= lastMillisecond) {
      millisecond = lastMillisecond;
      sequence += 1;
    } else {
      sequence = 0;
    }
    lastMillisecond = millisecond;
    return (millisecond.toString(16).padStart(12, '0') + sequence.toString(16).padStart(8, '0')).toUpperCase();
  };
}
