/** Work due at a point in simulated or real time, kept in the `timers` table so it survives restarts. */
export type TimerKind = 'message.status';

export interface TimerRecord {
  readonly key: string;
  readonly dueAt: number;
  readonly kind: TimerKind;
  readonly payload: string;
}
