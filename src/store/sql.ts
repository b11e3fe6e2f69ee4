// SQL fragments whose values are always bound parameters: the only way statements are built.

export type SqlValue = string | number | bigint | boolean | null | Uint8Array;

/** What rendering needs of a dialect (the whole interface is store/dialect.ts's Dialect). */
export interface SqlDialect {
  /** `?` on SQLite, `$n` on PostgreSQL. */
  placeholder(index: number): string;
  quoteIdent(name: string): string;
  /** Converts a JS value to what the driver binds (SQLite has no boolean). */
  encodeParam(value: SqlValue): SqlValue;
}

type Part =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'param'; readonly value: SqlValue }
  | { readonly kind: 'ident'; readonly name: string };

/** A marker for a bound value; `${p(v)}` in a `sql` template. */
export interface Param {
  readonly kind: 'param';
  readonly value: SqlValue;
}
/** A quoted identifier; only names from the catalog or this code, never user text. */
export interface Ident {
  readonly kind: 'ident';
  readonly name: string;
}

export class Sql {
  constructor(readonly parts: readonly Part[]) {}

  /** Renders with the dialect's placeholders; values stay in `params`. */
  render(dialect: SqlDialect): { readonly text: string; readonly params: readonly SqlValue[] } {
    const params: SqlValue[] = [];
    let text = '';
    for (const part of this.parts) {
      if (part.kind === 'text') text += part.text;
      else if (part.kind === 'ident') text += dialect.quoteIdent(part.name);
      else {
        params.push(dialect.encodeParam(part.value));
        text += dialect.placeholder(params.length);
      }
    }
    return Object.freeze({ text, params: Object.freeze(params) });
  }
}

/**
 * A statement already rendered for one dialect: a cached statement text with this request's values (the query's
 * statement cache). It renders as itself for that dialect; its parts (the text runs between its parameters, identifiers
 * already quoted for that dialect, and the parameters) serve any other use, such as embedding it in another statement.
 */
export class RenderedSql extends Sql {
  private readonly rendered: { readonly text: string; readonly params: readonly SqlValue[] };

  constructor(
    private readonly dialect: SqlDialect,
    text: string,
    texts: readonly string[],
    values: readonly SqlValue[],
    params: readonly SqlValue[],
  ) {
    const parts: Part[] = [];
    texts.forEach((t, i) => {
      if (i > 0) parts.push({ kind: 'param', value: values[i - 1]! });
      if (t) parts.push({ kind: 'text', text: t });
    });
    super(parts);
    this.rendered = Object.freeze({ text, params: Object.freeze(params) });
  }

  override render(dialect: SqlDialect): { readonly text: string; readonly params: readonly SqlValue[] } {
    return dialect === this.dialect ? this.rendered : super.render(dialect);
  }
}

export function p(value: SqlValue): Param {
  return { kind: 'param', value };
}

export function ident(name: string): Ident {
  return { kind: 'ident', name };
}

/** Text written by this code (keywords, operators); never data. */
export function raw(text: string): Sql {
  return new Sql([{ kind: 'text', text }]);
}

export function sql(strings: TemplateStringsArray, ...values: readonly (Sql | Param | Ident)[]): Sql {
  const parts: Part[] = [];
  strings.forEach((s, i) => {
    if (s) parts.push({ kind: 'text', text: s });
    if (i < values.length) {
      const v = values[i];
      if (v instanceof Sql) parts.push(...v.parts);
      else if (v && typeof v === 'object' && (v.kind === 'param' || v.kind === 'ident')) parts.push(v);
      else throw new TypeError('sql`...`: interpolate p(value), ident(name) or a sql fragment, never a bare value');
    }
  });
  return new Sql(parts);
}

export function join(items: readonly Sql[], separator: string): Sql {
  const parts: Part[] = [];
  items.forEach((item, i) => {
    if (i > 0) parts.push({ kind: 'text', text: separator });
    parts.push(...item.parts);
  });
  return new Sql(parts);
}

export function identList(names: readonly string[]): Sql {
  return join(
    names.map((n) => sql`${ident(n)}`),
    ', ',
  );
}

/** `?, ?, ?`: each value bound, for an IN list; built without a fragment per value (bulk statements bind thousands). */
export function paramList(values: readonly SqlValue[]): Sql {
  const parts: Part[] = [];
  values.forEach((value, i) => {
    if (i > 0) parts.push(COMMA);
    parts.push({ kind: 'param', value });
  });
  return new Sql(parts);
}

/** `(?, ?), (?, ?)`: the rows of a multi-row VALUES, every value bound. */
export function valueRows(rows: readonly (readonly SqlValue[])[]): Sql {
  const parts: Part[] = [];
  rows.forEach((row, i) => {
    parts.push(i > 0 ? NEXT_ROW : OPEN_ROW);
    row.forEach((value, j) => {
      if (j > 0) parts.push(COMMA);
      parts.push({ kind: 'param', value });
    });
  });
  if (rows.length > 0) parts.push(CLOSE_ROW);
  return new Sql(parts);
}

const COMMA: Part = { kind: 'text', text: ', ' };
const OPEN_ROW: Part = { kind: 'text', text: '(' };
const NEXT_ROW: Part = { kind: 'text', text: '), (' };
const CLOSE_ROW: Part = { kind: 'text', text: ')' };
