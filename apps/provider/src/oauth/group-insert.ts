/**
 * Group commit: rows asked for during one turn of the event loop are written together, in one transaction or one
 * statement, when the turn ends (`setImmediate`). Each caller still waits for its own row to be durable and learns
 * what became of it, so nothing is acknowledged before it is stored.
 *
 * Why: every signed request inserts a nonce (RFC 5849 §3.3 replay protection), and on SQLite the commit, not the
 * insert, is most of the cost; on MySQL/MariaDB it is the round trip. Under load many requests reach this point in
 * the same turn; writing them together costs about one commit instead of one each. When idle, a batch is one row
 * and the delay is a single `setImmediate`.
 */
export class GroupInsert<Row, Outcome> {
  private pending: Array<{ row: Row; resolve: (outcome: Outcome) => void; reject: (error: unknown) => void }> = [];
  private scheduled = false;

  /** `write` stores the rows and says for each what became of it (inserted, a duplicate, …), in order. */
  constructor(
    private readonly write: (rows: readonly Row[]) => Promise<Outcome[]>,
    private readonly maxRows = 500,
  ) {}

  /** Resolves with the row's outcome once its batch is written; rejects if the write failed. */
  insert(row: Row): Promise<Outcome> {
    return new Promise((resolve, reject) => {
      this.pending.push({ row, resolve, reject });
      if (this.pending.length >= this.maxRows) this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const batch = this.pending;
    if (batch.length === 0) return;
    this.pending = [];
    const fail = (error: unknown) => batch.forEach((entry) => entry.reject(error));
    this.write(batch.map((entry) => entry.row)).then((outcomes) => {
      if (outcomes.length !== batch.length) return fail(new Error(`group insert: ${outcomes.length} outcomes for ${batch.length} rows`));
      batch.forEach((entry, i) => entry.resolve(outcomes[i]!));
    }, fail);
  }
}
