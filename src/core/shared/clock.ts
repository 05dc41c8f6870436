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
 * still until advanced. Either way `advanceTo` only moves forward.
 */
export class SimClock implements Clock {
  #mode: SimClockMode;
  #value: number;
  readonly #wallTime: () => number;

  constructor(wallTime: () => number, state: SimClockState) {
    this.#wallTime = wallTime;
    this.#mode = state.mode;
    this.#value = state.value;
  }

  static frozenAt(epochMilliseconds: number): SimClock {
    return new SimClock(() => epochMilliseconds, { mode: 'frozen', value: epochMilliseconds });
  }

  now(): number {
    return this.#mode === 'frozen' ? this.#value : this.#wallTime() + this.#value;
  }

  get mode(): SimClockMode {
    return this.#mode;
  }

  state(): SimClockState {
    return { mode: this.#mode, value: this.#value };
  }

  advanceTo(epochMilliseconds: number): void {
    const target = Math.max(this.now(), epochMilliseconds);
    this.#value = this.#mode === 'frozen' ? target : target - this.#wallTime();
  }

  freeze(): void {
    this.#value = this.now();
    this.#mode = 'frozen';
  }

  run(): void {
    this.#value = this.now() - this.#wallTime();
    this.#mode = 'running';
  }
}
