/** The code an error carries (SQLite's `SQLITE_…`, a PostgreSQL SQLSTATE, a system `E…`), if it has one. */
export function errorCode(error: unknown): string | undefined {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}
