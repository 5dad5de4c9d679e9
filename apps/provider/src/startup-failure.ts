/** Turns a start-up failure (mostly the database) into one line an operator can act on, without a stack trace. */
export function describeStartupFailure(error: unknown): string {
  const err = error as { code?: string; message?: string; errno?: number; sqlMessage?: string };
  const message = err?.sqlMessage ?? err?.message ?? String(error);
  switch (err?.code) {
    case 'ECONNREFUSED':
      return `Cannot start: the database refused the connection (${message}). Is it running, and is DATABASE_URL right?`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `Cannot start: the database host in DATABASE_URL cannot be resolved (${message}).`;
    case 'ETIMEDOUT':
      return `Cannot start: the database did not answer in time (${message}). Check DATABASE_URL and the network.`;
    case 'ER_ACCESS_DENIED_ERROR':
    case 'ER_DBACCESS_DENIED_ERROR':
      return `Cannot start: the database refused the credentials in DATABASE_URL (${message}).`;
    case 'EADDRINUSE':
      return `Cannot start: the port is already in use (${message}). Set PORT to a free port.`;
    case 'SQLITE_CANTOPEN':
      return `Cannot start: the SQLite file cannot be opened (${message}). Check DATA_DIR or DATABASE_URL.`;
    default:
      return `Cannot start: ${message}`;
  }
}
