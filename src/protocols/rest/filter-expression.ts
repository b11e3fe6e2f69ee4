// Parses REST filterExpression strings ("(1 and 2) or 3"): numbered references to the filters array, and/or,
// parentheses; `and` binds tighter.

import { LedgerqError } from '../../errors.ts';
import type { Filter } from '../../query/ir/request.ts';

function invalid(message: string, expression: string): LedgerqError {
  return new LedgerqError('parse.invalid-query', `filterExpression ${JSON.stringify(expression)}: ${message}`, {
    field: 'filterExpression',
  });
}

export function parseFilterExpression(expression: string, filters: readonly Filter[]): Filter {
  // seed: "filterExpression": "or" combines every filter with or (and likewise "and").
  // seed: "All logical operators must be written in lowercase": `AND`, `Or` are refused.
  const whole = expression.trim();
  if (whole === 'and' || whole === 'or') {
    if (filters.length === 0) throw invalid('combines filters, but there are none', expression);
    return filters.length === 1 ? filters[0]! : { kind: whole, items: filters };
  }
  const tokens = expression.match(/\d+|[()]|[A-Za-z]+|\S/g) ?? [];
  let i = 0;
  const used = new Set<number>();

  const primary = (): Filter => {
    const t = tokens[i++];
    if (t === undefined) throw invalid('ends where a filter number or "(" was expected', expression);
    if (t === '(') {
      const inner = or();
      if (tokens[i++] !== ')') throw invalid('a "(" is not closed', expression);
      return inner;
    }
    if (/^\d+$/.test(t)) {
      const n = Number(t);
      if (n < 1 || n > filters.length)
        throw invalid(
          `refers to filter ${n}, but there ${filters.length === 1 ? 'is 1 filter' : `are ${filters.length} filters`}`,
          expression,
        );
      used.add(n);
      return filters[n - 1]!;
    }
    throw invalid(`unexpected ${JSON.stringify(t)} where a filter number or "(" was expected`, expression);
  };
  const refuseCase = (t: string | undefined): void => {
    if (t !== undefined && /^(and|or)$/i.test(t) && t !== t.toLowerCase())
      throw invalid(`logical operators must be written in lowercase: ${JSON.stringify(t)}`, expression);
  };
  const and = (): Filter => {
    const items = [primary()];
    while (tokens[i] === 'and') {
      i++;
      items.push(primary());
    }
    return items.length === 1 ? items[0]! : { kind: 'and', items };
  };
  const or = (): Filter => {
    const items = [and()];
    while (tokens[i] === 'or') {
      i++;
      items.push(and());
    }
    return items.length === 1 ? items[0]! : { kind: 'or', items };
  };

  if (tokens.length === 0) throw invalid('is empty', expression);
  for (const t of tokens) refuseCase(t);
  const result = or();
  if (i < tokens.length)
    throw invalid(
      `unexpected ${JSON.stringify(tokens[i])}; combine filter numbers with and, or and parentheses`,
      expression,
    );
  const unused = filters.map((_, k) => k + 1).filter((n) => !used.has(n));
  if (unused.length > 0) throw invalid(`does not use filter ${unused.join(', ')}`, expression);
  return result;
}
