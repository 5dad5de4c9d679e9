import 'reflect-metadata';

import { DataSource } from 'typeorm';

import { loadConfiguration } from '@app/config';
import { buildDataSourceOptions } from '@app/database';

import { ENTITIES } from './apps/provider/src/entities';

/**
 * The TypeORM CLI data source (`npm run migration:run|revert|generate`). It reads the same validated configuration
 * as the service, so DATABASE_URL selects the engine; migrations never run implicitly here.
 */
export default new DataSource(buildDataSourceOptions(loadConfiguration(process.env).database, ENTITIES, false));
