// A bound query's compiled statement, its parameters and the database's plan for it (`ledgerq query --explain`, the
// console's explain view).

import type { Database } from '../store/database.ts';
import type { SqlValue } from '../store/sql.ts';
import type { BoundQuery } from './ir/bound.ts';
import { compileQuery } from './sql/compile.ts';

export interface ExplainedQuery {
  readonly sql: string;
  readonly params: readonly SqlValue[];
  readonly plan: readonly string[];
}

export async function explainQuery(db: Database, bound: BoundQuery): Promise<ExplainedQuery> {
  const compiled = compileQuery(db.dialect, bound);
  const { text, params } = compiled.select.render(db.dialect);
  const rows = await db.all<Record<string, unknown>>(db.dialect.explain(compiled.select));
  return { sql: text, params, plan: db.dialect.planLines(rows) };
}
