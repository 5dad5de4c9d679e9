import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { SqliteCheckpointThread } from './sqlite-checkpoint-thread';

/** Polls until `condition` holds or `ms` pass; says which. */
async function eventually(condition: () => boolean, ms = 10_000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return condition();
}

describe('SqliteCheckpointThread', () => {
  let dir: string;
  let file: string;
  let db: Database.Database;
  let thread: SqliteCheckpointThread | null = null;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'applink-checkpoint-'));
    file = join(dir, 'app.sqlite');
    db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec('CREATE TABLE rows (id INTEGER PRIMARY KEY, payload BLOB NOT NULL)');
  });

  afterEach(async () => {
    await thread?.stop();
    thread = null;
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** About 2 MB of rows in one transaction: 500 pages in the write-ahead log, under SQLite's own 1,000-page trigger. */
  const write = () => {
    const insert = db.prepare('INSERT INTO rows (payload) VALUES (?)');
    db.transaction(() => {
      for (let i = 0; i < 500; i++) insert.run(Buffer.alloc(4_000, i));
    })();
  };
  const databaseBytes = () => statSync(file).size;
  const autocheckpoint = () => db.pragma('wal_autocheckpoint', { simple: true });

  it('takes checkpoints off the app connection and copies committed pages into the database file', async () => {
    thread = await SqliteCheckpointThread.start(db, { intervalMs: 20 });
    expect(thread).not.toBeNull();
    expect(autocheckpoint()).toBe(0);
    const before = databaseBytes();
    write();
    // Only a checkpoint writes pages into the main file; the app connection no longer takes any.
    expect(await eventually(() => databaseBytes() >= before + 2_000_000)).toBe(true);
    expect(db.prepare('SELECT count(*) AS n FROM rows').get()).toEqual({ n: 500 });
  });

  it('keeps the write-ahead log from growing: once a checkpoint has caught up, the next commit starts it over', async () => {
    thread = await SqliteCheckpointThread.start(db, { intervalMs: 20 });
    let largest = 0;
    for (let round = 0; round < 6; round++) {
      write();
      largest = Math.max(largest, statSync(`${file}-wal`).size);
      const target = 2_000_000 * (round + 1);
      expect(await eventually(() => databaseBytes() >= target)).toBe(true);
    }
    // Six rounds of ~2 MB each; without the restarts the log would hold all ~12 MB.
    expect(largest).toBeLessThan(5_000_000);
  });

  it('without it, nothing would reach the database file (the control for the tests above)', async () => {
    db.pragma('wal_autocheckpoint = 0');
    const before = databaseBytes();
    write();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(databaseBytes()).toBe(before);
  });

  it('gives checkpoints back to the app connection when stopped', async () => {
    thread = await SqliteCheckpointThread.start(db, { intervalMs: 20 });
    await thread!.stop();
    expect(autocheckpoint()).toBe(1000);
  });

  it('gives checkpoints back to the app connection and reports it when the thread dies', async () => {
    const failures: Error[] = [];
    thread = await SqliteCheckpointThread.start(db, { intervalMs: 20, onFailure: (error) => failures.push(error) });
    await thread!['worker'].terminate();
    expect(await eventually(() => failures.length === 1)).toBe(true);
    expect(failures[0]!.message).toMatch(/checkpoint thread exited/);
    expect(autocheckpoint()).toBe(1000);
  });

  it('does nothing for an in-memory database or one not in WAL mode', async () => {
    const memory = new Database(':memory:');
    const rollbackJournal = new Database(join(dir, 'journal.sqlite'));
    try {
      expect(await SqliteCheckpointThread.start(memory)).toBeNull();
      expect(await SqliteCheckpointThread.start(rollbackJournal)).toBeNull();
      expect(rollbackJournal.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    } finally {
      memory.close();
      rollbackJournal.close();
    }
  });

  it('fails to start, with a clear message, when the file cannot be opened by a second connection', async () => {
    const doomed = new Database(join(dir, 'gone.sqlite'));
    doomed.pragma('journal_mode = WAL');
    rmSync(join(dir, 'gone.sqlite'));
    try {
      await expect(SqliteCheckpointThread.start(doomed)).rejects.toThrow(/the SQLite checkpoint thread did not start/);
      expect(doomed.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    } finally {
      doomed.close();
    }
  });
});
