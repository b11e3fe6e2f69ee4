// What the library API's reset needs of a database's change log (sqlite-change-log.ts, postgres-change-log.ts).

export interface ChangeLog {
  /** Puts every row a change touched since the checkpoint back as the checkpoint had it. */
  undo(): Promise<void>;
  /** Drops the triggers and the log. */
  release(): Promise<void>;
}
