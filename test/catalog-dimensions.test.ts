// A company's dimensions from the catalog (src/catalog/dimensions.ts) and the `userDefinedDimension` declaration of
// custom objects. The gateway and REST answers built on them are tested in test/xml/dimensions.test.ts and
// test/rest/company-services.test.ts.

import { describe, expect, it } from 'vitest';
import { buildCatalog, loadStandardObjects } from '../src/catalog/catalog.ts';
import { companyDimensionLinks, companyDimensions } from '../src/catalog/dimensions.ts';
import type { CustomDeclarations, RawObject } from '../src/catalog/raw.ts';
import type { LedgerqError } from '../src/errors.ts';

const unit = (userDefinedDimension: RawObject['userDefinedDimension']): RawObject => ({
  xmlName: 'rental_unit',
  label: 'Rental unit',
  idField: 'UNITID',
  userDefinedDimension,
  fields: [
    { xmlId: 'UNITID', restPath: 'id', type: 'text', required: true },
    { xmlId: 'TENANT', restPath: 'tenant.id', type: 'text' },
  ],
  relationships: [
    {
      xmlPath: 'R_tenant',
      restPath: 'tenant',
      relatedObject: 'CUSTOMER',
      relatedBy: { local: 'TENANT', related: 'CUSTOMERID' },
      kind: 'many-to-one',
    },
  ],
});

const names = (custom: CustomDeclarations, companyId: string) =>
  companyDimensions(buildCatalog(custom), companyId)
    .filter((d) => d.userDefined)
    .map((d) => d.name);

function configFault(custom: CustomDeclarations): string {
  try {
    buildCatalog(custom);
  } catch (e) {
    expect((e as LedgerqError).code).toBe('config.invalid');
    return (e as Error).message;
  }
  throw new Error('expected a configuration error');
}

describe('company dimensions', () => {
  it.each([
    ['true: a UDD of every company', true, ['RENTAL_UNIT', 'MCA_ATTENDEE'], ['RENTAL_UNIT']],
    ['a list: a UDD of those companies, IDs in any case', ['DEMO2'], ['MCA_ATTENDEE'], ['RENTAL_UNIT']],
    ['false: no UDD', false, ['MCA_ATTENDEE'], []],
  ] as const)('userDefinedDimension %s', (_name, flag, demo, demo2) => {
    const custom = { customObjects: [unit(flag as RawObject['userDefinedDimension'])] };
    // The standard catalog's MCA_attendee is a UDD of `demo` only; catalog order puts it before the config's objects.
    expect(names(custom, 'demo').sort()).toEqual([...demo].sort());
    expect(names(custom, 'demo2')).toEqual(demo2);
  });

  it('relates a UDD to the dimensions its custom relationships reach, from both ends', () => {
    const catalog = buildCatalog({ customObjects: [unit(true)] });
    const links = new Map(companyDimensionLinks(catalog, 'demo2').map((l) => [l.dimension.name, l]));
    const unitLinks = links.get('RENTAL_UNIT')!.links;
    expect(unitLinks.map((l) => [l.related.name, l.sourceSide, l.relatedSide])).toEqual([['CUSTOMER', 'Many', 'One']]);
    expect(
      links.get('CUSTOMER')!.links.map((l) => [l.related.name, l.sourceSide, l.relatedSide, l.relationshipId]),
    ).toEqual([['RENTAL_UNIT', 'One', 'Many', unitLinks[0]!.relationshipId]]);
    // A standard object's own references (PROJECT's CUSTOMERID) are not dimension relationships.
    expect(links.get('PROJECT')!.links).toEqual([]);
  });

  it('refuses the declaration on a standard object and a list that names no company', () => {
    expect(configFault({ customObjects: [unit([])] })).toContain('rental_unit: userDefinedDimension is true or a list');
    expect(configFault({ customObjects: [unit(['demo', ' '])] })).toContain('userDefinedDimension is true or a list');
    const standard = loadStandardObjects().map((o) =>
      o.xmlName === 'DEPARTMENT' ? { ...o, userDefinedDimension: true } : o,
    );
    expect(() => buildCatalog({}, standard)).toThrow(
      'DEPARTMENT: only a custom object can be a user-defined dimension',
    );
  });
});
