// The project's catalog keeps its invariants (issue 16: it is the source of truth, read from nothing outside the
// repository), and checks custom declarations.

import { describe, expect, it } from 'vitest';
import { buildCatalog, findField } from '../src/catalog/catalog.ts';
import type { CustomDeclarations } from '../src/catalog/raw.ts';
import { LedgerqError } from '../src/errors.ts';

describe('catalog', () => {
  const catalog = buildCatalog();

  // The project's catalog is the source of truth (issue 16): instead of comparing with a folder beside the clone, the
  // invariants every object must keep are checked here.
  it('names objects uniquely in both namings', () => {
    const xml = new Set<string>();
    const rest = new Set<string>();
    for (const o of catalog.objects) {
      for (const n of [o.xmlName, ...o.xmlAliases]) {
        expect(xml.has(n.toUpperCase()), n).toBe(false);
        xml.add(n.toUpperCase());
      }
      if (o.restName) {
        expect(rest.has(o.restName), o.restName).toBe(false);
        rest.add(o.restName);
      }
    }
    expect(catalog.objects.length).toBeGreaterThan(30);
  });

  it('names fields uniquely in both namings, and maps every REST path to one XML field', () => {
    for (const o of catalog.objects) {
      const xml = new Map<string, string>();
      const rest = new Map<string, string>();
      for (const f of o.fields) {
        expect(xml.get(f.xmlId.toUpperCase()), `${o.xmlName}.${f.xmlId}`).toBeUndefined();
        xml.set(f.xmlId.toUpperCase(), f.xmlId);
        for (const p of [f.restPath, ...f.restAliases]) {
          if (p === null) continue;
          expect(rest.get(p), `${o.xmlName} REST ${p} maps to ${rest.get(p)} and ${f.xmlId}`).toBeUndefined();
          rest.set(p, f.xmlId);
        }
      }
    }
  });

  it('points every relationship at an existing object and fields', () => {
    for (const o of catalog.objects) {
      for (const r of o.relationships) {
        const where = `${o.xmlName}.${r.xmlPath}`;
        const target = catalog.object(r.relatedObject);
        expect(target, `${where} -> ${r.relatedObject}`).toBeDefined();
        expect(findField(o, r.relatedBy.local), `${where} local ${r.relatedBy.local}`).toBeDefined();
        expect(findField(target!, r.relatedBy.related), `${where} related ${r.relatedBy.related}`).toBeDefined();
      }
    }
  });

  it('describes every field (lookup answers it as DESCRIPTION)', () => {
    for (const o of catalog.objects) {
      for (const f of o.fields) expect(f.description, `${o.xmlName}.${f.xmlId}`).not.toBe('');
    }
  });

  it('spells every enum value both ways', () => {
    for (const o of catalog.objects) {
      for (const f of o.fields) {
        if (f.type !== 'enum') continue;
        expect(f.enumValues?.length, `${o.xmlName}.${f.xmlId}`).toBeGreaterThan(0);
        for (const v of f.enumValues!) {
          expect(v.xml, `${o.xmlName}.${f.xmlId}`).not.toBe('');
          expect(typeof v.rest === 'string' && v.rest !== '', `${o.xmlName}.${f.xmlId} ${v.xml}`).toBe(true);
        }
      }
    }
  });

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
    expect(findField(o, 'WAITINQUEUE')!.derived).toEqual({
      kind: 'duration',
      from: 'TIMEQUEUED',
      to: 'TIMESTARTED',
      closedBy: 'TIMEFINISHED',
    });
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
