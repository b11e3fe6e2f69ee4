// Values a create takes when it leaves a field out, where Intacct's XML reference (or, for a REST-only object, the
// OpenAPI) states a default for a catalog field
// that is not the field's empty value (STATUS active is set for every object by write-record.ts).

import { findField } from '../catalog/catalog.ts';
import type { CatalogField, CatalogObject } from '../catalog/types.ts';

interface Defaults {
  readonly source: string;
  /** Field → its default, written as the XML create would write it. */
  readonly values: Readonly<Record<string, string>>;
}

const CREATE_DEFAULTS: Readonly<Record<string, Defaults>> = {
  ALLOCATION: {
    source:
      'russellkt/intacct-mcp-server docs/general-ledger-transaction-allocations.md: TYPE "Use `Percentage` to specify entries as percentages (default)"',
    values: { TYPE: 'Percentage' },
  },
  CONTRACT: {
    source:
      'russellkt/intacct-mcp-server docs/contracts-rev-mgmt-contracts.md: STATE "`In progress` (default)", TERMTYPE "`Termed` … (default)", APPLICATION "Default is full contract (`C`)"',
    values: { STATE: 'In progress', TERMTYPE: 'Termed', APPLICATION: 'C' },
  },
  CONTRACTDETAIL: {
    source:
      'russellkt/intacct-mcp-server docs/contracts-rev-mgmt-contract-lines.md: STATE "(Default: `In progress`)", BILLINGMETHOD "(Default: `Fixed price`)"',
    values: { STATE: 'In progress', BILLINGMETHOD: 'Fixed price' },
  },
  SEQUENCE: {
    source:
      'lorenz-bus-service/node-intacct-rest-api spec/company-configuration.json objects.company-config.document-sequence: type "default": "numeric"',
    values: { TYPE: 'numeric' },
  },
  WAREHOUSE: {
    source: 'russellkt/intacct-mcp-server docs/inventory-control-warehouses.md: USEDINGL "(Default: `true`)"',
    values: { USEDINGL: 'true' },
  },
};

const resolved = new WeakMap<CatalogObject, readonly (readonly [CatalogField, string])[]>();

/** The catalog fields `o` defaults on create, with their values. */
export function createDefaults(o: CatalogObject): readonly (readonly [CatalogField, string])[] {
  const known = resolved.get(o);
  if (known) return known;
  const out = Object.entries(CREATE_DEFAULTS[o.xmlName]?.values ?? {}).flatMap(([name, v]) => {
    const f = findField(o, name);
    return f ? [[f, v] as const] : [];
  });
  resolved.set(o, out);
  return out;
}
