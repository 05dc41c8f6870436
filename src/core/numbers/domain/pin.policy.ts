/**
 * Guessing the two-step verification PIN at registration. Meta answers 133009 when guesses come too
 * quickly and 133008 after too many; it does not publish the thresholds, so these are Kabar's:
 * a wrong guess less than 10 s after the previous one is "too quickly", and 5 wrong guesses within
 * 12 hours lock registration until the first of them is 12 hours old.
 */
export const pinGuessSpacingMs = 10_000;
export const pinGuessLimit = 5;
export const pinGuessWindowMs = 12 * 3_600_000;

export type PinGuessVerdict =
  | { readonly verdict: 'may-guess' }
  | { readonly verdict: 'too-fast'; readonly retryAt: number }
  | { readonly verdict: 'too-many'; readonly retryAt: number };

/** `wrongGuesses`: when the wrong guesses inside the window were made. */
export function pinGuessVerdict(wrongGuesses: readonly number[], now: number): PinGuessVerdict {
  const recent = wrongGuesses.filter((at) => at > now - pinGuessWindowMs).sort((left, right) => left - right);
  if (recent.length >= pinGuessLimit) return { verdict: 'too-many', retryAt: (recent[recent.length - pinGuessLimit] ?? now) + pinGuessWindowMs };
  const last = recent[recent.length - 1];
  if (last !== undefined && now - last < pinGuessSpacingMs) return { verdict: 'too-fast', retryAt: last + pinGuessSpacingMs };
  return { verdict: 'may-guess' };
}
