import { type DynamicModule, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, type DataSourceOptions } from 'typeorm';

import type { Configuration } from '@app/config';

import { buildDataSourceOptions, type EntityList } from './data-source-options';
import { ensureMysqlDatabase } from './ensure-mysql-database';
import { enforceMysqlStrictMode } from './mysql-strict-mode';

/**
 * The one TypeORM connection of the process. Fails fast (no silent retry loop) so a wrong DATABASE_URL gives one
 * clear line at start-up; once running, the driver reconnects by itself and /health/ready reports the outage.
 */
@Module({})
export class DatabaseModule {
  static forRoot(entities: EntityList): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [ConfigService],
          useFactory: (config: ConfigService<Configuration, true>) => ({
            ...buildDataSourceOptions(config.get('database', { infer: true }), entities),
            retryAttempts: 0,
          }),
          dataSourceFactory: async (options?: DataSourceOptions) => {
            if (!options) throw new Error('DatabaseModule: no data source options');
            return initializeDataSource(options);
          },
        }),
      ],
    };
  }
}

/** Creates the database if needed (MySQL), connects, and runs pending migrations when the options say so. */
export async function initializeDataSource(options: DataSourceOptions): Promise<DataSource> {
  if (options.type === 'mysql' || options.type === 'mariadb') {
    const { mariadb } = await ensureMysqlDatabase({
      type: 'mysql',
      host: options.host,
      port: options.port,
      username: options.username,
      password: options.password,
      database: options.database,
      displayUrl: '',
      migrationsRun: false,
    });
    if (mariadb) options = { ...options, type: 'mariadb' };
  }
  const dataSource = new DataSource(options);
  await dataSource.initialize();
  enforceMysqlStrictMode(dataSource);
  return dataSource;
}
