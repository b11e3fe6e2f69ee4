// A small ordered element tree over fast-xml-parser, with the guards a public XML endpoint needs (no DOCTYPE, no
// entities, bounded depth).

import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { LedgerqError } from '../../errors.ts';

export interface XmlElement {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  /** Concatenated text directly inside the element. */
  readonly text: string;
}

/** Deeper documents are refused before parsing: no Intacct request nests more than a dozen levels. */
export const MAX_XML_DEPTH = 64;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: true,
  htmlEntities: false,
});

function malformed(message: string): LedgerqError {
  return new LedgerqError('parse.malformed-xml', message);
}

/** Nesting depth by a linear scan, so a 10,000-deep document never reaches a recursive parser. */
function checkDepth(xml: string): void {
  let depth = 0;
  const tags = /<(\/?)([A-Za-z_][\w.:-]*)[^>]*?(\/?)>/g;
  for (let m = tags.exec(xml); m; m = tags.exec(xml)) {
    if (m[1]) depth--;
    else if (!m[3]) depth++;
    if (depth > MAX_XML_DEPTH) throw malformed(`XML nests deeper than ${MAX_XML_DEPTH} levels`);
  }
}

type Raw = Record<string, unknown>;

function convert(node: Raw): XmlElement | null {
  const name = Object.keys(node).find((k) => k !== ':@');
  if (!name || name === '#text' || name.startsWith('?') || name === '#comment') return null;
  const rawChildren = (node[name] as Raw[]) ?? [];
  let text = '';
  const children: XmlElement[] = [];
  for (const c of rawChildren) {
    if ('#text' in c) text += String(c['#text']);
    else {
      const el = convert(c);
      if (el) children.push(el);
    }
  }
  return { name, attrs: (node[':@'] as Record<string, string>) ?? {}, children, text };
}

/** Parses a whole document and returns its root element. */
export function parseXml(xml: string): XmlElement {
  // Entity declarations are how XXE and "billion laughs" documents work; Intacct refuses DTDs too.
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw malformed('XML with a DOCTYPE or entity declaration is not accepted');
  checkDepth(xml);
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw malformed(`XML does not parse: ${valid.err.msg} (line ${valid.err.line})`);
  const nodes = parser.parse(xml) as Raw[];
  const roots = nodes.map(convert).filter((x): x is XmlElement => x !== null);
  if (roots.length !== 1) throw malformed('XML must have exactly one root element');
  return roots[0]!;
}

export function child(el: XmlElement, name: string): XmlElement | undefined {
  return el.children.find((c) => c.name === name);
}

export function childrenNamed(el: XmlElement, name: string): XmlElement[] {
  return el.children.filter((c) => c.name === name);
}

/** Trimmed text of a child element, or undefined when absent. */
export function childText(el: XmlElement, name: string): string | undefined {
  const c = child(el, name);
  return c === undefined ? undefined : c.text.trim();
}
