import { ensureConsoleBuilt } from './console-build.js';

/** Builds the console once, before any test file runs, when web/ changed since the last build. */
export function setup(): void {
  ensureConsoleBuilt();
}
