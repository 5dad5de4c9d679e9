import { type BeforeApplicationShutdown, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { SqliteCheckpointThread, type SqliteHandle } from './sqlite-checkpoint-thread';

/** Runs the SQLite checkpoint thread (see SqliteCheckpointThread) while the application runs on a SQLite file. */
@Injectable()
export class SqliteCheckpointer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Database');
  private thread: SqliteCheckpointThread | null = null;

  constructor(private readonly dataSource: DataSource) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.dataSource.options.type !== 'better-sqlite3') return;
    const handle = (this.dataSource.driver as unknown as { databaseConnection: SqliteHandle }).databaseConnection;
    const fallback = 'SQLite checkpoints the write-ahead log on commit instead';
    try {
      this.thread = await SqliteCheckpointThread.start(handle, { onFailure: (error) => this.logger.warn(`${error.message}; ${fallback}`) });
    } catch (error) {
      this.logger.warn(`${(error as Error).message}; ${fallback}`);
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.thread?.stop();
    this.thread = null;
  }
}
