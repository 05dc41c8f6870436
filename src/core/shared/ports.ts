import type { Clock } from './clock.js';

/** Sources of identifiers and secrets; the server backs them with a CSPRNG, tests may seed them. */
export interface IdSource {
  /** A time-ordered row key (see KeyGenerator). */
  key(): string;
  /** A numeric Graph node id. */
  nodeId(): string;
}

export interface Credentials {
  /** A new bearer token, shown once. */
  newToken(): string;
  /** A new app secret or verify token. */
  newSecret(): string;
  /** The digest under which a token is stored; tokens are never stored in clear. */
  hashToken(token: string): string;
}

export interface CoreContext {
  readonly clock: Clock;
  readonly ids: IdSource;
}
