import { randomBytes } from 'node:crypto';

import { type Configuration, loadConfiguration } from '@app/config';

import type { TestDatabase } from './test-database';

/** The public URL tests sign against: the service is reached on 127.0.0.1:<port> as if behind a proxy. */
export const TEST_PUBLIC_URL = 'http://provider.test';

/** A validated configuration for tests: test mode, its own database and data folder, fresh keys. */
export function createTestConfiguration(database: TestDatabase, overrides: Record<string, string> = {}): Configuration {
  return loadConfiguration({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    PUBLIC_URL: TEST_PUBLIC_URL,
    DATA_DIR: database.dataDir,
    DATABASE_URL: database.url,
    SECRETS_KEY: randomBytes(32).toString('hex'),
    SESSION_SECRET: randomBytes(48).toString('base64url'),
    LOG_LEVEL: 'silent',
    ...overrides,
  });
}
