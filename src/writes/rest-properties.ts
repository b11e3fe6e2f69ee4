// The properties of Intacct's REST objects as its OpenAPI lists them, generated from the saved schema subsets
// (scripts/openapi-subsets/*.json, verbatim from lorenz-bus-service/node-intacct-rest-api spec/<application>.json) by
// scripts/build-rest-properties.mjs into rest-properties.json: per REST object, dot paths with their type,
// readOnly/writeOnly/deprecated and enum. They decide which REST body keys ledgerq accepts without modelling them.

import { readFileSync } from 'node:fs';

export type RestPropertyType = 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object';

export interface RestProperty {
  readonly type: RestPropertyType;
  readonly readOnly: boolean;
  readonly writeOnly: boolean;
  readonly deprecated: boolean;
  readonly enumValues: readonly string[] | null;
  /**
   * An array of records ledgerq models (`accounts-payable/recurring-bill-line`): the REST object its items are, when
   * the catalog has it. Such a list is refused when the write path does not take it, since accepting and dropping it
   * would lose records Intacct creates.
   */
  readonly ownedRecords?: string;
}

interface Generated {
  readonly type: RestPropertyType;
  readonly readOnly?: true;
  readonly writeOnly?: true;
  readonly deprecated?: true;
  readonly enum?: readonly string[];
  /** An array's items: the owned record's schema name. */
  readonly items?: string;
}

interface GeneratedList {
  readonly schema: string;
  readonly saved: string;
  readonly properties: Readonly<Record<string, Generated>>;
}

/**
 * Properties a schema lists that ledgerq refuses all the same, by REST object; each with why. Kept small: everything
 * else the generated lists hold is taken as the schema says.
 */
export const WITHHELD: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'accounts-payable/adjustment': {
    // Deprecated (draft | submit). Accepting and dropping it would write a posted adjustment where Intacct writes a
    // draft; `state`, which the catalog keeps, carries the same choice.
    action: 'deprecated; state carries the same choice',
  },
  'company-config/document-sequence': {
    // Rollover by fiscal year is not modelled: dropping it would number documents where Intacct starts again each year.
    rollover: 'rollover by fiscal year is not modelled',
  },
  'company-config/attachment': {
    // The attachment's files are written through create_supdoc / update_supdoc; accepting and dropping them over REST
    // would create an attachment without its files (docs/writes.md, "Attachments").
    files: 'files are written through create_supdoc / update_supdoc',
  },
};

let lists: Readonly<Record<string, GeneratedList>> | undefined;

function generated(): Readonly<Record<string, GeneratedList>> {
  lists ??= (
    JSON.parse(readFileSync(new URL('./rest-properties.json', import.meta.url), 'utf8')) as {
      objects: Record<string, GeneratedList>;
    }
  ).objects;
  return lists;
}

/** Whether the OpenAPI list of a REST object is generated from a saved schema. */
export function hasGeneratedList(object: string): boolean {
  return object in generated();
}

/** The generated property at `path` of a REST object; undefined when its schema does not list it (or it is withheld). */
export function generatedProperty(object: string, path: string): RestProperty | undefined {
  const p = generated()[object]?.properties[path];
  if (p === undefined || withheld(object, path)) return undefined;
  const owned = p.type === 'array' && p.items?.startsWith('objects.') ? restNameOfSchema(p.items) : undefined;
  return {
    type: p.type,
    readOnly: p.readOnly === true,
    writeOnly: p.writeOnly === true,
    deprecated: p.deprecated === true,
    enumValues: p.enum ?? null,
    ...(owned !== undefined && modelledRestNames().has(owned) ? { ownedRecords: owned } : {}),
  };
}

/** A withheld property withholds everything under it (`rollover` → `rollover.isEnabled`). */
function withheld(object: string, path: string): boolean {
  const w = WITHHELD[object];
  if (!w) return false;
  return Object.keys(w).some((k) => path === k || path.startsWith(`${k}.`) || path.startsWith(`${k}[`));
}

/** `objects.accounts-payable.recurring-bill-line` → `accounts-payable/recurring-bill-line`. */
function restNameOfSchema(schema: string): string {
  const [, application, ...name] = schema.split('.');
  return `${application}/${name.join('.')}`;
}

let modelled: ReadonlySet<string> | undefined;

/** REST names of the standard catalog's objects (read from the same file the catalog is built from). */
function modelledRestNames(): ReadonlySet<string> {
  modelled ??= new Set(
    (
      JSON.parse(readFileSync(new URL('../catalog/standard-objects.json', import.meta.url), 'utf8')) as {
        restName?: string | null;
      }[]
    )
      .map((o) => o.restName)
      .filter((n): n is string => typeof n === 'string'),
  );
  return modelled;
}
