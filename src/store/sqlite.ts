// SQLite through better-sqlite3: WAL, one connection per process, transactions serialized by an async lock.

import BetterSqlite3 from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Database, Row } from './database.ts';
import { quoteIdentifier, type Dialect } from './dialect.ts';
import type { ColumnKind } from './table-spec.ts';
import { MAX_GLOB_PATTERN_BYTES, registerGlobFunction } from './sqlite-glob.ts';
import { ident, identList, p, raw, sql, type Sql, type SqlValue, valueRows } from './sql.ts';

export const sqliteDialect: Dialect = {
  name: 'sqlite',
  placeholder: () => '?',
  quoteIdent: quoteIdentifier,
  encodeParam: (v) => (typeof v === 'boolean' ? (v ? 1 : 0) : v),
  columnType(kind: ColumnKind): string {
    switch (kind) {
      case 'text':
        return 'TEXT';
      case 'integer':
      case 'bigint':
        return 'INTEGER';
      case 'boolean':
        return 'INTEGER';
      // ISO 8601 text sorts chronologically: 'YYYY-MM-DD' and 'YYYY-MM-DDTHH:MM:SSZ'.
      case 'date':
      case 'datetime':
        return 'TEXT';
      case 'serial':
        return 'INTEGER PRIMARY KEY AUTOINCREMENT';
    }
  },
  listColumns: () =>
    sql`SELECT m.name AS table_name, c.name AS column_name FROM sqlite_master m JOIN pragma_table_info(m.name) c WHERE m.type = 'table'`,
  listIndexes: () => sql`SELECT name AS index_name, tbl_name AS table_name FROM sqlite_master WHERE type = 'index'`,
  migrationLock: () => null,
  migrationLockBudget: Number.POSITIVE_INFINITY,
  likeMatch(expr, pattern) {
    // GLOB is case-sensitive like PostgreSQL's LIKE; its metacharacters are escaped by bracketing.
    const glob = pattern
      .map((t) =>
        t.kind === 'anyChars' ? '*' : t.kind === 'oneChar' ? '?' : t.text.replace(/[*?[]/g, (c) => `[${c}]`),
      )
      .join('');
    // GLOB refuses patterns over 50,000 bytes: such a pattern goes to lq_glob, and GLOB gets '*' (any text). The SQL
    // text is the same either way, and a short pattern keeps a bare GLOB that can use an index for its prefix.
    const long = Buffer.byteLength(glob, 'utf8') > MAX_GLOB_PATTERN_BYTES;
    const exact = long ? glob : null;
    return sql`(${expr} GLOB ${p(long ? '*' : glob)} AND (${p(exact)} IS NULL OR lq_glob(${p(exact)}, ${expr})))`;
  },
  secondsBetween: (from, to) => sql`(unixepoch(${to}) - unixepoch(${from}))`,
  sumAsText: (expr) => sql`CAST(SUM(${expr}) AS TEXT)`,
  averageForOrder: (expr) => sql`(CAST(SUM(${expr}) AS REAL) / COUNT(${expr}))`,
  limitOffset: (limit, offset) => sql`LIMIT ${p(limit ?? -1)} OFFSET ${p(offset)}`,
  explain: (statement) => sql`EXPLAIN QUERY PLAN ${statement}`,
  // EXPLAIN QUERY PLAN answers a tree of (id, parent, detail).
  planLines: (rows) => rows.map((r) => `${Number(r.parent ?? 0) ? '  ' : ''}${String(r.detail)}`),
  skipLocked: () => raw(''),
  writableCte: false,
  concurrentWriters: false,
  // SQLite's planner needs no statistics for the queue's indexed claims.
  refreshStatistics: () => null,
  // SQLITE_MAX_VARIABLE_NUMBER's default since 3.32.
  maxParameters: 32_766,
};

function configured(db: BetterSqlite3.Database): BetterSqlite3.Database {
  // A memory database has no file to keep a write-ahead log beside.
  if (!db.memory) db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 10000');
  db.pragma('foreign_keys = ON');
  registerGlobFunction(db);
  return db;
}

/** How long a PRAGMA data_version reading stands for the next (dataVersion()). */
const DATA_VERSION_REUSE_MS = 5;

/** Distinct statement shapes kept prepared per connection. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * better-sqlite3 is synchronous and has one connection, so a transaction whose
 * body awaits must keep every other caller out until it ends: otherwise their
 * statements would run inside it. `gate` is that lock.
 */
export class SqliteDatabase implements Database {
  readonly dialect = sqliteDialect;
  private gate: Promise<void> = Promise.resolve();
  /**
   * Prepared statements by SQL text: preparing costs more than running a
   * small query, and ledgerq's statements repeat (values are always bound
   * parameters, so the text is the statement's shape). Bounded, oldest first out.
   */
  private readonly statements = new Map<string, BetterSqlite3.Statement>();
  private bulk: { readonly shape: string; readonly count: number; readonly stmt: BetterSqlite3.Statement } | null =
    null;
  /** Statements of this connection that changed rows (or may have): change signals read it (sqlite-change-signal.ts). */
  writes = 0;
  private dataVersionStatement: BetterSqlite3.Statement | null = null;
  private dataVersionSeen = 0;
  private dataVersionReadAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly db: BetterSqlite3.Database,
    private readonly path: string,
    readonly displayUrl: string,
  ) {}

  static open(path: string): SqliteDatabase {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    return new SqliteDatabase(configured(new BetterSqlite3(path)), path, `sqlite:${path}`);
  }

  /** A memory database holding a copy of `bytes` (from serialize()). */
  static fromBytes(bytes: Buffer): SqliteDatabase {
    return new SqliteDatabase(configured(new BetterSqlite3(bytes)), ':memory:', 'sqlite::memory:');
  }

  /**
   * SQLite's data_version: it moves when another connection (another process) commits to the file, never for this
   * connection's own writes (counted in `writes`). A reading is reused for DATA_VERSION_REUSE_MS: a request asks
   * several caches in a row, and another process's commit is then seen a few milliseconds later at most (the change
   * signals promise a second).
   */
  dataVersion(): number {
    const now = performance.now();
    return now - this.dataVersionReadAt < DATA_VERSION_REUSE_MS ? this.dataVersionSeen : this.readDataVersion(now);
  }

  private readDataVersion(now = performance.now()): number {
    this.dataVersionStatement ??= this.db.prepare('PRAGMA data_version').pluck();
    this.dataVersionSeen = this.dataVersionStatement.get() as number;
    this.dataVersionReadAt = now;
    return this.dataVersionSeen;
  }

  async changeStamp(): Promise<string> {
    // Read now, not reused: a result kept under this stamp must not miss another process's commit by a moment.
    return `${this.readDataVersion()}:${this.writes}`;
  }

  get inMemory(): boolean {
    return this.path === ':memory:';
  }

  /** The whole database as bytes (sqlite3_serialize), between transactions. */
  serialize(): Promise<Buffer> {
    return this.whenIdle(() => this.db.serialize());
  }

  /**
   * Runs `fn` once no transaction holds the gate, in the same microtask as the
   * check: returning first and acting after the caller's own `await` let two
   * transactions both see the gate open (and BEGIN inside each other).
   */
  private async whenIdle<T>(fn: () => T): Promise<T> {
    for (;;) {
      const current = this.gate;
      await current;
      if (current === this.gate) return fn();
    }
  }

  private idle(): Promise<void> {
    return this.whenIdle(() => undefined);
  }

  all<T = Row>(query: Sql): Promise<T[]> {
    return this.whenIdle(() => this.allNow<T>(query));
  }

  run(query: Sql): Promise<number> {
    return this.whenIdle(() => this.runNow(query));
  }

  async execScript(script: string): Promise<void> {
    await this.idle();
    this.execNow(script);
  }

  async transaction<T>(fn: (tx: Database) => Promise<T>): Promise<T> {
    const release = await this.whenIdle(() => {
      let open!: () => void;
      this.gate = new Promise<void>((r) => (open = r));
      return open;
    });
    const tx = new SqliteTransaction(this);
    try {
      this.db.exec('BEGIN IMMEDIATE');
      try {
        const result = await fn(tx);
        this.db.exec('COMMIT');
        return result;
      } catch (e) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw e;
      }
    } finally {
      tx.closed = true;
      release();
    }
  }

  migrationSession<T>(fn: (session: Database) => Promise<T>): Promise<T> {
    return fn(this);
  }

  async copyRows(table: string, columns: readonly string[], rows: Iterable<readonly SqlValue[]>): Promise<number> {
    await this.idle();
    return this.copyRowsNow(table, columns, rows);
  }

  async insertRows(table: string, columns: readonly string[], rows: readonly (readonly SqlValue[])[]): Promise<void> {
    await this.idle();
    this.insertRowsNow(table, columns, rows);
  }

  async *stream<T = Row>(query: Sql, batchSize = 1000): AsyncIterable<T[]> {
    if (this.path === ':memory:') {
      // A memory database has no second connection to read from.
      yield await this.all<T>(query);
      return;
    }
    const reader = new BetterSqlite3(this.path, { readonly: true });
    try {
      reader.pragma('busy_timeout = 10000');
      registerGlobFunction(reader);
      const { text, params } = query.render(this.dialect);
      let batch: T[] = [];
      for (const row of reader.prepare(text).iterate(...params)) {
        batch.push(row as T);
        if (batch.length >= batchSize) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length) yield batch;
    } finally {
      reader.close();
    }
  }

  async ping(): Promise<void> {
    await this.idle();
    this.db.prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    await this.idle();
    if (this.db.open) this.db.close();
  }

  private prepared(text: string): BetterSqlite3.Statement {
    let stmt = this.statements.get(text);
    if (stmt) {
      // Re-inserted: the Map's order is then least recently used first.
      this.statements.delete(text);
    } else {
      stmt = this.db.prepare(text);
      if (this.statements.size >= STATEMENT_CACHE_SIZE) this.statements.delete(this.statements.keys().next().value!);
    }
    this.statements.set(text, stmt);
    return stmt;
  }

  /** @internal used by the transaction handle, which already holds the gate. */
  allNow<T>(query: Sql): T[] {
    const { text, params } = query.render(this.dialect);
    const stmt = this.prepared(text);
    // One array argument: better-sqlite3 binds its items in order, and a bulk statement's thousands of values never
    // become call arguments.
    if (stmt.reader) {
      // RETURNING: a statement that reads back what it wrote.
      if (!stmt.readonly) this.writes++;
      return stmt.all(params) as T[];
    }
    if (stmt.run(params).changes > 0) this.writes++;
    return [];
  }

  /** @internal */
  runNow(query: Sql): number {
    const { text, params } = query.render(this.dialect);
    const changes = this.prepared(text).run(params).changes;
    if (changes > 0) this.writes++;
    return changes;
  }

  /** @internal */
  execNow(script: string): void {
    // DDL can invalidate prepared statements' plans; better-sqlite3 re-prepares them, but dropped tables must not
    // linger here.
    this.statements.clear();
    this.bulk = null;
    this.writes++;
    this.db.exec(script);
  }

  /**
   * @internal Multi-row INSERTs of as many rows as the parameter limit allows. Kept apart from the statement cache, the
   * last one only: the text changes with the row count and the program is large, but a run of full batches (or of
   * chunks that keep as many rows) repeats it, and then the rows' values are only bound, not rendered again.
   */
  insertRowsNow(table: string, columns: readonly string[], rows: readonly (readonly SqlValue[])[]): void {
    const width = columns.length;
    const per = Math.max(1, Math.floor(this.dialect.maxParameters / Math.max(1, width)));
    const head = sql`INSERT INTO ${ident(table)} (${identList(columns)}) VALUES `;
    const shape = head.render(this.dialect).text;
    const encode = this.dialect.encodeParam;
    for (let at = 0; at < rows.length; at += per) {
      const count = Math.min(per, rows.length - at);
      if (this.bulk?.shape !== shape || this.bulk.count !== count) {
        const { text } = sql`${head}${valueRows(rows.slice(at, at + count))}`.render(this.dialect);
        this.bulk = { shape, count, stmt: this.db.prepare(text) };
      }
      const params = new Array<SqlValue>(count * width);
      let k = 0;
      for (let r = at; r < at + count; r++) {
        const row = rows[r]!;
        if (row.length !== width) throw new Error(`insertRows: a row of ${row.length} values for ${width} columns`);
        for (const v of row) params[k++] = encode(v);
      }
      this.bulk.stmt.run(params);
    }
    if (rows.length > 0) this.writes++;
  }

  /** @internal */
  copyRowsNow(table: string, columns: readonly string[], rows: Iterable<readonly SqlValue[]>): number {
    const marks = columns.map(() => '?').join(', ');
    const { text } = sql`INSERT INTO ${ident(table)} (${identList(columns)}) VALUES `.render(this.dialect);
    const stmt = this.db.prepare(`${text}(${marks})`);
    const encode = this.dialect.encodeParam;
    let n = 0;
    const load = this.db.transaction(() => {
      for (const row of rows) {
        stmt.run(row.map(encode));
        n++;
      }
    });
    // Inside an open transaction better-sqlite3 nests this as a savepoint.
    load();
    if (n > 0) this.writes++;
    return n;
  }
}

class SqliteTransaction implements Database {
  closed = false;
  readonly dialect = sqliteDialect;
  readonly displayUrl: string;

  constructor(private readonly parent: SqliteDatabase) {
    this.displayUrl = parent.displayUrl;
  }

  private check(): void {
    if (this.closed) throw new Error('transaction already ended');
  }

  async all<T = Row>(query: Sql): Promise<T[]> {
    this.check();
    return this.parent.allNow<T>(query);
  }
  async run(query: Sql): Promise<number> {
    this.check();
    return this.parent.runNow(query);
  }
  async execScript(script: string): Promise<void> {
    this.check();
    this.parent.execNow(script);
  }
  async copyRows(table: string, columns: readonly string[], rows: Iterable<readonly SqlValue[]>): Promise<number> {
    this.check();
    return this.parent.copyRowsNow(table, columns, rows);
  }
  async transaction<T>(fn: (tx: Database) => Promise<T>): Promise<T> {
    this.check();
    return fn(this);
  }
  async migrationSession<T>(fn: (session: Database) => Promise<T>): Promise<T> {
    this.check();
    return fn(this);
  }
  async insertRows(table: string, columns: readonly string[], rows: readonly (readonly SqlValue[])[]): Promise<void> {
    this.check();
    this.parent.insertRowsNow(table, columns, rows);
  }
  async *stream<T = Row>(query: Sql): AsyncIterable<T[]> {
    this.check();
    yield this.parent.allNow<T>(query);
  }
  async ping(): Promise<void> {
    this.check();
  }
  async close(): Promise<void> {
    /* the owner closes the connection */
  }
}
