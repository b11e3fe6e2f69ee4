// PostgreSQL through a pg pool, in UTC, with dates and timestamps returned as ISO text like SQLite's.

import pg from 'pg';
import Cursor from 'pg-cursor';
import { from as copyFrom } from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Database, Row } from './database.ts';
import { quoteIdentifier, type Dialect } from './dialect.ts';
import type { ColumnKind } from './table-spec.ts';
import { ident, identList, p, raw, sql, type Sql, type SqlValue } from './sql.ts';

export const postgresDialect: Dialect = {
  name: 'postgres',
  placeholder: (i) => `$${i}`,
  quoteIdent: quoteIdentifier,
  encodeParam: (v) => (typeof v === 'bigint' ? v.toString() : v),
  columnType(kind: ColumnKind): string {
    switch (kind) {
      case 'text':
        return 'TEXT COLLATE "C"';
      case 'integer':
        return 'INTEGER';
      case 'bigint':
        return 'BIGINT';
      case 'boolean':
        return 'BOOLEAN';
      case 'date':
        return 'DATE';
      case 'datetime':
        return 'TIMESTAMPTZ(0)';
      case 'serial':
        return 'SERIAL PRIMARY KEY';
    }
  },
  listColumns: () =>
    sql`SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema()`,
  listIndexes: () =>
    sql`SELECT indexname AS index_name, tablename AS table_name FROM pg_indexes WHERE schemaname = current_schema()`,
  migrationLock: () => sql`SELECT pg_advisory_xact_lock(${p(MIGRATION_LOCK_KEY)})`,
  // 64 (max_locks_per_transaction) × 100 (max_connections) entries by default: a few migrators at 200 each leave the
  // table to everyone else, where the whole fresh catalog in one transaction held 2,708 (docs/PERFORMANCE.md).
  migrationLockBudget: 200,
  likeMatch(expr, pattern) {
    const like = pattern
      .map((t) =>
        t.kind === 'anyChars' ? '%' : t.kind === 'oneChar' ? '_' : t.text.replace(/[\\%_]/g, (c) => `\\${c}`),
      )
      .join('');
    return sql`${expr} LIKE ${p(like)} ESCAPE '\\'`;
  },
  secondsBetween: (from, to) => sql`CAST(EXTRACT(EPOCH FROM (${to}::timestamptz - ${from}::timestamptz)) AS BIGINT)`,
  sumAsText: (expr) => sql`CAST(SUM(${expr}) AS TEXT)`,
  averageForOrder: (expr) => sql`(SUM(${expr})::numeric / COUNT(${expr}))`,
  limitOffset: (limit, offset) =>
    limit === null ? sql`OFFSET ${p(offset)}` : sql`LIMIT ${p(limit)} OFFSET ${p(offset)}`,
  explain: (statement) => sql`EXPLAIN ${statement}`,
  // EXPLAIN answers one "QUERY PLAN" line per row, already indented.
  planLines: (rows) => rows.map((r) => String(r['QUERY PLAN'])),
  skipLocked: (ofAlias) =>
    raw(ofAlias ? ` FOR UPDATE OF ${quoteIdentifier(ofAlias)} SKIP LOCKED` : ' FOR UPDATE SKIP LOCKED'),
  writableCte: true,
  concurrentWriters: true,
  refreshStatistics: (table) => `ANALYZE ${quoteIdentifier(table)}`,
  // The protocol's Bind message counts parameters in 16 bits.
  maxParameters: 65_535,
};

/** The advisory lock migrators and trigger installers take; any constant works, if every ledgerq process uses it. */
const MIGRATION_LOCK_KEY = 744265;

const OID = { INT8: 20, DATE: 1082, TIMESTAMPTZ: 1184, TIMESTAMP: 1114 } as const;

/** '2024-03-01 10:20:30+00' (TimeZone=UTC) → '2024-03-01T10:20:30Z', the form SQLite stores. */
function isoTimestamp(text: string): string {
  const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(\.\d+)?(?:\+00)?$/.exec(text);
  return m ? `${m[1]}T${m[2]}${m[3] ?? ''}Z` : text;
}

function int8(text: string): number | bigint {
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : BigInt(text);
}

const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === OID.DATE) return (v: string) => v;
    if (oid === OID.TIMESTAMPTZ || oid === OID.TIMESTAMP) return isoTimestamp;
    if (oid === OID.INT8) return int8;
    return pg.types.getTypeParser(oid, format ?? 'text');
  },
} as unknown as pg.CustomTypesConfig;

/** Characters COPY's text format escapes; most values hold none, and testing for one is cheaper than replacing. */
const COPY_SPECIAL = /[\\\n\r\t]/;

/** COPY text format: backslash escapes, \N for NULL. */
function copyField(v: SqlValue): string {
  if (v === null) return '\\N';
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (v instanceof Uint8Array) return `\\\\x${Buffer.from(v).toString('hex')}`;
  if (!COPY_SPECIAL.test(v)) return v;
  return v.replace(/[\\\n\r\t]/g, (c) => (c === '\\' ? '\\\\' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\t'));
}

type Queryable = pg.Pool | pg.PoolClient;

/** Statements longer than this are run unnamed: a long text is usually a one-off (a bulk VALUES list, a script). */
const MAX_NAMED_TEXT = 16 * 1024;
/** Statement shapes named per process; past it, new shapes run unnamed rather than grow every connection's cache. */
const MAX_NAMED = 1000;
const PREPARABLE = /^\s*(SELECT|WITH|INSERT|UPDATE|DELETE)\b/i;
/**
 * A result that follows a table's columns (`SELECT *`, `t.*`, `RETURNING *`) is not named: a column a migration adds
 * changes its result type, which PostgreSQL refuses for a prepared plan ("cached plan must not change result type").
 */
const STAR_RESULT = /(SELECT|RETURNING)\s+\*|\.\*/i;
/** Statement text → its name, the same on every connection of the process (pg prepares a name once per connection). */
const statementNames = new Map<string, string>();

/**
 * The statement as a named query when its shape repeats: PostgreSQL then parses and plans it once per connection, and
 * each later run only binds and executes (a point read spends more in parse and plan than in execution). Plans follow
 * schema changes: PostgreSQL re-plans a prepared statement when a table it reads changes.
 */
export function queryConfig(text: string, params: readonly unknown[]): pg.QueryConfig {
  const values = params as unknown[];
  // A named text passed the checks below when it was named: a repeated statement skips them.
  let name = statementNames.get(text);
  if (name !== undefined) return { name, text, values };
  if (text.length > MAX_NAMED_TEXT || !PREPARABLE.test(text) || STAR_RESULT.test(text)) return { text, values };
  if (statementNames.size < MAX_NAMED) {
    name = `lq_${statementNames.size}`;
    statementNames.set(text, name);
  }
  return name === undefined ? { text, values } : { name, text, values };
}

/** Writes committed through one PostgresDatabase (its transactions' included, counted at commit): change signals read it. */
export interface WriteCount {
  writes: number;
}

abstract class PostgresBase implements Database {
  readonly dialect = postgresDialect;
  abstract readonly displayUrl: string;
  protected abstract readonly q: Queryable;
  /** Null inside a transaction, whose writes count when it commits. */
  protected abstract readonly counted: WriteCount | null;

  async all<T = Row>(query: Sql): Promise<T[]> {
    const { text, params } = query.render(this.dialect);
    const r = await this.q.query(queryConfig(text, params));
    if (this.counted && r.command !== 'SELECT') this.counted.writes++;
    return r.rows as T[];
  }

  async run(query: Sql): Promise<number> {
    const { text, params } = query.render(this.dialect);
    const n = (await this.q.query(queryConfig(text, params))).rowCount ?? 0;
    if (this.counted) this.counted.writes++;
    return n;
  }

  async execScript(script: string): Promise<void> {
    await this.q.query(script);
    if (this.counted) this.counted.writes++;
  }

  async ping(): Promise<void> {
    await this.q.query('SELECT 1');
  }

  async *stream<T = Row>(query: Sql, batchSize = 1000): AsyncIterable<T[]> {
    const { text, params } = query.render(this.dialect);
    const client = await this.client();
    const cursor = client.query(new Cursor(text, params as unknown[]));
    try {
      for (;;) {
        const rows = (await cursor.read(batchSize)) as T[];
        if (rows.length === 0) break;
        yield rows;
        if (rows.length < batchSize) break;
      }
    } finally {
      await cursor.close().catch(() => {});
      this.releaseClient(client);
    }
  }

  /** A connection for a cursor: a pooled one, or the transaction's own. */
  protected abstract client(): Promise<pg.PoolClient>;
  protected abstract releaseClient(c: pg.PoolClient): void;
  abstract transaction<T>(fn: (tx: Database) => Promise<T>): Promise<T>;
  abstract migrationSession<T>(fn: (session: Database) => Promise<T>): Promise<T>;
  abstract copyRows(table: string, columns: readonly string[], rows: Iterable<readonly SqlValue[]>): Promise<number>;

  /** COPY: a multi-row INSERT of a thousand rows costs PostgreSQL more to parse and plan than COPY costs to load. */
  async insertRows(table: string, columns: readonly string[], rows: readonly (readonly SqlValue[])[]): Promise<void> {
    await this.copyRows(table, columns, rows);
  }
  abstract close(): Promise<void>;

  protected async copyWith(
    client: pg.PoolClient,
    table: string,
    columns: readonly string[],
    rows: Iterable<readonly SqlValue[]>,
  ): Promise<number> {
    const { text } = sql`COPY ${ident(table)} (${identList(columns)}) FROM STDIN`.render(this.dialect);
    let n = 0;
    // Batches lines into chunks so the stream moves a few hundred KB at a time.
    function* chunks(): Generator<string> {
      let buf = '';
      for (const row of rows) {
        buf += `${row.map(copyField).join('\t')}\n`;
        n++;
        if (buf.length > 256 * 1024) {
          yield buf;
          buf = '';
        }
      }
      if (buf) yield buf;
    }
    await pipeline(Readable.from(chunks()), client.query(copyFrom(text)));
    return n;
  }
}

export class PostgresDatabase extends PostgresBase {
  protected readonly q: pg.Pool;
  protected readonly counted: WriteCount = { writes: 0 };

  constructor(
    readonly pool: pg.Pool,
    readonly displayUrl: string,
  ) {
    super();
    this.q = pool;
  }

  static open(url: string, poolSize = 10): PostgresDatabase {
    const pool = new pg.Pool({ connectionString: url, max: poolSize, types, options: '-c TimeZone=UTC' });
    // An idle client that errors (server restart) must not crash the process.
    pool.on('error', () => {});
    return new PostgresDatabase(pool, redactUrl(url));
  }

  protected client(): Promise<pg.PoolClient> {
    return this.pool.connect();
  }
  protected releaseClient(c: pg.PoolClient): void {
    c.release();
  }

  async transaction<T>(fn: (tx: Database) => Promise<T>): Promise<T> {
    return this.within('BEGIN', fn);
  }

  /** `fn` in a transaction opened by `begin` (one round trip, which may set its LOCAL settings too). */
  private async within<T>(begin: string, fn: (tx: Database) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      return await transactionOn(client, this.displayUrl, this.counted, fn, begin);
    } finally {
      client.release();
    }
  }

  async changeStamp(): Promise<string> {
    // Outside a transaction every statement reads the snapshot of its moment; this handle's own writes commit, so the
    // snapshot covers them too.
    const r = await this.pool.query<{ s: string }>('SELECT txid_current_snapshot()::text AS s');
    return r.rows[0]!.s;
  }

  async runUnflushed(queries: readonly Sql[]): Promise<number[]> {
    // The transaction waits for no WAL flush at its commit (a readMore page's cursor advance waited 1–4 ms for one,
    // more than the page's own query).
    return this.within('BEGIN; SET LOCAL synchronous_commit TO OFF', async (tx) => {
      const counts: number[] = [];
      for (const query of queries) counts.push(await tx.run(query));
      return counts;
    });
  }

  /**
   * A connection of its own holding the session advisory lock: it outlives each transaction `fn` commits, and ends
   * with the connection if the process dies. A connection whose unlock failed is discarded rather than pooled.
   */
  async migrationSession<T>(fn: (session: Database) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    } catch (e) {
      client.release(e as Error);
      throw e;
    }
    let broken: Error | undefined;
    try {
      return await fn(new PostgresSession(client, this.displayUrl, this.counted));
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch((e: Error) => {
        broken = e;
      });
      client.release(broken);
    }
  }

  async copyRows(table: string, columns: readonly string[], rows: Iterable<readonly SqlValue[]>): Promise<number> {
    const client = await this.pool.connect();
    try {
      return await this.copyWith(client, table, columns, rows);
    } finally {
      this.counted.writes++;
      client.release();
    }
  }

  /** Writes committed through this database so far (see WriteCount). */
  get writes(): number {
    return this.counted.writes;
  }

  /** The connection string of the pool, for a connection of its own (a listener). */
  get connectionString(): string {
    return (this.pool.options as { connectionString?: string }).connectionString ?? '';
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** BEGIN … COMMIT on one connection; the writes count once, at commit. */
async function transactionOn<T>(
  client: pg.PoolClient,
  displayUrl: string,
  counted: WriteCount,
  fn: (tx: Database) => Promise<T>,
  begin = 'BEGIN',
): Promise<T> {
  try {
    await client.query(begin);
    const result = await fn(new PostgresTransaction(client, displayUrl));
    await client.query('COMMIT');
    counted.writes++;
    return result;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {});
    throw e;
  }
}

/** One connection outside a transaction, holding the migration lock: each of its transactions commits on its own. */
class PostgresSession extends PostgresBase {
  constructor(
    protected readonly q: pg.PoolClient,
    readonly displayUrl: string,
    protected readonly counted: WriteCount,
  ) {
    super();
  }

  protected async client(): Promise<pg.PoolClient> {
    return this.q;
  }
  protected releaseClient(): void {
    /* the session owns its connection */
  }

  transaction<T>(fn: (tx: Database) => Promise<T>): Promise<T> {
    return transactionOn(this.q, this.displayUrl, this.counted, fn);
  }

  migrationSession<T>(fn: (session: Database) => Promise<T>): Promise<T> {
    return fn(this);
  }

  async copyRows(table: string, columns: readonly string[], rows: Iterable<readonly SqlValue[]>): Promise<number> {
    try {
      return await this.copyWith(this.q, table, columns, rows);
    } finally {
      this.counted.writes++;
    }
  }

  async close(): Promise<void> {
    /* released by the owner */
  }
}

class PostgresTransaction extends PostgresBase {
  protected readonly counted = null;

  constructor(
    protected readonly q: pg.PoolClient,
    readonly displayUrl: string,
  ) {
    super();
  }

  protected async client(): Promise<pg.PoolClient> {
    return this.q;
  }
  protected releaseClient(): void {
    /* the transaction owns its connection */
  }

  transaction<T>(fn: (tx: Database) => Promise<T>): Promise<T> {
    return fn(this);
  }

  /** Inside a transaction the lock is the transaction's: it lasts as long as anything `fn` does there. */
  async migrationSession<T>(fn: (session: Database) => Promise<T>): Promise<T> {
    await this.q.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    return fn(this);
  }

  copyRows(table: string, columns: readonly string[], rows: Iterable<readonly SqlValue[]>): Promise<number> {
    return this.copyWith(this.q, table, columns, rows);
  }

  async close(): Promise<void> {
    /* released by the owner */
  }
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/:[^:@/]*@/, ':***@');
  }
}

/** Creates the database named in the URL when it does not exist (connecting to `postgres` on the same server). */
export async function ensurePostgresDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, '')) || 'postgres';
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      try {
        // CREATE DATABASE takes no parameters; the name is quoted as an identifier.
        await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
      } catch (e) {
        // Another process created it between the check and the create.
        if ((e as { code?: string }).code !== '42P04') throw e;
      }
    }
  } finally {
    await client.end();
  }
}
