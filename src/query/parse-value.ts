// Parses a filter value as written into the field's canonical value: a point, or an inclusive range for dates on
// datetimes and date macros.

import type { CatalogField } from '../catalog/types.ts';
import { LedgerqError } from '../errors.ts';
import { decimalToScaled, scaledToDecimal } from '../catalog/field-values.ts';
import { isDateMacro, macroRange } from './date-macros.ts';
import type { BoundValue } from './ir/bound.ts';
import type { Literal, Naming, ValueSpelling } from './ir/request.ts';

/** A value is a point, or (a whole day on a datetime, a date macro) an inclusive range. */
export type ParsedValue =
  | { readonly kind: 'point'; readonly value: BoundValue }
  | { readonly kind: 'range'; readonly low: BoundValue; readonly high: BoundValue };

export interface ValueContext {
  readonly naming: Naming;
  readonly spelling: ValueSpelling;
  /** 'YYYY-MM-DD' date macros are relative to. */
  readonly asOf: string;
  /** The path as written, for messages. */
  readonly path: string;
}

function invalid(ctx: ValueContext, field: CatalogField, value: Literal, expected: string): LedgerqError {
  return new LedgerqError(
    'bind.invalid-value',
    `${JSON.stringify(value)} is not a valid value for ${ctx.path}: expected ${expected}`,
    { field: ctx.path, value, type: field.type },
  );
}

function validDate(y: number, m: number, d: number): boolean {
  const t = new Date(Date.UTC(y, m - 1, d));
  return y >= 1 && y <= 9999 && t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** 'mm/dd/yyyy' (XML) or 'yyyy-mm-dd' (both) → 'yyyy-mm-dd', or null. */
function parseDate(text: string): string | null {
  let m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  if (m) {
    const [mo, d, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
    return validDate(y, mo, d) ? `${pad(y, 4)}-${pad(mo)}-${pad(d)}` : null;
  }
  m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    return validDate(y, mo, d) ? text : null;
  }
  return null;
}

/** 'mm/dd/yyyy hh:mm:ss', 'yyyy-mm-ddThh:mm:ss[Z|+00:00]' → ISO instant, or null. */
function parseDateTime(text: string): string | null {
  let m = /^(\d{1,2}\/\d{1,2}\/\d{4})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(text);
  let date: string | null = null;
  let hms: [number, number, number] | null = null;
  if (m) {
    date = parseDate(m[1]!);
    hms = [Number(m[2]), Number(m[3]), Number(m[4] ?? 0)];
  } else {
    m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(Z|[+-]00:?00)?$/.exec(text);
    if (m) {
      date = parseDate(m[1]!);
      hms = [Number(m[2]), Number(m[3]), Number(m[4] ?? 0)];
    }
  }
  if (!date || !hms || hms[0] > 23 || hms[1] > 59 || hms[2] > 59) return null;
  return `${date}T${pad(hms[0])}:${pad(hms[1])}:${pad(hms[2])}Z`;
}

type Spelling = (v: NonNullable<CatalogField['enumValues']>[number]) => string | undefined;
const CODE_FIRST: readonly Spelling[] = [(v) => v.code, (v) => v.xml, (v) => v.rest];
const REST_FIRST: readonly Spelling[] = [(v) => v.rest, (v) => v.xml, (v) => v.code];
const XML_FIRST: readonly Spelling[] = [(v) => v.xml, (v) => v.code, (v) => v.rest];

function parseEnum(field: CatalogField, raw: string, ctx: ValueContext): string | null {
  const values = field.enumValues ?? [];
  const spellings = ctx.spelling === 'code' ? CODE_FIRST : ctx.naming === 'rest' ? REST_FIRST : XML_FIRST;
  // Exact spelling first, then ignoring case (Intacct accepts `paid` for Paid in XML filters). Plain loops: a CSV
  // import parses an enum per row.
  for (const spell of spellings) for (const v of values) if (spell(v) === raw) return v.xml;
  const lower = raw.toLowerCase();
  for (const spell of spellings) for (const v of values) if (spell(v)?.toLowerCase() === lower) return v.xml;
  return null;
}

function parseBoolean(raw: Literal): boolean | null {
  if (typeof raw === 'boolean') return raw;
  const s = String(raw).toLowerCase();
  if (s === 'true' || s === 't' || s === '1') return true;
  if (s === 'false' || s === 'f' || s === '0') return false;
  return null;
}

const point = (value: BoundValue): ParsedValue => ({ kind: 'point', value });

export function parseValue(field: CatalogField, raw: Literal, ctx: ValueContext): ParsedValue {
  if (raw === null) throw invalid(ctx, field, raw, 'a value (use an is-null filter for null)');
  const text = typeof raw === 'string' ? raw.trim() : String(raw);
  switch (field.type) {
    case 'text':
      return point(typeof raw === 'string' ? raw : String(raw));
    case 'integer':
      if (!/^[+-]?\d{1,15}$/.test(text)) throw invalid(ctx, field, raw, 'an integer');
      return point(Number(text));
    case 'decimal':
    case 'currency': {
      try {
        return point(scaledToDecimal(decimalToScaled(text, field.scale), field.scale));
      } catch {
        throw invalid(ctx, field, raw, `a number with at most ${field.scale} decimal places`);
      }
    }
    case 'boolean': {
      const b = parseBoolean(raw);
      if (b === null)
        throw invalid(
          ctx,
          field,
          raw,
          ctx.naming === 'rest' ? 'true or false' : "true or false ('T' or 'F' in readByQuery)",
        );
      return point(b);
    }
    case 'enum': {
      const v = parseEnum(field, text, ctx);
      if (v === null) {
        const list = (field.enumValues ?? []).map((e) => (ctx.naming === 'rest' ? e.rest : e.xml)).join(', ');
        throw invalid(ctx, field, raw, `one of ${list}`);
      }
      return point(v);
    }
    case 'date': {
      // Date macros are the REST query service's; the XML gateway knows none.
      if (ctx.naming === 'rest' && isDateMacro(text)) {
        const r = macroRange(text, ctx.asOf);
        return { kind: 'range', low: r.from, high: r.to };
      }
      const d = parseDate(text) ?? parseDateTime(text)?.slice(0, 10) ?? null;
      if (!d)
        throw invalid(
          ctx,
          field,
          raw,
          ctx.naming === 'rest' ? 'a date yyyy-mm-dd or a date macro' : 'a date mm/dd/yyyy',
        );
      return point(d);
    }
    case 'datetime': {
      // Date macros are the REST query service's; the XML gateway knows none.
      if (ctx.naming === 'rest' && isDateMacro(text)) {
        const r = macroRange(text, ctx.asOf);
        return { kind: 'range', low: `${r.from}T00:00:00Z`, high: `${r.to}T23:59:59Z` };
      }
      const dt = parseDateTime(text);
      if (dt) return point(dt);
      const d = parseDate(text);
      if (!d)
        throw invalid(
          ctx,
          field,
          raw,
          ctx.naming === 'rest'
            ? 'a date-time yyyy-mm-ddThh:mm:ssZ, a date or a date macro'
            : 'a date mm/dd/yyyy or date-time mm/dd/yyyy hh:mm:ss',
        );
      // A date on a date-time field means the whole day.
      return { kind: 'range', low: `${d}T00:00:00Z`, high: `${d}T23:59:59Z` };
    }
  }
}
