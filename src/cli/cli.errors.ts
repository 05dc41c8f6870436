/** Failures the CLI explains in one line: what happened and what to do about it. */
export class CommandError extends Error {}

interface SystemError extends Error {
  readonly code?: string;
  readonly port?: number;
  readonly address?: string;
}

function isSystemError(error: unknown): error is SystemError {
  return error instanceof Error && typeof (error as SystemError).code === 'string';
}

/**
 * Turns a failure to listen into a CommandError that says what to change: `setting` names the
 * switches that choose the port and the interface (`PORT / --port`, `HOST / --host`).
 */
export function listenFailure(error: unknown, where: { readonly port: number; readonly host: string; readonly portSetting: string; readonly hostSetting: string }): unknown {
  if (!isSystemError(error)) return error;
  switch (error.code) {
    case 'EADDRINUSE':
      return new CommandError(`port ${where.port} is in use: stop the other process or set ${where.portSetting}`);
    case 'EACCES':
      return new CommandError(`not allowed to listen on port ${where.port}: choose a port above 1023 with ${where.portSetting}`);
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
      return new CommandError(`${where.host} is not an address of this machine: set ${where.hostSetting}, e.g. 127.0.0.1 or 0.0.0.0`);
    default:
      return error;
  }
}

/** `postgres://user:secret@host/db` → `postgres://user:***@host/db`: errors never print a password. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@/]*@/, '//$1:***@');
}

/** The one line `kabar` prints for a failure; a stack only when KABAR_DEBUG is set. */
export function describeFailure(error: unknown, debug: boolean): string {
  if (error instanceof CommandError) return error.message;
  if (debug && error instanceof Error && error.stack !== undefined) return error.stack;
  const message = error instanceof Error ? error.message : String(error);
  return `${message.split('\n')[0] ?? message} (run again with KABAR_DEBUG=1 to see where it failed)`;
}
