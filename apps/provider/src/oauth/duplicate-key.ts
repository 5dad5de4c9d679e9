/**
 * True for a unique-index violation on either engine: MySQL/MariaDB `ER_DUP_ENTRY` (1062), SQLite
 * `SQLITE_CONSTRAINT_UNIQUE`/`_PRIMARYKEY`. TypeORM wraps the driver error in `QueryFailedError.driverError`.
 */
export function isDuplicateKeyError(error: unknown): boolean {
  const driver = (error as { driverError?: { code?: unknown; errno?: unknown } } | null)?.driverError ?? (error as { code?: unknown; errno?: unknown } | null);
  if (!driver) return false;
  return driver.code === 'ER_DUP_ENTRY' || driver.errno === 1062 || driver.code === 'SQLITE_CONSTRAINT_UNIQUE' || driver.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
