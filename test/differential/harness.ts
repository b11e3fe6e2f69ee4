// Runs generated queries on every database and on the reference evaluator and demands identical pages; shared by the
// vitest file and the CLI.

import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import { buildCatalog, COMPANY_COLUMN, ENTITY_COLUMN, type Catalog } from '../../src/catalog/catalog.ts';
import type { CatalogObject } from '../../src/catalog/types.ts';
import { LedgerqError } from '../../src/errors.ts';
import { bindQuery } from '../../src/query/bind.ts';
import { evaluateQuery, type Dataset } from '../../src/query/evaluate.ts';
import { BASE_ALIAS, type BoundQuery, type FieldRef, type Scope } from '../../src/query/ir/bound.ts';
import { runQuery, type QueryPage } from '../../src/query/run-query.ts';
import { compileQuery } from '../../src/query/sql/compile.ts';
import { compileCachedQuery } from '../../src/query/sql/statement-cache.ts';
import type { Database } from '../../src/store/database.ts';
import { ident, sql } from '../../src/store/sql.ts';
import { encodeValue, type FieldValue } from '../../src/catalog/field-values.ts';
import { datasetArbitrary, datasetColumns } from './dataset-arbitrary.ts';
import { keyField, NOW, OBJECTS, PRIVATE_ENTITIES } from './domains.ts';
import { queryArbitrary, type GeneratedQuery } from './query-arbitrary.ts';
import { migrateSchema } from '../../src/app/schema.ts';

export interface NamedDatabase {
  readonly name: string;
  readonly db: Database;
}

export interface DifferentialStats {
  queries: number;
  /** Requests the binder refused: the generator aims to keep this near zero. */
  rejected: number;
  /** Bound queries compared, counting every scope variant. */
  variants: number;
  /** Variants that returned at least one row. */
  nonEmpty: number;
  readonly rejections: Map<string, number>;
  /** Milliseconds spent per engine (and loading data), to see where a run's time goes. */
  readonly time: Map<string, number>;
}

export function emptyStats(): DifferentialStats {
  return { queries: 0, rejected: 0, variants: 0, nonEmpty: 0, rejections: new Map(), time: new Map() };
}

/** A disagreement, with everything needed to reproduce it. */
export class DifferentialFailure extends Error {
  constructor(
    readonly reason: string,
    readonly query: GeneratedQuery,
    readonly variant: string,
    readonly results: Record<string, unknown>,
    readonly sqlText: Record<string, string>,
  ) {
    super(`${reason} (${variant})`);
    this.name = 'DifferentialFailure';
  }
}

export async function prepareDatabases(dbs: readonly NamedDatabase[], catalog: Catalog): Promise<void> {
  for (const { db } of dbs) await migrateSchema(db, catalog);
}

/** Replaces the rows of one object's table. */
export async function loadTable(db: Database, o: CatalogObject, rows: Dataset[string] | undefined): Promise<void> {
  await db.run(sql`DELETE FROM ${ident(o.table)}`);
  if (!rows || rows.length === 0) return;
  const cols = datasetColumns(o);
  await db.copyRows(
    o.table,
    cols.map((c) => c.column),
    rows.map((r) =>
      cols.map((c) => {
        const v = r[c.column] ?? null;
        return c.field ? encodeValue(c.field, v) : v;
      }),
    ),
  );
}

interface Variant {
  readonly name: string;
  readonly scope: Scope;
  readonly includePrivate: boolean;
  /** Also select every key and check that each row is one the caller may see. */
  readonly checkScope: boolean;
}

/** Who runs a query: the generated options as company 1 and 2, a user of one entity, and the top level without includePrivate. */
function variantsOf(g: GeneratedQuery): Variant[] {
  const top = (companyKey: number): Scope => ({ companyKey, entity: { kind: 'exclude', entityIds: PRIVATE_ENTITIES } });
  const ip = g.request.options.includePrivate;
  return [
    { name: 'company 1', scope: top(1), includePrivate: ip, checkScope: false },
    { name: 'company 2', scope: top(2), includePrivate: ip, checkScope: true },
    {
      name: `company 1, user of entity ${g.entityUser}`,
      scope: { companyKey: 1, entity: { kind: 'only', entityId: g.entityUser } },
      includePrivate: ip,
      checkScope: true,
    },
    {
      name: `company ${g.topLevelCompany}, top level without includePrivate`,
      scope: top(g.topLevelCompany),
      includePrivate: false,
      checkScope: true,
    },
  ];
}

/** The same rows, selecting the key of the base object and of every joined one: what the scope check inspects. */
function keysOnly(q: BoundQuery): BoundQuery {
  const refs: FieldRef[] = [
    { alias: BASE_ALIAS, object: q.object, field: keyField(q.object), path: q.object.keyField },
    ...q.joins.map((j) => ({
      alias: j.alias,
      object: j.object,
      field: keyField(j.object),
      path: `${j.alias}.${j.object.keyField}`,
    })),
  ];
  return {
    ...q,
    select: refs.map((ref) => ({ kind: 'field', ref })),
    groupBy: null,
    orderBy: refs.map((ref) => ({ target: { kind: 'field', ref }, direction: 'asc' })),
    offset: 0,
    limit: null,
  };
}

/** Whether the row with this key may be seen in this scope; written apart from the evaluator so it checks it too. */
function allowed(o: CatalogObject, data: Dataset, key: FieldValue, scope: Scope): boolean {
  const row = (data[o.table] ?? []).find((r) => r[keyField(o).column!] === key);
  if (!row || row[COMPANY_COLUMN] !== scope.companyKey) return false;
  const entity = row[ENTITY_COLUMN] ?? null;
  if (!o.entityScoped || entity === null) return true;
  if (scope.entity.kind === 'only') return entity === scope.entity.entityId;
  if (scope.entity.kind === 'exclude') return !scope.entity.entityIds.includes(String(entity));
  return true;
}

export class DifferentialRunner {
  readonly stats = emptyStats();
  /** What each table holds now, as JSON: shrinking changes one table at a time, and only that one is reloaded. */
  private readonly loaded = new Map<string, string>();

  constructor(
    readonly dbs: readonly NamedDatabase[],
    readonly catalog: Catalog = buildCatalog(),
  ) {}

  async load(data: Dataset): Promise<void> {
    for (const name of OBJECTS) {
      const o = this.catalog.require(name);
      const json = JSON.stringify(data[o.table] ?? []);
      if (this.loaded.get(o.table) === json) continue;
      this.loaded.delete(o.table);
      for (const { name: engine, db } of this.dbs) {
        const started = performance.now();
        await loadTable(db, o, data[o.table]);
        this.timed(`loading ${engine}`, started, null);
      }
      this.loaded.set(o.table, json);
    }
  }

  private timed<T>(name: string, started: number, value: T): T {
    this.stats.time.set(name, (this.stats.time.get(name) ?? 0) + performance.now() - started);
    return value;
  }

  private async compare(g: GeneratedQuery, variant: string, q: BoundQuery, data: Dataset): Promise<QueryPage> {
    const expected = this.timed('evaluator', performance.now(), evaluateQuery(q, data));
    const results: Record<string, unknown> = { evaluator: expected };
    const sqlText: Record<string, string> = {};
    let reason: string | null = null;
    for (const { name, db } of this.dbs) {
      const compiled = compileQuery(db.dialect, q);
      sqlText[name] = compiled.select.render(db.dialect).text;
      // The statement cache (which runQuery reads through) must give exactly the compiler's statements and values.
      const cached = compileCachedQuery(db.dialect, q);
      for (const part of ['select', 'count'] as const)
        if (!isDeepStrictEqual(cached[part].render(db.dialect), compiled[part].render(db.dialect)))
          reason ??= `${name}: the cached ${part} statement differs from the compiler's`;
      try {
        const actual = this.timed(name, performance.now(), await runQuery(db, q));
        results[name] = actual;
        if (!isDeepStrictEqual(actual, expected)) reason ??= `${name} disagrees with the evaluator`;
      } catch (e) {
        results[name] = { error: String((e as Error).message ?? e) };
        reason ??= `${name} failed: ${(e as Error).message}`;
      }
    }
    if (reason) throw new DifferentialFailure(reason, g, variant, results, sqlText);
    return expected;
  }

  /** Checks one generated query in every variant; binder refusals are counted, not failures. */
  async check(g: GeneratedQuery, data: Dataset): Promise<void> {
    this.stats.queries++;
    const bound: { v: Variant; q: BoundQuery }[] = [];
    for (const v of variantsOf(g)) {
      try {
        const q = bindQuery(
          this.catalog,
          { ...g.request, options: { ...g.request.options, includePrivate: v.includePrivate } },
          { scope: v.scope, now: NOW },
        );
        // A variant that binds to the same scope as an earlier one would only repeat it (but keeps its scope check).
        const same = bound.findIndex((b) => isDeepStrictEqual(b.q.scope, q.scope));
        if (same < 0) bound.push({ v, q });
        else if (v.checkScope) bound[same] = { ...bound[same]!, v: { ...bound[same]!.v, checkScope: true } };
      } catch (e) {
        if (!(e instanceof LedgerqError) || e.code === 'internal') throw e;
        this.stats.rejected++;
        const k = `${e.code}: ${e.message.replace(/"[^"]*"/g, '…').slice(0, 90)}`;
        this.stats.rejections.set(k, (this.stats.rejections.get(k) ?? 0) + 1);
        return;
      }
    }
    // Variants run concurrently (PostgreSQL has a pool); the first failure in variant order is reported, so runs stay
    // reproducible.
    const outcomes = await Promise.allSettled(bound.map(({ v, q }) => this.checkVariant(g, v, q, data)));
    for (const o of outcomes) if (o.status === 'rejected') throw o.reason;
  }

  private async checkVariant(g: GeneratedQuery, v: Variant, q: BoundQuery, data: Dataset): Promise<void> {
    this.stats.variants++;
    const page = await this.compare(g, v.name, q, data);
    if (page.rows.length > 0) this.stats.nonEmpty++;
    if (!v.checkScope) return;

    const keys = await this.compare(g, `${v.name}, keys only`, keysOnly(q), data);
    const objects = [q.object, ...q.joins.map((j) => j.object)];
    // At the top level, includePrivate shows the private entities too.
    const visibleScope: Scope =
      v.includePrivate && v.scope.entity.kind === 'exclude' ? { ...v.scope, entity: { kind: 'all' } } : v.scope;
    for (const row of keys.rows) {
      row.forEach((key, i) => {
        if (i > 0 && key === null) return;
        if (!allowed(objects[i]!, data, key, visibleScope)) {
          throw new DifferentialFailure(
            `row ${JSON.stringify(key)} of ${objects[i]!.xmlName} is outside the caller's scope`,
            g,
            v.name,
            { keys },
            {},
          );
        }
      });
    }
  }
}

export interface DifferentialRun {
  readonly seed: number;
  /** Queries in all; each dataset serves `perDataset` of them. */
  readonly queries: number;
  readonly perDataset: number;
  /** Milliseconds shrinking may take; then the smallest failure found so far is reported. */
  readonly shrinkBudget?: number;
  readonly onProgress?: (done: number, stats: DifferentialStats) => void;
}

/**
 * One fast-check property per dataset and its queries. After the first
 * failure only that query index is checked, so shrinking (rows of the
 * dataset, parts of the query) costs one query per attempt, not fifty.
 */
export async function runDifferential(
  runner: DifferentialRunner,
  run: DifferentialRun,
): Promise<fc.RunDetails<[Dataset, GeneratedQuery[]]>> {
  let focus: number | null = null;
  let focusSince = 0;
  let done = 0;
  const datasets = Math.ceil(run.queries / run.perDataset);
  const property = fc.asyncProperty(
    datasetArbitrary(runner.catalog),
    fc.array(queryArbitrary(runner.catalog), { minLength: run.perDataset, maxLength: run.perDataset }),
    async (data, queries) => {
      if (focus !== null) {
        // Out of budget: every further candidate passes, so fast-check stops and keeps the last real failure.
        if (Date.now() - focusSince > (run.shrinkBudget ?? 60_000)) return;
        await runner.load(data);
        const q = queries[focus];
        if (q) await runner.check(q, data);
        return;
      }
      await runner.load(data);
      for (const [i, q] of queries.entries()) {
        try {
          await runner.check(q, data);
        } catch (e) {
          focus = i;
          focusSince = Date.now();
          throw e;
        }
      }
      done += queries.length;
      run.onProgress?.(done, runner.stats);
    },
  );
  return fc.check(property, { seed: run.seed, numRuns: datasets });
}
