// Change signals: one number a process can read on every request to learn, without a statement in the common case,
// that some other writer (another process, or this one) changed rows of a set of tables. Triggers on the tables raise
// the signal; sqlite-change-signal.ts and postgres-change-signal.ts carry it to the readers.

/** Which changes of one table raise the signal. */
export interface WatchedTable {
  readonly table: string;
  readonly on: readonly ('insert' | 'update' | 'delete')[];
  /** Updates raise it only when this condition over OLD and NEW holds (the same text on both databases). */
  readonly updateWhen?: string;
}

export interface ChangeSignal {
  /**
   * A number that differs from the one returned before whenever a watched row may have changed since: another
   * process's commit, or a write of this process through the same Database (seen at once, never later). When the
   * signal cannot tell (PostgreSQL's listener is down) every call returns a new number.
   */
  generation(): number | Promise<number>;
  /** Drops the triggers' readers (the listener connection); the triggers stay for other processes. */
  close(): Promise<void>;
}

/** The trigger's WHEN condition for one operation, or ''. */
export function whenClause(t: WatchedTable, op: 'insert' | 'update' | 'delete'): string {
  return op === 'update' && t.updateWhen ? ` WHEN (${t.updateWhen})` : '';
}
