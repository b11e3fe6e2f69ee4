// The request examples of the seed documents, as scripts/extract-seed-examples.mjs copied them into
// test/fixtures/seed-examples/.

import { readFileSync } from 'node:fs';
import { escapeText } from '../../src/protocols/xml/xml-writer.ts';

export interface XmlExample {
  name: string;
  function: string;
  /** The function as the seed writes it; absent for a row of the seed's readByQuery "Examples" table. */
  xml?: string;
  object?: string;
  query?: string;
}

export interface RestExample {
  name: string;
  /** One query body, or several the example sends in turn. */
  request: unknown;
}

const fixtures = new URL('../fixtures/seed-examples/', import.meta.url);

export const XML_EXAMPLES = JSON.parse(readFileSync(new URL('xml.json', fixtures), 'utf8')) as XmlExample[];
export const REST_EXAMPLES = JSON.parse(readFileSync(new URL('rest.json', fixtures), 'utf8')) as RestExample[];

/** The function XML: as written, or a readByQuery built from a row of the seed's "Examples" table (object and condition). */
export function exampleFunctionXml(e: XmlExample, pageSize = 100): string {
  if (e.xml !== undefined) return e.xml;
  return `<readByQuery><object>${e.object}</object><fields>*</fields><query>${escapeText(e.query!)}</query><pagesize>${pageSize}</pagesize></readByQuery>`;
}

/** The REST query bodies of an example, in order. */
export const restBodies = (e: RestExample): unknown[] => (Array.isArray(e.request) ? e.request : [e.request]);
