import type { NestFastifyApplication } from '@nestjs/platform-fastify';

import type { Configuration } from '@app/config';

import { createProviderApp } from '../../../apps/provider/src/app.factory';

import { TcpProxy } from './tcp-proxy';
import { createTestConfiguration } from './test-configuration';
import { createTestDatabase, type TestDatabase } from './test-database';
import { type TestEngine, testMysqlServerUrl } from './test-engines';

/** A running service on a random port with its own database, as e2e tests use it. */
export interface TestApp {
  app: NestFastifyApplication;
  configuration: Configuration;
  database: TestDatabase;
  /** Where the server really listens, e.g. http://127.0.0.1:41234. */
  baseUrl: string;
  close(): Promise<void>;
}

/** Boots the service on a fresh database of the given engine. */
export async function createTestApp(engine: TestEngine, overrides: Record<string, string> = {}): Promise<TestApp> {
  return createTestAppOn(await createTestDatabase(engine), overrides);
}

/** Boots the service on a given test database (which `close()` drops). */
export async function createTestAppOn(database: TestDatabase, overrides: Record<string, string> = {}): Promise<TestApp> {
  const configuration = createTestConfiguration(database, overrides);
  const app = await createProviderApp(configuration);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    app,
    configuration,
    database,
    baseUrl: `http://127.0.0.1:${port}`,
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}

/**
 * Boots the service on a fresh MariaDB database that it reaches only through a TCP relay, so a test can cut the
 * relay to simulate a database outage at run time (and restore it) without touching the shared server.
 */
export async function createTestAppBehindDatabaseRelay(): Promise<{ service: TestApp; relay: TcpProxy }> {
  const server = new URL(testMysqlServerUrl());
  const relay = new TcpProxy(server.hostname, Number(server.port || 3306));
  const relayPort = await relay.start();
  const database = await createTestDatabase('mysql');
  const service = await createTestAppOn({ ...database, url: database.url.replace(/:\d+\//, `:${relayPort}/`) });
  return { service, relay };
}
