// The project's catalog carries every object, field and relationship of the shared catalog, and checks custom
// declarations.

import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildCatalog, findField } from '../src/catalog/catalog.ts';
import type { CustomDeclarations, RawObject } from '../src/catalog/raw.ts';
import { LedgerqError } from '../src/errors.ts';

const SHARED = new URL('../../shared/catalog/objects.json', import.meta.url);

describe('catalog', () => {
  const catalog = buildCatalog();

  // In CI the shared catalog sits beside the clone, so this comparison always runs there.
  it.runIf(existsSync(SHARED) || process.env.CI)(
    'holds every object, field and relationship of ../shared/catalog with the same facts',
    () => {
      const shared = JSON.parse(readFileSync(SHARED, 'utf8')) as RawObject[];
      expect(shared.length).toBeGreaterThan(30);
      for (const so of shared) {
        const o = catalog.object(so.xmlName);
        expect(o, so.xmlName).toBeDefined();
        expect(o!.restName).toBe(so.restName ?? null);
        expect(o!.keyField).toBe(so.keyField);
        expect(o!.idField).toBe(so.idField ?? null);
        for (const sf of so.fields) {
          const f = findField(o!, sf.xmlId);
          expect(f, `${so.xmlName}.${sf.xmlId}`).toBeDefined();
          expect(
            {
              rest: f!.restPath,
              aliases: f!.restAliases,
              type: f!.type,
              enum: f!.enumValues,
              required: f!.required,
              readOnly: f!.readOnly,
            },
            `${so.xmlName}.${sf.xmlId}`,
          ).toEqual({
            rest: sf.restPath ?? null,
            aliases: sf.restAliases ?? [],
            type: sf.type,
            enum: sf.enumValues ?? null,
            required: sf.required === true,
            readOnly: sf.readOnly === true,
          });
        }
        for (const sr of so.relationships ?? []) {
          const r = o!.relationships.find((x) => x.xmlPath === sr.xmlPath && x.relatedObject === sr.relatedObject);
          expect(r, `${so.xmlName}.${sr.xmlPath}`).toBeDefined();
          expect({ rest: r!.restPath, by: r!.relatedBy, kind: r!.kind, h: r!.hierarchical }).toEqual({
            rest: sr.restPath ?? null,
            by: sr.relatedBy,
            kind: sr.kind,
            h: sr.hierarchical === true,
          });
        }
      }
    },
  );

  it('defines JOBQUEUERECORD as queue administration does, with computed durations', () => {
    const o = catalog.require('jobqueuerecord');
    const visible = o.fields.filter((f) => !f.hidden).map((f) => f.xmlId);
    // seed queue-administration: "JOBID, TIMEQUEUED, JOBTYPE, ACTION, DETAILS, USERS, STATE, ACTIVETIME, WAITINQUEUE,
    // TIMESTARTED"
    expect(visible.sort()).toEqual([
      'ACTION',
      'ACTIVETIME',
      'DETAILS',
      'JOBID',
      'JOBTYPE',
      'STATE',
      'TIMEQUEUED',
      'TIMESTARTED',
      'USERS',
      'WAITINQUEUE',
    ]);
    expect(o.keyField).toBe('JOBID');
    expect(findField(o, 'STATE')!.enumValues!.map((v) => [v.code, v.xml])).toEqual([
      ['Q', 'Queued'],
      ['T', 'In Progress'],
      ['S', 'Delivered'],
      ['D', 'Failed'],
      ['R', 'Deferred'],
      ['C', 'Cancelled'],
    ]);
    expect(findField(o, 'JOBTYPE')!.enumValues).toHaveLength(20);
    expect(findField(o, 'ACTIVETIME')!.derived).toEqual({ kind: 'duration', from: 'TIMESTARTED', to: 'TIMEFINISHED' });
    expect(findField(o, 'WAITINQUEUE')!.derived).toEqual({ kind: 'duration', from: 'TIMEQUEUED', to: 'TIMESTARTED' });
  });

  it('finds objects by XML name, alias (any case) and REST name', () => {
    expect(catalog.object('apbill')?.restName).toBe('accounts-payable/bill');
    expect(catalog.object('JOURNAL')?.xmlName).toBe('GLJOURNAL');
    expect(catalog.objectByRest('accounts-payable/vendor')?.xmlName).toBe('VENDOR');
    expect(catalog.object('NOPE')).toBeUndefined();
  });

  it('gives MEGAENTITYID the entity column, and lines an entity of their own', () => {
    expect(findField(catalog.require('APBILL'), 'MEGAENTITYID')!.column).toBe('entity_id');
    expect(catalog.require('APBILLITEM').entityScoped).toBe(true);
    expect(catalog.require('DEPARTMENT').entityScoped).toBe(false);
  });

  it('adds custom objects, fields and relationships from declarations', () => {
    const c = buildCatalog({
      customObjects: [
        {
          xmlName: 'rental_unit',
          label: 'Rental unit',
          idField: 'UNITID',
          fields: [
            { xmlId: 'UNITID', type: 'text', required: true },
            { xmlId: 'RENT', type: 'currency' },
            { xmlId: 'TENANT', type: 'text' },
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
        },
      ],
      customFields: {
        VENDOR: [
          {
            xmlId: 'VENDOR_TIER',
            restPath: 'nsp::VENDOR_TIER',
            type: 'enum',
            enumValues: [
              { xml: 'Gold', rest: 'gold' },
              { xml: 'Silver', rest: 'silver' },
            ],
          },
        ],
      },
      customRelationships: {
        APBILL: [
          {
            xmlPath: 'R_unit',
            relatedObject: 'rental_unit',
            relatedBy: { local: 'DESCRIPTION', related: 'UNITID' },
            kind: 'many-to-one',
          },
        ],
      },
    });
    const unit = c.require('RENTAL_UNIT');
    expect(unit.isCustom).toBe(true);
    expect(unit.table).toBe('o_rental_unit');
    expect(unit.restName).toBe('platform-apps/nsp::rental_unit');
    expect(unit.keyField).toBe('id');
    expect(findField(unit, 'id')!.type).toBe('integer');
    expect(findField(c.require('VENDOR'), 'vendor_tier')!.isCustom).toBe(true);
    expect(c.require('APBILL').relationships.find((r) => r.xmlPath === 'R_unit')!.isCustom).toBe(true);
  });

  const bad: [string, CustomDeclarations, RegExp][] = [
    [
      'a relationship to an unknown object',
      {
        customRelationships: {
          VENDOR: [
            {
              xmlPath: 'R_x',
              relatedObject: 'NOPE',
              relatedBy: { local: 'VENDORID', related: 'X' },
              kind: 'many-to-one',
            },
          ],
        },
      },
      /related object NOPE is unknown/,
    ],
    [
      'a relationship from an unknown local field',
      {
        customRelationships: {
          VENDOR: [
            {
              xmlPath: 'R_x',
              relatedObject: 'CUSTOMER',
              relatedBy: { local: 'NOPE', related: 'CUSTOMERID' },
              kind: 'many-to-one',
            },
          ],
        },
      },
      /local field NOPE is unknown/,
    ],
    ['fields for an unknown object', { customFields: { NOPE: [{ xmlId: 'X', type: 'text' }] } }, /unknown object NOPE/],
    ['a field declared twice', { customFields: { VENDOR: [{ xmlId: 'vendorid', type: 'text' }] } }, /declared twice/],
    [
      'an unknown type',
      { customFields: { VENDOR: [{ xmlId: 'X_Y', type: 'money' as never }] } },
      /unknown type "money"/,
    ],
    ['an enum without values', { customFields: { VENDOR: [{ xmlId: 'X_Y', type: 'enum' }] } }, /needs enumValues/],
    ['an object that already exists', { customObjects: [{ xmlName: 'vendor', fields: [] }] }, /declared twice/],
    [
      'an object name that is not an identifier',
      { customObjects: [{ xmlName: 'my object', fields: [] }] },
      /not a valid identifier/,
    ],
    [
      'a field on the reserved company column',
      { customFields: { VENDOR: [{ xmlId: 'COMPANY_KEY', type: 'text' }] } },
      /reserved/,
    ],
  ];
  it.each(bad)('refuses %s', (_name, decl, message) => {
    let error: unknown;
    try {
      buildCatalog(decl);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LedgerqError);
    expect((error as LedgerqError).code).toBe('config.invalid');
    expect((error as Error).message).toMatch(message);
  });
});
