import { Worker } from 'node:worker_threads';

/** The part of a better-sqlite3 handle this needs. */
export interface SqliteHandle {
  readonly name: string;
  readonly memory: boolean;
  pragma(sql: string, options?: { simple?: boolean }): unknown;
}

export interface CheckpointThreadOptions {
  /** How often the thread checkpoints (ms). */
  intervalMs?: number;
  /** Told when the thread fails; SQLite's own checkpoints on commit are back on by then. */
  onFailure?: (error: Error) => void;
}

/** SQLite's default `wal_autocheckpoint`, restored if the thread fails. */
const DEFAULT_AUTOCHECKPOINT_PAGES = 1000;

/**
 * The thread's code: its own connection to the same file, a PASSIVE checkpoint every interval. Plain CommonJS so that
 * it runs the same from the built app and from the TypeScript tests.
 */
const THREAD_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
const checkpoint = () => db.pragma('wal_checkpoint(PASSIVE)');
checkpoint();
const timer = setInterval(() => {
  try { checkpoint(); } catch (error) { clearInterval(timer); db.close(); throw error; }
}, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  db.close();
  parentPort.close();
});
parentPort.postMessage('ready');
`;

/**
 * WAL checkpoints for a SQLite file database, on a worker thread instead of inside commits on the event loop.
 *
 * By default SQLite checkpoints from within the COMMIT that takes the write-ahead log past 1,000 pages: it copies
 * those pages into the database file and fsyncs both files, on the thread that committed. Every signed request
 * commits its nonce (RFC 5849 §3.3), so on the service that is the event loop: every second or so, one request's
 * commit took 5-20 ms and every request behind it waited, and checkpoint work was about half the CPU of the nonce
 * writes. Here the app's connection stops checkpointing (`wal_autocheckpoint = 0`) and a second connection in a
 * worker thread runs a PASSIVE checkpoint every interval: PASSIVE never waits for a lock and never blocks the writer
 * or readers, so the app's connection and its transactions behave exactly as before (no second writer).
 *
 * If the thread fails, the app's connection checkpoints on commit again (the WAL must not grow without bound).
 */
export class SqliteCheckpointThread {
  private stopped = false;

  private constructor(
    private readonly worker: Worker,
    private readonly handle: SqliteHandle,
    private readonly onFailure: ((error: Error) => void) | undefined,
  ) {}

  /** Starts the thread for a file database and hands checkpoints over to it; null for an in-memory database. */
  static async start(handle: SqliteHandle, options: CheckpointThreadOptions = {}): Promise<SqliteCheckpointThread | null> {
    if (handle.memory || handle.name === '' || handle.name === ':memory:') return null;
    if (handle.pragma('journal_mode', { simple: true }) !== 'wal') return null;
    const worker = new Worker(THREAD_SOURCE, {
      eval: true,
      workerData: { driver: require.resolve('better-sqlite3'), file: handle.name, intervalMs: options.intervalMs ?? 100 },
    });
    // It must not keep a process alive that is otherwise done (a CLI command, a test).
    worker.unref();
    await new Promise<void>((resolve, reject) => {
      const failed = (error: Error) => reject(new Error(`the SQLite checkpoint thread did not start: ${error.message}`));
      worker.once('error', failed);
      worker.once('exit', (code) => failed(new Error(`exited with code ${code}`)));
      worker.once('message', () => {
        worker.removeAllListeners();
        resolve();
      });
    });
    const thread = new SqliteCheckpointThread(worker, handle, options.onFailure);
    handle.pragma('wal_autocheckpoint = 0');
    worker.once('error', (error) => thread.fail(error));
    worker.once('exit', (code) => thread.fail(new Error(`the SQLite checkpoint thread exited with code ${code}`)));
    return thread;
  }

  /** Stops the thread; the app's connection checkpoints on commit again (and at close, as SQLite does). */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.restoreAutocheckpoint();
    const exited = new Promise((resolve) => this.worker.once('exit', resolve));
    this.worker.postMessage('stop');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
    await this.worker.terminate();
  }

  private fail(error: Error): void {
    if (this.stopped) return;
    this.stopped = true;
    this.restoreAutocheckpoint();
    this.onFailure?.(error);
  }

  private restoreAutocheckpoint(): void {
    try {
      this.handle.pragma(`wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT_PAGES}`);
    } catch {
      // The connection is closed already: nothing is left to checkpoint from it.
    }
  }
}
