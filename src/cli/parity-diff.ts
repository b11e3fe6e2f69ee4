// The structural differences between a recorded answer and a replayed one, each classed as behaviour (what an
// emulator of Intacct must get right) or data (the records differ), for `ledgerq replay --compare`.

import { ALIAS_PATTERN } from '../emulator/journal-redact.ts';
import { parseXml, type XmlElement } from '../protocols/xml/xml-tree.ts';
import { normalizeBody } from './replay-compare.ts';

/** Differences of behaviour: what `replay --compare` fails on. */
export const BEHAVIOUR_KINDS = [
  'status',
  'content-type',
  'envelope',
  'element-order',
  'attribute',
  'error',
  'field',
  'value-format',
  'body-shape',
  'body',
] as const;
/** Differences the data explains: other records, other values in the same format. */
export const DATA_KINDS = ['records', 'value'] as const;

export type BehaviourKind = (typeof BEHAVIOUR_KINDS)[number];
export type DataKind = (typeof DATA_KINDS)[number];
export type DifferenceKind = BehaviourKind | DataKind;

export interface ParityDifference {
  readonly kind: DifferenceKind;
  /** Where: `/response/operation/result[0]/data/VENDOR[1]/NAME`, `$.ia::result[0].id`, `HTTP status`. */
  readonly path: string;
  readonly expected: string;
  readonly actual: string;
  /** How many times it occurs: the same difference in every record of an answer is reported once. */
  readonly times: number;
}

export const isBehaviour = (d: ParityDifference): boolean => (BEHAVIOUR_KINDS as readonly string[]).includes(d.kind);

export interface Answer {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

/** The shape of a value: differing shapes of the same field are a behaviour difference, differing values are data. */
export function valueFormat(v: string): string {
  if (v === '') return 'empty';
  if (/^-?\d+$/.test(v)) return 'integer';
  const dec = /^-?\d*\.(\d+)$/.exec(v);
  if (dec) return `decimal(${dec[1]!.length})`;
  if (/^(true|false)$/.test(v)) return 'boolean';
  // Dates and instants by their pattern of digits: 12/31/2024 and 2024-12-31 differ, as do Z and +00:00.
  if (/^[\d/:.\-T +Z]+$/.test(v) && /\d{2}/.test(v) && /[/:-]/.test(v)) return `date(${v.replace(/\d/g, '9')})`;
  return 'text';
}

const NUMBER = /^-?(\d+|\d*\.\d+)$/;

/**
 * Empty and free text say nothing about format; two other different shapes
 * do. Numbers are told apart only when they are the same number spelled
 * otherwise (`100.00` and `100`): a writer may drop trailing zeros, so
 * `5377.1` and `4348.21` are two values, not two formats.
 */
function formatsDiffer(a: string, b: string): boolean {
  if (NUMBER.test(a) && NUMBER.test(b)) return Number(a) === Number(b);
  const fa = valueFormat(a);
  const fb = valueFormat(b);
  return fa !== fb && ![fa, fb].some((f) => f === 'empty' || f === 'text');
}

const ALIAS = new RegExp(`^${ALIAS_PATTERN.source}$`);
const INSTANT =
  /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?|\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2})$/;
const JOB_ID = /^\d{10}[A-Za-z0-9@]{25}$/;
/** Elapsed times up to now (a job's WAITINQUEUE, ACTIVETIME): they follow the clock, not the data. */
const ELAPSED = /^\d+:\d{2}:\d{2}$/;

/**
 * Values that differ on every run whatever the data: sessions and tokens (as
 * aliases), the server's clock outside records, generated ids. Two such
 * values of the same kind are not a difference.
 */
function bothVolatile(a: string, b: string): boolean {
  return [ALIAS, INSTANT, JOB_ID].some((re) => re.test(a) && re.test(b));
}

/** Values of the session anywhere in an answer (getAPISession's `<api>` is a record of `<data>`). */
const SESSION_ELEMENTS = new Set(['sessionid', 'endpoint']);

/** Envelope elements whose values are the caller's identity: they follow the sign-in, not behaviour. */
const IDENTITY_ELEMENTS = new Set(['userid', 'companyid', 'locationid', 'senderid']);
/** Elements of an Intacct error: a difference in them is an error difference. */
const ERROR_ELEMENTS = new Set(['errormessage', 'error', 'errorno', 'description', 'description2', 'correction']);
/** Attributes of a result's `<data>` that count or name its records. */
const DATA_ATTRIBUTES = new Set(['count', 'totalcount', 'numremaining', 'offset']);
const VOLATILE_ATTRIBUTES = new Set(['resultId', 'resultid']);

interface Where {
  readonly path: string;
  /** Inside a result's records: values are data, their shapes behaviour. */
  readonly inRecord: boolean;
  readonly inError: boolean;
}

class Differ {
  readonly found: ParityDifference[] = [];

  private readonly seen = new Map<string, number>();

  /** A difference already found at the same place of another record (same values) counts once more instead. */
  add(kind: DifferenceKind, path: string, expected: string, actual: string): void {
    const key = JSON.stringify([kind, path.replace(/\[\d+\]/g, '[]'), expected, actual]);
    const at = this.seen.get(key);
    if (at !== undefined) {
      const d = this.found[at]!;
      this.found[at] = { ...d, times: d.times + 1 };
      return;
    }
    this.seen.set(key, this.found.length);
    this.found.push({ kind, path, expected, actual, times: 1 });
  }

  /** A structural difference: in a record it is a field's, in an error an error's, else the envelope's. */
  private shapeKind(w: Where): BehaviourKind {
    return w.inError ? 'error' : w.inRecord ? 'field' : 'envelope';
  }

  xml(e: XmlElement, a: XmlElement, w: Where): void {
    this.attributes(e, a, w);
    if (e.children.length === 0 && a.children.length === 0) {
      this.leaf(e.name, e.text.trim(), a.text.trim(), w);
      return;
    }
    // `<data>` holds the records: their number is data; each pair is compared field by field.
    if (e.name === 'data' && !w.inRecord) {
      const key = (r: XmlElement) => r.children.find((c) => c.name.toUpperCase() === 'RECORDNO')?.text.trim();
      this.records(e.children, a.children, w, key, (x, y, path) => this.xml(x, y, { ...w, path, inRecord: true }));
      return;
    }
    this.children(e.children, a.children, w);
  }

  private attributes(e: XmlElement, a: XmlElement, w: Where): void {
    for (const name of new Set([...Object.keys(e.attrs), ...Object.keys(a.attrs)])) {
      const x = e.attrs[name];
      const y = a.attrs[name];
      const path = `${w.path}/@${name}`;
      if (x === undefined || y === undefined) this.add('attribute', path, x ?? '(none)', y ?? '(none)');
      else if (x !== y && !VOLATILE_ATTRIBUTES.has(name))
        this.add(DATA_ATTRIBUTES.has(name) ? 'records' : 'attribute', path, x, y);
    }
  }

  private leaf(name: string, x: string, y: string, w: Where): void {
    if (x === y || SESSION_ELEMENTS.has(name)) return;
    if (w.inRecord) {
      if ((ALIAS.test(x) && ALIAS.test(y)) || (ELAPSED.test(x) && ELAPSED.test(y))) return;
      this.add(formatsDiffer(x, y) ? 'value-format' : 'value', w.path, x, y);
      return;
    }
    if (bothVolatile(x, y) || IDENTITY_ELEMENTS.has(name)) return;
    this.add(w.inError || name === 'status' ? 'error' : 'envelope', w.path, x, y);
  }

  /**
   * Records paired by their key (`RECORDNO`, REST `key`) when every record
   * on both sides shows one, else by position. Records on one side only, and
   * the same records in another order, are data: which records an answer
   * holds, and how rows of different values sort, follow the data.
   */
  private records<T>(
    xs: readonly T[],
    ys: readonly T[],
    w: Where,
    keyOf: (r: T) => string | undefined,
    pair: (x: T, y: T, path: string) => void,
  ): void {
    if (xs.length !== ys.length) this.add('records', w.path, `${xs.length} records`, `${ys.length} records`);
    const kx = xs.map(keyOf);
    const ky = ys.map(keyOf);
    const keyed = (ks: (string | undefined)[]) => ks.every((k) => k !== undefined) && new Set(ks).size === ks.length;
    if (xs.length === 0 || ys.length === 0 || !keyed(kx) || !keyed(ky)) {
      for (let i = 0; i < Math.min(xs.length, ys.length); i++) pair(xs[i]!, ys[i]!, `${w.path}[${i}]`);
      return;
    }
    const at = new Map(ky.map((k, j) => [k!, j]));
    const only = (a: (string | undefined)[], b: Map<string, number> | Set<string | undefined>) =>
      a.filter((k) => !b.has(k!));
    const onlyX = only(kx, at);
    const onlyY = only(ky, new Set(kx));
    if (onlyX.length > 0 || onlyY.length > 0)
      this.add('records', `${w.path} keys`, `${onlyX.length} only recorded`, `${onlyY.length} only replayed`);
    const common = kx.filter((k) => at.has(k!));
    const inCommon = new Set(common);
    const commonY = ky.filter((k) => inCommon.has(k));
    const before = this.found.length;
    kx.forEach((k, i) => {
      const j = at.get(k!);
      if (j !== undefined) pair(xs[i]!, ys[j]!, `${w.path}[${i}]`);
    });
    if (common.join() === commonY.join()) return;
    // The very same records (same keys, same values) in another order: the sort is ledgerq's, not the data's.
    const sameData =
      onlyX.length === 0 && onlyY.length === 0 && !this.found.slice(before).some((d) => d.kind === 'value');
    if (sameData) this.add('element-order', `${w.path} records`, 'recorded order', 'another order of the same records');
    else this.add('records', `${w.path} order`, 'the same records', 'in another order');
  }

  /** Children paired by name and occurrence; a different order of the same names is one element-order difference. */
  private children(xs: readonly XmlElement[], ys: readonly XmlElement[], w: Where): void {
    const key = (list: readonly XmlElement[]) => {
      const seen = new Map<string, number>();
      return list.map((c) => {
        const n = seen.get(c.name) ?? 0;
        seen.set(c.name, n + 1);
        return `${c.name}[${n}]`;
      });
    };
    const kx = key(xs);
    const ky = key(ys);
    const inY = new Set(ky);
    const inX = new Set(kx);
    const commonX = kx.filter((k) => inY.has(k));
    const commonY = ky.filter((k) => inX.has(k));
    if (commonX.join() !== commonY.join())
      this.add('element-order', w.path, xs.map((c) => c.name).join(', '), ys.map((c) => c.name).join(', '));
    for (const [i, k] of kx.entries()) {
      const c = xs[i]!;
      const inError = w.inError || ERROR_ELEMENTS.has(c.name);
      const path = `${w.path}/${k.endsWith('[0]') && !kx.includes(`${c.name}[1]`) ? c.name : k}`;
      if (!inY.has(k)) {
        this.add(this.shapeKind({ ...w, inError }), path, inline(c), '(missing)');
        continue;
      }
      this.xml(c, ys[ky.indexOf(k)]!, { ...w, path, inError });
    }
    for (const [i, k] of ky.entries()) {
      if (inX.has(k)) continue;
      const c = ys[i]!;
      const inError = w.inError || ERROR_ELEMENTS.has(c.name);
      this.add(this.shapeKind({ ...w, inError }), `${w.path}/${k}`, '(missing)', inline(c));
    }
  }

  json(x: unknown, y: unknown, w: Where): void {
    const tx = jsonType(x);
    const ty = jsonType(y);
    if (tx !== ty) {
      if (w.inRecord && (x === null || y === null)) this.add('value', w.path, show(x), show(y));
      else this.add(w.inError ? 'error' : w.inRecord ? 'value-format' : 'body-shape', w.path, tx, ty);
      return;
    }
    if (tx === 'array') {
      const xs = x as unknown[];
      const ys = y as unknown[];
      if (w.inRecord || /ia::result$/.test(w.path)) {
        const key = (r: unknown) => {
          const k = r !== null && typeof r === 'object' ? (r as Record<string, unknown>).key : undefined;
          return typeof k === 'string' || typeof k === 'number' ? String(k) : undefined;
        };
        this.records(xs, ys, w, key, (a, b, path) => this.json(a, b, { ...w, path, inRecord: true }));
        return;
      }
      if (xs.length !== ys.length)
        this.add(w.inError ? 'error' : 'body-shape', w.path, `${xs.length} items`, `${ys.length} items`);
      for (let i = 0; i < Math.min(xs.length, ys.length); i++)
        this.json(xs[i], ys[i], { ...w, path: `${w.path}[${i}]` });
      return;
    }
    if (tx === 'object') {
      this.members(x as Record<string, unknown>, y as Record<string, unknown>, w);
      return;
    }
    if (x === y) return;
    const sx = String(x);
    const sy = String(y);
    if (w.inRecord) {
      if ((ALIAS.test(sx) && ALIAS.test(sy)) || (ELAPSED.test(sx) && ELAPSED.test(sy))) return;
      this.add(formatsDiffer(sx, sy) ? 'value-format' : 'value', w.path, show(x), show(y));
      return;
    }
    if (bothVolatile(sx, sy) || /\.issued_at$/.test(w.path)) return;
    if (/ia::meta/.test(w.path)) this.add('records', w.path, show(x), show(y));
    else this.add(w.inError ? 'error' : 'envelope', w.path, show(x), show(y));
  }

  private members(x: Record<string, unknown>, y: Record<string, unknown>, w: Where): void {
    const kx = Object.keys(x);
    const ky = Object.keys(y);
    const commonX = kx.filter((k) => k in y);
    const commonY = ky.filter((k) => k in x);
    if (commonX.join() !== commonY.join()) this.add('element-order', w.path, kx.join(', '), ky.join(', '));
    for (const k of new Set([...kx, ...ky])) {
      const inError = w.inError || k === 'ia::error';
      const path = `${w.path}.${k}`;
      const shape = inError ? 'error' : w.inRecord ? 'field' : 'body-shape';
      if (!(k in y)) this.add(shape, path, show(x[k]), '(missing)');
      else if (!(k in x)) this.add(shape, path, '(missing)', show(y[k]));
      else this.json(x[k], y[k], { ...w, path, inError });
    }
  }
}

/** An element on one line (cut at 200 characters): a missing error shows its number and text. */
function inline(el: XmlElement): string {
  const render = (e: XmlElement): string =>
    `<${e.name}>${e.children.length > 0 ? e.children.map(render).join('') : e.text.trim()}</${e.name}>`;
  const s = render(el);
  return s.length > 200 ? `${s.slice(0, 200)}…` : s;
}

function jsonType(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}

function show(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > 200 ? `${s.slice(0, 200)}…` : s;
}

const TRUNCATED = /…\[truncated \d+ characters\]$/;

function parseXmlOrNull(text: string): XmlElement | null {
  try {
    return parseXml(text);
  } catch {
    return null;
  }
}

function parseJsonOrNull(text: string): { value: unknown } | null {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return null;
  }
}

const mime = (contentType: string) => contentType.split(';')[0]!.trim().toLowerCase();

/** Every difference between the recorded answer and the replayed one (both already redacted). */
export function compareAnswers(recorded: Answer, actual: Answer): ParityDifference[] {
  const d = new Differ();
  if (recorded.status !== actual.status) d.add('status', 'HTTP status', String(recorded.status), String(actual.status));
  if (mime(recorded.contentType) !== mime(actual.contentType))
    d.add('content-type', 'Content-Type', recorded.contentType, actual.contentType);
  const root: Where = { path: '', inRecord: false, inError: false };
  if (TRUNCATED.test(recorded.body) || TRUNCATED.test(actual.body)) {
    // A cut body parses as neither XML nor JSON: its text, volatile parts masked, is all there is to compare.
    if (normalizeBody(recorded.body) !== normalizeBody(actual.body))
      d.add('body', 'body (truncated in the recording)', excerpt(recorded.body), excerpt(actual.body));
    return d.found;
  }
  const ex = recorded.body.trimStart().startsWith('<') ? parseXmlOrNull(recorded.body) : null;
  const ax = actual.body.trimStart().startsWith('<') ? parseXmlOrNull(actual.body) : null;
  if (ex && ax) {
    if (ex.name !== ax.name) d.add('envelope', '/', `<${ex.name}>`, `<${ax.name}>`);
    else d.xml(ex, ax, { ...root, path: `/${ex.name}` });
    const decl = (t: string) => /^\s*<\?xml[^>]*\?>/.exec(t)?.[0].replace(/\s+/g, ' ').toLowerCase() ?? '(none)';
    if (decl(recorded.body) !== decl(actual.body))
      d.add('envelope', 'XML declaration', decl(recorded.body), decl(actual.body));
    return d.found;
  }
  const ej = ex ? null : parseJsonOrNull(recorded.body);
  const aj = ax ? null : parseJsonOrNull(actual.body);
  if (ej && aj) {
    d.json(ej.value, aj.value, { ...root, path: '$' });
    return d.found;
  }
  const kind = (xml: unknown, json: unknown) => (xml ? 'XML' : json ? 'JSON' : 'text');
  if (kind(ex, ej) !== kind(ax, aj)) d.add('body-shape', 'body', kind(ex, ej), kind(ax, aj));
  else if (normalizeBody(recorded.body).trim() !== normalizeBody(actual.body).trim())
    d.add('body', 'body', excerpt(recorded.body), excerpt(actual.body));
  return d.found;
}

function excerpt(text: string): string {
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
