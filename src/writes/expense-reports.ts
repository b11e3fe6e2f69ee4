// Expense reports (EEXPENSES and their EEXPENSESITEM lines) on the document path: the states a write may set, and the
// GL account a line's expense type stands for.

import { COMPANY_COLUMN, findField, storedColumn } from '../catalog/catalog.ts';
import type { CatalogObject } from '../catalog/types.ts';
import { LedgerqError } from '../errors.ts';
import { ident, p, paramList, sql } from '../store/sql.ts';
import type { RawRecord } from './record-values.ts';
import type { Writer } from './writer.ts';

const isBlank = (v: unknown) => v === undefined || v === null || v === '';

/**
 * The STATE a create or update sets, in its XML spelling, and the record without it (the state is written as a
 * server value). `settable` lists what a client may ask for: create_expensereport's and update_expensereport's `state`
 * is "Draft or Submitted" (Intacct's expense reports reference), as is REST `state` on create and update (the
 * OpenAPI's request-body descriptions). Any other value, in any spelling, is refused naming STATE: the workflow states
 * (Approved, Paid …) are reached by approval and payment, which ledgerq does not model for expense reports.
 */
export function settableState(
  header: CatalogObject,
  raw: RawRecord,
  settable: readonly string[],
): { readonly raw: RawRecord; readonly state: string | null } {
  const field = findField(header, 'STATE');
  const sent = field ? raw.get(field) : undefined;
  if (!field || isBlank(sent)) return { raw, state: null };
  const text = String(sent).toLowerCase();
  const value = field.enumValues?.find((e) => [e.xml, e.rest, e.code].some((s) => s?.toLowerCase() === text));
  if (!value || !settable.includes(value.xml))
    throw new LedgerqError(
      'write.invalid-value',
      `Invalid value for STATE of ${header.xmlName}: ${JSON.stringify(sent)}; a write sets ${settable.join(' or ')}`,
      { object: header.xmlName, field: 'STATE' },
    );
  const rest = new Map(raw);
  rest.delete(field);
  return { raw: rest, state: value.xml };
}

/** Where a line's expense type (its ACCOUNTLABEL) is defined, and the field holding the GL account it posts to. */
export interface LabelAccounts {
  readonly object: string;
  readonly label: string;
  readonly account: string;
}

/**
 * Lines that name an expense type and no GL account get the type's account (an expense line is "expensetype …
 * Required if not using glaccountno", and an expense type "gives a recognizable name to a GL account": the REST
 * OpenAPI's employee-expense-type description), so the line reads back with both, as Intacct's show them. A line that
 * names both keeps both. An unknown type is left for the line's relationship check to refuse by name.
 */
export async function withLabelAccounts(
  w: Writer,
  line: CatalogObject,
  lines: readonly RawRecord[],
  spec: LabelAccounts,
): Promise<RawRecord[]> {
  const labelField = findField(line, 'ACCOUNTLABEL');
  const accountField = findField(line, 'ACCOUNTNO');
  if (!labelField || !accountField) return [...lines];
  const wanted = [...new Set(lines.filter((l) => isBlank(l.get(accountField))).map((l) => l.get(labelField)))].filter(
    (v) => !isBlank(v),
  );
  if (wanted.length === 0) return [...lines];
  const types = w.catalog.require(spec.object);
  const rows = await w.db.all<{ label: string; account: string | null }>(
    sql`SELECT ${ident(storedColumn(types, spec.label))} AS label, ${ident(storedColumn(types, spec.account))} AS account
      FROM ${ident(types.table)} WHERE ${ident(COMPANY_COLUMN)} = ${p(w.companyKey)}
        AND ${ident(storedColumn(types, spec.label))} IN (${paramList(wanted.map(String))})`,
  );
  const accounts = new Map(rows.filter((r) => r.account !== null).map((r) => [r.label, r.account!]));
  return lines.map((l) => {
    const account = isBlank(l.get(accountField)) ? accounts.get(String(l.get(labelField))) : undefined;
    return account === undefined ? l : new Map(l).set(accountField, account);
  });
}
