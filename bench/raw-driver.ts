// The baseline: ledgerq's own compiled statements run straight on the driver (better-sqlite3 or pg), with no server in
// between.

import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import Cursor from 'pg-cursor';
import type { Sql } from '../src/store/sql.ts';
import { postgresDialect, queryConfig } from '../src/store/postgres.ts';
import { sqliteDialect } from '../src/store/sqlite.ts';

export interface RawDriver {
  readonly name: 'sqlite' | 'postgres';
  /** Runs a statement, returns its rows. Statements are prepared once (better-sqlite3) as any tuned client would. */
  all(query: Sql): Promise<unknown[]>;
  /** Streams every row of a statement in batches of `batchSize`; returns the row count and per-batch times (ms). */
  stream(query: Sql, batchSize: number): Promise<{ rows: number; batchMs: number[] }>;
  close(): Promise<void>;
}

class SqliteRaw implements RawDriver {
  readonly name = 'sqlite';
  private readonly db: BetterSqlite3.Database;
  private readonly statements = new Map<string, BetterSqlite3.Statement>();

  constructor(path: string) {
    this.db = new BetterSqlite3(path, { readonly: true });
  }

  private prepare(text: string): BetterSqlite3.Statement {
    let s = this.statements.get(text);
    if (!s) {
      s = this.db.prepare(text);
      this.statements.set(text, s);
    }
    return s;
  }

  async all(query: Sql): Promise<unknown[]> {
    const { text, params } = query.render(sqliteDialect);
    return this.prepare(text).all(...params);
  }

  async stream(query: Sql, batchSize: number): Promise<{ rows: number; batchMs: number[] }> {
    const { text, params } = query.render(sqliteDialect);
    const batchMs: number[] = [];
    let rows = 0;
    let t = performance.now();
    for (const _row of this.prepare(text).iterate(...params)) {
      if (++rows % batchSize === 0) {
        const now = performance.now();
        batchMs.push(now - t);
        t = now;
      }
    }
    return { rows, batchMs };
  }

  async close(): Promise<void> {
    this.db.close();
  }
}

class PostgresRaw implements RawDriver {
  readonly name = 'postgres';
  constructor(private readonly client: pg.Client) {}

  async all(query: Sql): Promise<unknown[]> {
    const { text, params } = query.render(postgresDialect);
    // Named as ledgerq names it: the baseline is a tuned client, parsing and planning a repeated statement once.
    return (await this.client.query(queryConfig(text, params))).rows;
  }

  async stream(query: Sql, batchSize: number): Promise<{ rows: number; batchMs: number[] }> {
    const { text, params } = query.render(postgresDialect);
    const cursor = this.client.query(new Cursor(text, params as unknown[]));
    const batchMs: number[] = [];
    let rows = 0;
    try {
      for (;;) {
        const t = performance.now();
        const batch = await cursor.read(batchSize);
        batchMs.push(performance.now() - t);
        rows += batch.length;
        if (batch.length < batchSize) break;
      }
    } finally {
      await cursor.close();
    }
    return { rows, batchMs };
  }

  async close(): Promise<void> {
    await this.client.end();
  }
}

export async function openRaw(dbUrl: string): Promise<RawDriver> {
  if (dbUrl.startsWith('sqlite:')) return new SqliteRaw(dbUrl.slice('sqlite:'.length));
  const client = new pg.Client({ connectionString: dbUrl, options: '-c TimeZone=UTC' });
  await client.connect();
  return new PostgresRaw(client);
}
