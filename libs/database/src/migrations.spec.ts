import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';

import { createTestConfiguration, createTestDatabase, type TestDatabase, testEngines } from '@app/testing';

import { ENTITIES } from '../../../apps/provider/src/entities';

import { buildDataSourceOptions } from './data-source-options';
import { initializeDataSource } from './database.module';

describe.each(testEngines())('migrations on %s', (engine) => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    const configuration = createTestConfiguration(database);
    dataSource = await initializeDataSource(buildDataSourceOptions(configuration.database, ENTITIES, true));
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('produce exactly the schema the entities describe', async () => {
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('are all applied and nothing is pending', async () => {
    expect(await dataSource.showMigrations()).toBe(false);
  });

  it('compare keys byte-exactly: case, accents and trailing spaces stay distinct', async () => {
    const insert = (key: string) =>
      dataSource.query(
        `INSERT INTO consumers (consumer_key, name, signature_methods, allow_legacy_key, allow_three_legged, allow_two_legged, allow_impersonation, allow_token_renewal, enabled) VALUES (?, 'n', 'HMAC-SHA1', 0, 1, 0, 0, 0, 1)`,
        [key],
      );
    for (const key of ['ck', 'CK', 'ck ', 'çk']) await insert(key);
    const rows = (await dataSource.query('SELECT consumer_key FROM consumers WHERE consumer_key = ?', ['ck'])) as Array<{ consumer_key: string }>;
    expect(rows.map((r) => r.consumer_key)).toEqual(['ck']);
  });

  it('revert cleanly and apply again', async () => {
    await dataSource.undoLastMigration();
    await dataSource.runMigrations();
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries).toHaveLength(0);
  });
});
