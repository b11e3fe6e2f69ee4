// The unbound query IR: what every front end (XML query, readByQuery, REST) lowers into, names and values as written.

/** How names and values are spelled: XML ids (`VENDOR.CREDITLIMIT`, `mm/dd/yyyy`, `Posted`) or REST paths (`vendor.creditLimit`, `yyyy-mm-dd`, `posted`). */
export type Naming = 'xml' | 'rest';

/** Legacy readByQuery spells enums by code (`STATE = 'A'`) and booleans as 'T'/'F'; XML query and REST use labels. */
export type ValueSpelling = 'label' | 'code';

export type AggregateFn = 'count' | 'sum' | 'avg' | 'min' | 'max';
export const AGGREGATE_FNS: readonly AggregateFn[] = ['count', 'sum', 'avg', 'min', 'max'];

export type SelectItem =
  | { readonly kind: 'field'; readonly path: string }
  | { readonly kind: 'aggregate'; readonly fn: AggregateFn; readonly path: string };

/** A value as the client wrote it; the binder parses it by the field's type. */
export type Literal = string | number | boolean | null;

export type CompareOp = 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge';
export type MatchMode = 'contains' | 'startsWith' | 'endsWith';

export type Filter =
  | { readonly kind: 'compare'; readonly op: CompareOp; readonly path: string; readonly value: Literal }
  | { readonly kind: 'in'; readonly negated: boolean; readonly path: string; readonly values: readonly Literal[] }
  | { readonly kind: 'between'; readonly negated: boolean; readonly path: string; readonly values: readonly Literal[] }
  /** `%` and `_` are wildcards; every other character is itself. */
  | { readonly kind: 'like'; readonly negated: boolean; readonly path: string; readonly pattern: Literal }
  /** REST's $contains/$startsWith/$endsWith: the value is literal text, wildcards included. */
  | {
      readonly kind: 'match';
      readonly mode: MatchMode;
      readonly negated: boolean;
      readonly path: string;
      readonly value: Literal;
    }
  | { readonly kind: 'null'; readonly negated: boolean; readonly path: string }
  | { readonly kind: 'and' | 'or'; readonly items: readonly Filter[] }
  | { readonly kind: 'not'; readonly item: Filter };

export type Direction = 'asc' | 'desc';

/** Order by a field path, or by an aggregate of the selection. */
export interface OrderItem {
  readonly target: SelectItem;
  readonly direction: Direction;
}

export interface QueryOptions {
  /** Compare text ignoring ASCII case (XML caseinsensitive; REST caseSensitiveComparison=false). */
  readonly caseInsensitive: boolean;
  /** At the top level of a multi-entity company, include rows of private entities. */
  readonly includePrivate: boolean;
  /** 'YYYY-MM-DD' that date macros are relative to; null = the engine's clock. */
  readonly asOfDate: string | null;
}

export interface QueryRequest {
  readonly object: string;
  readonly naming: Naming;
  readonly spelling: ValueSpelling;
  /** Empty means every field of the object (readByQuery `*`); front ends that forbid it refuse before lowering. */
  readonly select: readonly SelectItem[];
  readonly filter: Filter | null;
  readonly orderBy: readonly OrderItem[];
  readonly offset: number;
  /** Rows per page; null = all (internal callers such as exports). */
  readonly limit: number | null;
  readonly options: QueryOptions;
  /** Document type of order-entry objects (`<docparid>Sales Order</docparid>`). */
  readonly docparid: string | null;
}

export const DEFAULT_OPTIONS: QueryOptions = Object.freeze({
  caseInsensitive: false,
  includePrivate: false,
  asOfDate: null,
});

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** Builds a frozen request; rewrites return new trees. */
export function queryRequest(q: Partial<QueryRequest> & Pick<QueryRequest, 'object' | 'naming'>): QueryRequest {
  return deepFreeze({
    spelling: 'label',
    select: [],
    filter: null,
    orderBy: [],
    offset: 0,
    limit: 100,
    docparid: null,
    ...q,
    options: { ...DEFAULT_OPTIONS, ...q.options },
  } as QueryRequest);
}
