// Parses readByQuery's SQL-like condition string ("VENDORNAME = 'Regal Services' AND NOT STATUS = 'F'") into a filter
// tree.

import { LedgerqError } from '../../errors.ts';
import type { CompareOp, Filter, Literal } from '../../query/ir/request.ts';

export interface ReadByQueryCondition {
  readonly filter: Filter | null;
  /** From `rownum` conditions: rows to skip and at most how many to return. */
  readonly offset: number;
  readonly limit: number | null;
}

type Token =
  | { readonly t: 'ident'; readonly v: string; readonly at: number }
  | { readonly t: 'string'; readonly v: string; readonly at: number }
  | { readonly t: 'number'; readonly v: string; readonly at: number }
  | { readonly t: 'op'; readonly v: string; readonly at: number }
  | { readonly t: 'end'; readonly at: number };

function syntax(message: string, at: number, query: string): LedgerqError {
  return new LedgerqError(
    'parse.invalid-query',
    `readByQuery query: ${message} at position ${at + 1} of ${JSON.stringify(query)}`,
    { position: at + 1 },
  );
}

function tokenize(q: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < q.length) {
    const c = q[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === "'") {
      // Quotes inside a string are escaped with a backslash ('Jane\'s Deli'); a doubled quote is accepted too.
      let v = '';
      const start = i++;
      for (;;) {
        if (i >= q.length) throw syntax('unterminated string', start, q);
        const d = q[i]!;
        if (d === '\\' && i + 1 < q.length) {
          v += q[i + 1];
          i += 2;
          continue;
        }
        if (d === "'" && q[i + 1] === "'") {
          v += "'";
          i += 2;
          continue;
        }
        if (d === "'") {
          i++;
          break;
        }
        v += d;
        i++;
      }
      out.push({ t: 'string', v, at: start });
      continue;
    }
    const num = /^-?\d+(\.\d+)?/.exec(q.slice(i));
    if (num && (c !== '-' || /\d/.test(q[i + 1] ?? ''))) {
      out.push({ t: 'number', v: num[0], at: i });
      i += num[0].length;
      continue;
    }
    const id = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(q.slice(i));
    if (id) {
      out.push({ t: 'ident', v: id[0], at: i });
      i += id[0].length;
      continue;
    }
    const op = /^(<=|>=|<>|!=|=|<|>|\(|\)|,)/.exec(q.slice(i));
    if (op) {
      out.push({ t: 'op', v: op[0], at: i });
      i += op[0].length;
      continue;
    }
    throw syntax(`unexpected character ${JSON.stringify(c)}`, i, q);
  }
  out.push({ t: 'end', at: q.length });
  return out;
}

const CMP: Record<string, CompareOp> = {
  '=': 'eq',
  '!=': 'ne',
  '<>': 'ne',
  '<': 'lt',
  '<=': 'le',
  '>': 'gt',
  '>=': 'ge',
};

type RowNum = { readonly kind: 'rownum'; readonly op: CompareOp; readonly n: number };

class Parser {
  private i = 0;
  constructor(
    private readonly toks: Token[],
    private readonly q: string,
  ) {}

  private peek(): Token {
    return this.toks[this.i]!;
  }
  private next(): Token {
    return this.toks[this.i++]!;
  }
  private kw(word: string): boolean {
    const t = this.peek();
    if (t.t === 'ident' && t.v.toUpperCase() === word) {
      this.i++;
      return true;
    }
    return false;
  }
  private expectOp(v: string): void {
    const t = this.next();
    if (t.t !== 'op' || t.v !== v) throw syntax(`expected ${JSON.stringify(v)}`, t.at, this.q);
  }

  parse(): Filter | RowNum | null {
    if (this.peek().t === 'end') return null;
    const f = this.or();
    const t = this.peek();
    if (t.t !== 'end') throw syntax(`unexpected ${JSON.stringify('v' in t ? t.v : '')}`, t.at, this.q);
    return f;
  }

  private or(): Filter | RowNum {
    const items = [this.and()];
    while (this.kw('OR')) items.push(this.and());
    return items.length === 1 ? items[0]! : { kind: 'or', items: items.map((x) => this.noRownum(x)) };
  }

  private and(): Filter | RowNum {
    const items = [this.not()];
    while (this.kw('AND')) items.push(this.not());
    return items.length === 1 ? items[0]! : ({ kind: 'and', items } as unknown as Filter);
  }

  private not(): Filter | RowNum {
    if (this.kw('NOT')) return { kind: 'not', item: this.noRownum(this.not()) };
    const t = this.peek();
    if (t.t === 'op' && t.v === '(') {
      this.i++;
      const inner = this.or();
      this.expectOp(')');
      return inner;
    }
    return this.predicate();
  }

  private noRownum(f: Filter | RowNum): Filter {
    if (f.kind === 'rownum') throw syntax('rownum may only be combined with AND at the top level', 0, this.q);
    return f;
  }

  private value(): Literal {
    const t = this.next();
    if (t.t === 'string') return t.v;
    if (t.t === 'number') return t.v;
    if (t.t === 'ident' && t.v.toUpperCase() === 'NULL') return null;
    throw syntax('expected a value (a quoted string or a number)', t.at, this.q);
  }

  private predicate(): Filter | RowNum {
    const f = this.next();
    if (f.t !== 'ident') throw syntax('expected a field name', f.at, this.q);
    const path = f.v;
    if (path.toLowerCase() === 'rownum') {
      const op = this.next();
      const n = this.next();
      if (op.t !== 'op' || !CMP[op.v] || n.t !== 'number' || !/^\d+$/.test(n.v))
        throw syntax('rownum compares with a whole number', op.at, this.q);
      return { kind: 'rownum', op: CMP[op.v]!, n: Number(n.v) };
    }
    if (this.kw('IS')) {
      const negated = this.kw('NOT');
      if (!this.kw('NULL')) throw syntax('expected NULL after IS', this.peek().at, this.q);
      return { kind: 'null', negated, path };
    }
    const negated = this.kw('NOT');
    if (this.kw('LIKE')) return { kind: 'like', negated, path, pattern: this.value() };
    if (this.kw('IN')) {
      this.expectOp('(');
      const values = [this.value()];
      while (this.peek().t === 'op' && (this.peek() as { v: string }).v === ',') {
        this.i++;
        values.push(this.value());
      }
      this.expectOp(')');
      return { kind: 'in', negated, path, values };
    }
    if (negated) throw syntax('expected LIKE or IN after NOT', this.peek().at, this.q);
    const op = this.next();
    if (op.t !== 'op' || !CMP[op.v])
      throw syntax(`expected an operator (=, !=, <>, <, <=, >, >=, like, in, is null) after ${path}`, op.at, this.q);
    const value = this.value();
    if (value === null) {
      if (op.v === '=' || op.v === '!=' || op.v === '<>') return { kind: 'null', negated: op.v !== '=', path };
      throw syntax('NULL can only be compared with = or !=', op.at, this.q);
    }
    return { kind: 'compare', op: CMP[op.v]!, path, value };
  }
}

/** rownum N conditions (Oracle-style 1-based row numbers) as offset and limit. */
function applyRownum(r: RowNum, acc: { offset: number; limit: number | null }): void {
  const cap = (n: number) => {
    acc.limit = acc.limit === null ? Math.max(0, n) : Math.min(acc.limit, Math.max(0, n));
  };
  switch (r.op) {
    case 'eq':
      acc.offset = Math.max(acc.offset, r.n - 1);
      cap(r.n >= 1 ? 1 : 0);
      break;
    case 'lt':
      cap(r.n - 1);
      break;
    case 'le':
      cap(r.n);
      break;
    case 'gt':
      acc.offset = Math.max(acc.offset, r.n);
      break;
    case 'ge':
      acc.offset = Math.max(acc.offset, r.n - 1);
      break;
    case 'ne':
      break;
  }
}

/** rownum is a paging condition: only a top-level AND may hold it. */
function assertNoRownum(f: Filter | RowNum, query: string): Filter {
  if (f.kind === 'rownum') throw syntax('rownum may only be combined with AND at the top level', 0, query);
  if (f.kind === 'and' || f.kind === 'or') for (const x of f.items) assertNoRownum(x, query);
  if (f.kind === 'not') assertNoRownum(f.item, query);
  return f;
}

export function parseReadByQuery(query: string): ReadByQueryCondition {
  const parsed = new Parser(tokenize(query), query).parse();
  const acc = { offset: 0, limit: null as number | null };
  if (parsed === null) return { filter: null, ...acc };
  if (parsed.kind === 'rownum') {
    applyRownum(parsed, acc);
    return { filter: null, ...acc };
  }
  if (parsed.kind === 'and') {
    const items: Filter[] = [];
    for (const x of parsed.items as readonly (Filter | RowNum)[]) {
      if (x.kind === 'rownum') applyRownum(x, acc);
      else items.push(assertNoRownum(x, query));
    }
    const filter = items.length === 0 ? null : items.length === 1 ? items[0]! : { kind: 'and' as const, items };
    return { filter, ...acc };
  }
  return { filter: assertNoRownum(parsed, query), ...acc };
}
