// The bound query IR: names resolved to catalog fields along joins, values typed, scope attached. Only this reaches the
// compiler.

import type { CatalogField, CatalogObject, CatalogRelationship } from '../../catalog/types.ts';
import type { LikePart } from '../../store/dialect.ts';
import type { FieldValue } from '../../catalog/field-values.ts';
import type { AggregateFn, CompareOp, Direction, Naming } from './request.ts';

/** One many-to-one hop, joined as `alias` from the table `from`. */
export interface Join {
  readonly alias: string;
  readonly from: string;
  readonly relationship: CatalogRelationship;
  readonly object: CatalogObject;
  readonly localField: CatalogField;
  readonly relatedField: CatalogField;
}

/** A field of the base table (alias t0) or of a joined one. */
export interface FieldRef {
  readonly alias: string;
  readonly object: CatalogObject;
  readonly field: CatalogField;
  /** The path in the request's naming, normalized (`VENDOR.CREDITLIMIT`, `vendor.creditLimit`). */
  readonly path: string;
}

export type BoundSelect =
  | { readonly kind: 'field'; readonly ref: FieldRef }
  | { readonly kind: 'aggregate'; readonly fn: AggregateFn; readonly ref: FieldRef };

/** LIKE patterns as tokens, so no escaping convention leaks between front ends, dialects and the evaluator. */
export type LikeToken = LikePart;

/** A typed, non-null value in canonical form (see store/values.ts). */
export type BoundValue = Exclude<FieldValue, null>;

export type BoundFilter =
  | { readonly kind: 'compare'; readonly op: CompareOp; readonly ref: FieldRef; readonly value: BoundValue }
  | { readonly kind: 'in'; readonly negated: boolean; readonly ref: FieldRef; readonly values: readonly BoundValue[] }
  | {
      readonly kind: 'between';
      readonly negated: boolean;
      readonly ref: FieldRef;
      readonly low: BoundValue;
      readonly high: BoundValue;
    }
  | { readonly kind: 'like'; readonly negated: boolean; readonly ref: FieldRef; readonly pattern: readonly LikeToken[] }
  | { readonly kind: 'null'; readonly negated: boolean; readonly ref: FieldRef }
  | { readonly kind: 'and' | 'or'; readonly items: readonly BoundFilter[] }
  | { readonly kind: 'not'; readonly item: BoundFilter };

export interface BoundOrder {
  readonly target: BoundSelect;
  readonly direction: Direction;
}

/** Which entities' rows a caller sees in a multi-entity company. Rows with no entity (top level) are always visible. */
export type EntityScope =
  /** Every row: single-entity companies, or the top level with include-private. */
  | { readonly kind: 'all' }
  /** Top level: every row except those of the listed private entities. */
  | { readonly kind: 'exclude'; readonly entityIds: readonly string[] }
  /** Logged into one entity: its rows and top-level rows. */
  | { readonly kind: 'only'; readonly entityId: string };

export interface Scope {
  readonly companyKey: number;
  readonly entity: EntityScope;
}

export interface BoundQuery {
  readonly object: CatalogObject;
  readonly naming: Naming;
  readonly joins: readonly Join[];
  /** Never empty: an empty request selection is bound to every visible field. */
  readonly select: readonly BoundSelect[];
  readonly filter: BoundFilter | null;
  /** Client order, then tie-breakers that make the order total (key, or every group-by field). */
  readonly orderBy: readonly BoundOrder[];
  /** Non-null when the selection has an aggregate: the plain fields, grouped. */
  readonly groupBy: readonly FieldRef[] | null;
  readonly offset: number;
  readonly limit: number | null;
  readonly caseInsensitive: boolean;
  readonly scope: Scope;
  /** Instant that open durations (JOBQUEUERECORD WAITINQUEUE of a queued job) run up to: 'YYYY-MM-DDTHH:MM:SSZ'. */
  readonly now: string;
}

export const BASE_ALIAS = 't0';
