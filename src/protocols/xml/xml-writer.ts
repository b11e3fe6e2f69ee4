// Writes XML text: escaping, elements with attributes in the order given, `<x></x>` for empty elements as Intacct does.

/** Characters XML 1.0 cannot carry at all; dropped rather than producing a document the client cannot parse. */
const INVALID_XML_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Any character escapeText changes; most values (numbers, dates, names) hold none and are returned as they are. */
const NEEDS_ESCAPE = /[&<>\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
const TEXT_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

export function escapeText(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return s;
  return s.replace(INVALID_XML_CHARS, '').replace(/[&<>]/g, (c) => TEXT_ENTITIES[c]!);
}

export function escapeAttr(s: string): string {
  return escapeText(s).replace(/"/g, '&quot;').replace(/\t/g, '&#x9;').replace(/\n/g, '&#xA;').replace(/\r/g, '&#xD;');
}

export type Attrs = readonly (readonly [string, string | number])[];

function attrText(attrs: Attrs): string {
  return attrs.map(([k, v]) => ` ${k}="${escapeAttr(String(v))}"`).join('');
}

/** An element whose content is already XML. */
export function el(name: string, inner: string, attrs: Attrs = []): string {
  return `<${name}${attrText(attrs)}>${inner}</${name}>`;
}

/** An element holding text. */
export function textEl(name: string, text: string | number): string {
  return el(name, escapeText(String(text)));
}

/** Self-closing form, used for an empty `<data …/>` as Intacct's samples do. */
export function emptyEl(name: string, attrs: Attrs = []): string {
  return `<${name}${attrText(attrs)}/>`;
}

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';
