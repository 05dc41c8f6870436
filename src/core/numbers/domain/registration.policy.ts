/**
 * Register and deregister calls: at most 10 per number in a moving 72-hour window (Meta's 133016).
 * Kabar counts the calls that succeeded.
 */
export const registrationCallLimit = 10;
export const registrationWindowMs = 72 * 3_600_000;

export type RegistrationWindowVerdict =
  | { readonly allowed: true; readonly used: number }
  | { readonly allowed: false; readonly used: number; readonly nextAllowedAt: number };

/** `calls`: when the calls inside the window happened, any order. */
export function registrationWindow(calls: readonly number[], now: number): RegistrationWindowVerdict {
  const inWindow = calls.filter((at) => at > now - registrationWindowMs).sort((left, right) => left - right);
  if (inWindow.length < registrationCallLimit) return { allowed: true, used: inWindow.length };
  // The call that must leave the window for one more to fit.
  const blocking = inWindow[inWindow.length - registrationCallLimit] ?? now;
  return { allowed: false, used: inWindow.length, nextAllowedAt: blocking + registrationWindowMs };
}
