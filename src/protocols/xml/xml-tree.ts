// A small ordered element tree over saxes (a streaming, non-recursive, conformant XML parser), with the guards a public
// XML endpoint needs (no DOCTYPE, no entities but XML's own, bounded depth).

import { SaxesParser } from 'saxes';
import { LedgerqError } from '../../errors.ts';

export interface XmlElement {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  /** Concatenated text directly inside the element (CDATA sections included). */
  readonly text: string;
}

/** Deeper documents are refused: no Intacct request nests more than a dozen levels. */
export const MAX_XML_DEPTH = 64;

interface Building {
  name: string;
  attrs: Record<string, string>;
  children: Building[];
  text: string;
}

function malformed(message: string): LedgerqError {
  return new LedgerqError('parse.malformed-xml', message);
}

/** Parses a whole document and returns its root element. */
export function parseXml(xml: string): XmlElement {
  // Entity declarations are how XXE and "billion laughs" documents work; Intacct refuses DTDs too.
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw malformed('XML with a DOCTYPE or entity declaration is not accepted');
  const parser = new SaxesParser({ position: true });
  const stack: Building[] = [];
  const roots: Building[] = [];
  let failure: string | undefined;
  parser.on('error', (e) => {
    // saxes prefixes its message with line:column; the first error is the one that explains the document.
    failure ??= e.message;
  });
  parser.on('opentag', (tag) => {
    if (stack.length >= MAX_XML_DEPTH) throw malformed(`XML nests deeper than ${MAX_XML_DEPTH} levels`);
    const el: Building = { name: tag.name, attrs: tag.attributes as Record<string, string>, children: [], text: '' };
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(el);
    else roots.push(el);
    stack.push(el);
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  const addText = (t: string) => {
    const top = stack[stack.length - 1];
    if (top) top.text += t;
  };
  parser.on('text', addText);
  parser.on('cdata', addText);
  parser.write(xml).close();
  if (failure !== undefined) throw malformed(`XML does not parse: ${failure}`);
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
