// The committed REST property lists are the build of the saved OpenAPI subsets: src/writes/rest-properties.json must
// equal what scripts/build-rest-properties.mjs makes of scripts/openapi-subsets/*.json, and every object names its
// schema.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ESM script without type declarations
import { render, restProperties } from '../scripts/build-rest-properties.mjs';
import { generatedProperty, WITHHELD } from '../src/writes/rest-properties.ts';

describe('REST property lists build', () => {
  it('matches the committed src/writes/rest-properties.json', () => {
    const text = render() as string;
    expect(readFileSync(new URL('../src/writes/rest-properties.json', import.meta.url), 'utf8') === text).toBe(true);
  });

  it('names, per object, the spec schema and the subset file it was generated from', () => {
    const lists = restProperties() as Record<string, { schema: string; saved: string; properties: object }>;
    expect(Object.keys(lists).length).toBeGreaterThan(100);
    for (const [name, o] of Object.entries(lists)) {
      const [app, object] = name.split('/');
      expect(o.schema, name).toMatch(/^lorenz-bus-service\/node-intacct-rest-api spec\/[a-z-]+\.json/);
      expect(o.schema, name).toMatch(new RegExp(`"(objects\\.${app}\\.${object}|${app}-${object})"`));
      expect(o.saved, name).toMatch(/^scripts\/openapi-subsets\/[a-z-]+\.json$/);
      expect(Object.keys(o.properties).length, name).toBeGreaterThan(0);
    }
  });

  it('flattens nested, shared and read-only schemas as the subsets give them', () => {
    const lists = restProperties() as Record<string, { properties: Record<string, Record<string, unknown>> }>;
    // scripts/openapi-subsets/cash-management.json objects.cash-management.checking-account: audit is `$ref audit.s1`
    // (readOnly as a whole), so each of its properties is read-only; `href` is left out.
    const checking = lists['cash-management/checking-account']!.properties;
    expect(checking['audit.createdDateTime']).toEqual({ type: 'string', readOnly: true });
    expect(checking['audit.createdBy']).toEqual({ type: 'string', readOnly: true, deprecated: true });
    expect(checking['audit.createdByUser.href']).toBeUndefined();
    // order-entry.json objects.order-entry.document: its lines are an array of the saved document-line schema.
    expect(lists['order-entry/document']!.properties.lines).toEqual({
      type: 'array',
      items: 'objects.order-entry.document-line',
    });
    // inventory-control.json's dimension-ref is partial; the complete copy (accounts-payable.json) is used.
    expect(lists['inventory-control/document-line']!.properties['dimensions.customer.id']).toEqual({ type: 'string' });
    // company-configuration.json objects.company-config.entity: operatingCountry and legalContact.address.countryCode
    // are `$ref`s to `country` / `country-code`, which no subset holds (x-ledgerq-unsaved-refs): left out, so only the
    // catalog's fields there are accepted; their siblings are listed.
    const entity = lists['company-config/entity']!.properties;
    expect(entity.operatingCountry).toBeUndefined();
    expect(entity['legalContact.address.countryCode']).toBeUndefined();
    expect(entity['legalContact.address.city']).toEqual({ type: 'string' });
  });

  it('withholds only properties the generated lists hold', () => {
    const lists = restProperties() as Record<string, { properties: Record<string, unknown> }>;
    for (const [object, paths] of Object.entries(WITHHELD))
      for (const path of Object.keys(paths)) {
        expect(lists[object]?.properties[path], `${object} ${path}`).toBeDefined();
        expect(generatedProperty(object, path)).toBeUndefined();
      }
  });
});
