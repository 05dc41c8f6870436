/** Time enters the core only through this port. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

export type SimClockMode = 'running' | 'frozen';

export interface SimClockState {
  readonly mode: SimClockMode;
  /** Running: simulated minus wall time. Frozen: the simulated time itself. */
  readonly value: number;
}

/**
 * The simulator's clock. Running, it moves with the wall clock plus an offset; frozen, it stands
 * still until advanced. Either way `advanceTo` only moves forward. Simulated time is whole
 * milliseconds: keys, timestamps and due times are built from it, and a fraction would break them.
 */
export class SimClock implements Clock {
  #mode: SimClockMode;
  #value: number;
  readonly #wallTime: () => number;

  constructor(wallTime: () => number, state: SimClockState) {
    this.#wallTime = wallTime;
    this.#mode = state.mode === 'frozen' ? 'frozen' : 'running';
    // A state persisted by an older release may hold a fraction (or garbage): repair it on load.
    this.#value = Number.isFinite(state.value) ? Math.floor(state.value) : 0;
  }

  static frozenAt(epochMilliseconds: number): SimClock {
    return new SimClock(() => epochMilliseconds, { mode: 'frozen', value: epochMilliseconds });
  }

  /** Whether a state read back from storage is one this clock can hold as is. */
  static isValidState(state: SimClockState): boolean {
    return (state.mode === 'frozen' || state.mode === 'running') && Number.isSafeInteger(state.value);
  }

  now(): number {
    return this.#mode === 'frozen' ? this.#value : Math.floor(this.#wallTime()) + this.#value;
  }

  get mode(): SimClockMode {
    return this.#mode;
  }

  state(): SimClockState {
    return { mode: this.#mode, value: this.#value };
  }

  advanceTo(epochMilliseconds: number): void {
    const target = Math.max(this.now(), Math.floor(epochMilliseconds));
    this.#value = this.#mode === 'frozen' ? target : target - Math.floor(this.#wallTime());
  }

  freeze(): void {
    this.#value = this.now();
    this.#mode = 'frozen';
  }

  run(): void {
    this.#value = this.now() - Math.floor(this.#wallTime());
    this.#mode = 'running';
  }
}
