interface DriverError {
  code?: unknown;
  errno?: unknown;
}

/** The driver's own error: TypeORM wraps it in `QueryFailedError.driverError`; raw driver calls throw it as is. */
function driverErrorOf(error: unknown): DriverError | null {
  return (error as { driverError?: DriverError } | null)?.driverError ?? (error as DriverError | null);
}

/**
 * True for a unique-index violation on either engine: MySQL/MariaDB `ER_DUP_ENTRY` (1062), SQLite
 * `SQLITE_CONSTRAINT_UNIQUE`/`_PRIMARYKEY`.
 */
export function isDuplicateKeyError(error: unknown): boolean {
  const driver = driverErrorOf(error);
  if (!driver) return false;
  return driver.code === 'ER_DUP_ENTRY' || driver.errno === 1062 || driver.code === 'SQLITE_CONSTRAINT_UNIQUE' || driver.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/**
 * True when MySQL/MariaDB gave up on a statement to break a lock cycle (`ER_LOCK_DEADLOCK`, 1213) or after waiting
 * for a lock (`ER_LOCK_WAIT_TIMEOUT`, 1205). Either way the statement was rolled back and may be retried.
 */
export function isLockConflictError(error: unknown): boolean {
  const driver = driverErrorOf(error);
  return driver?.errno === 1213 || driver?.errno === 1205;
}
