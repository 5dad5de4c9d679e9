import { isAbsolute, resolve } from 'node:path';

import { ConfigError } from './config-error';
import type { DatabaseConfig } from './configuration.types';

/**
 * Reads DATABASE_URL. `sqlite:<path>` (relative to the data folder unless absolute) or `sqlite::memory:`
 * selects the embedded database; `mysql://` or `mariadb://` selects MySQL/MariaDB through mysql2.
 */
export function parseDatabaseUrl(raw: string | undefined, dataDir: string, migrationsRun: boolean): DatabaseConfig {
  const value = (raw ?? '').trim();
  if (value === '') {
    const sqlitePath = resolve(dataDir, 'applink-provider.sqlite');
    return { type: 'better-sqlite3', sqlitePath, displayUrl: `sqlite:${sqlitePath}`, migrationsRun };
  }
  if (value.startsWith('sqlite:')) {
    let path = value.slice('sqlite:'.length).replace(/^\/\//, '');
    if (path === '') throw new ConfigError('DATABASE_URL', 'names no SQLite file: use sqlite:<path>, e.g. sqlite:./data/app.sqlite');
    if (path !== ':memory:') path = isAbsolute(path) ? path : resolve(dataDir, path);
    return { type: 'better-sqlite3', sqlitePath: path, displayUrl: `sqlite:${path}`, migrationsRun };
  }
  if (/^(mysql|mariadb):\/\//i.test(value)) {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw new ConfigError('DATABASE_URL', 'is not a valid URL: expected mysql://user:password@host:3306/database');
    }
    const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
    if (!/^[A-Za-z0-9_$-]{1,64}$/.test(database)) {
      throw new ConfigError('DATABASE_URL', 'must name a database (letters, digits, _ $ -), e.g. mysql://root@127.0.0.1:3306/applink');
    }
    if (!url.hostname) throw new ConfigError('DATABASE_URL', 'has no host name');
    const port = url.port === '' ? 3306 : Number(url.port);
    const username = decodeURIComponent(url.username || 'root');
    const password = url.password === '' ? undefined : decodeURIComponent(url.password);
    const masked = `${url.protocol}//${encodeURIComponent(username)}${password === undefined ? '' : ':***'}@${url.host}/${database}`;
    const mariadb = url.protocol.toLowerCase() === 'mariadb:';
    return { type: 'mysql', mariadb, host: url.hostname, port, username, password, database, displayUrl: masked, migrationsRun };
  }
  throw new ConfigError('DATABASE_URL', `has an unsupported scheme: use sqlite:<path> or mysql://… (got "${value.split(':')[0]}:")`);
}
