// A function's request structure as data (which elements, how many, in which order, which exclude each other) and the
// one checker that walks a parsed function element against it, before anything is lowered or bound.

import { LedgerqError } from '../../errors.ts';
import type { XmlElement } from './xml-tree.ts';

/** What an element holds. */
export type Content =
  /** Text only (xs:string and the XSD's untyped leaves such as `<ascending/>`): no child element. */
  | { readonly kind: 'text' }
  /** The declared children and nothing else; text between them must be blank. */
  | {
      readonly kind: 'elements';
      readonly children: readonly ChildDecl[];
      /** xs:sequence: the children come in declaration order (xs:all and xs:choice leave the order free). */
      readonly ordered?: boolean;
      /**
       * Alternatives of which one at most is present (xs:choice): each alternative is a set of child names, all of them
       * required once any is present. `required`: exactly one alternative must be present.
       */
      readonly choices?: readonly ChoiceDecl[];
      /** Bounds on the number of children whatever their names (a filter holds one condition, and/or two or more). */
      readonly minChildren?: number;
      readonly maxChildren?: number;
    }
  /**
   * Records or fields of catalog objects (create, update, the 2.1 create_bill…): element names and values are the
   * object's, checked by the writes layer (src/writes/) when it reads them. At least `min` child elements.
   */
  | { readonly kind: 'object-fields'; readonly min: number };

export interface ChoiceDecl {
  readonly of: readonly (readonly string[])[];
  readonly required: boolean;
}

export interface ChildDecl {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly decl: ElementDecl;
}

export interface ElementDecl {
  readonly content: Content;
  /** Attributes the element takes, required or optional; any other attribute is refused. */
  readonly attributes?: Readonly<Record<string, 'required' | 'optional'>>;
}

function refuse(path: string, message: string): LedgerqError {
  return new LedgerqError('parse.invalid-element', `${path}: ${message}`, { element: path });
}

function list(names: readonly string[]): string {
  return names.join(', ');
}

/** A name that differs only by case from a declared one: element names are case-sensitive (`pageSize` vs `pagesize`). */
function caseHint(name: string, names: readonly string[]): string {
  const near = names.find((n) => n.toLowerCase() === name.toLowerCase());
  return near ? `; element names are case-sensitive: ${near}` : '';
}

function checkAttributes(decl: ElementDecl, el: XmlElement, path: string): void {
  const allowed = decl.attributes ?? {};
  for (const name of Object.keys(el.attrs)) {
    if (!Object.hasOwn(allowed, name)) {
      const names = Object.keys(allowed);
      throw refuse(
        path,
        `${name} is not an attribute of ${el.name}${names.length ? ` (it takes ${list(names)})` : ' (it takes none)'}`,
      );
    }
  }
  for (const [name, use] of Object.entries(allowed)) {
    if (use === 'required' && !Object.hasOwn(el.attrs, name))
      throw refuse(path, `${el.name} needs a ${name} attribute`);
  }
}

function checkChoices(
  choices: readonly ChoiceDecl[],
  present: ReadonlySet<string>,
  el: XmlElement,
  path: string,
): void {
  for (const choice of choices) {
    const chosen = choice.of.filter((alt) => alt.some((n) => present.has(n)));
    const shown = choice.of.map((alt) => alt.join(' and ')).join(' or ');
    if (chosen.length > 1) throw refuse(path, `${el.name} takes ${shown}, not more than one of them`);
    if (chosen.length === 0 && choice.required) throw refuse(path, `${el.name} needs ${shown}`);
    const missing = chosen[0]?.find((n) => !present.has(n));
    if (missing)
      throw refuse(path, `${el.name} needs ${missing} with ${chosen[0]!.filter((n) => n !== missing).join(' and ')}`);
  }
}

/** Checks `el` (found at `path`, e.g. `query/filter/and`) against `decl`; throws parse.invalid-element naming the first fault. */
export function checkElement(decl: ElementDecl, el: XmlElement, path: string): void {
  checkAttributes(decl, el, path);
  const content = decl.content;
  switch (content.kind) {
    case 'text':
      if (el.children.length > 0)
        throw refuse(`${path}/${el.children[0]!.name}`, `${el.name} holds a value, not elements`);
      return;
    case 'object-fields':
      if (el.children.length < content.min)
        throw refuse(path, `${el.name} needs at least ${content.min} record element`);
      if (el.text.trim() !== '') throw refuse(path, `${el.name} holds elements, not text`);
      return;
    case 'elements':
      break;
  }
  if (el.text.trim() !== '') throw refuse(path, `${el.name} holds elements, not text`);
  const names = content.children.map((c) => c.name);
  const counts = new Map<string, number>();
  let lastIndex = -1;
  for (const c of el.children) {
    const index = names.indexOf(c.name);
    if (index < 0)
      throw refuse(
        `${path}/${c.name}`,
        `${c.name} is not an element of ${el.name} (${names.length ? `expected ${list(names)}` : 'it takes none'})${caseHint(c.name, names)}`,
      );
    const d = content.children[index]!;
    const n = (counts.get(c.name) ?? 0) + 1;
    counts.set(c.name, n);
    if (n > d.max)
      throw refuse(`${path}/${c.name}`, `${el.name} holds at most ${d.max} ${c.name} element${d.max === 1 ? '' : 's'}`);
    if (content.ordered && index < lastIndex)
      throw refuse(
        `${path}/${c.name}`,
        `${c.name} comes before ${names[lastIndex]} in ${el.name} (order: ${list(names)})`,
      );
    lastIndex = Math.max(lastIndex, index);
  }
  for (const d of content.children) {
    const n = counts.get(d.name) ?? 0;
    if (n < d.min)
      throw refuse(
        path,
        d.min === 1
          ? `${el.name} needs the element ${d.name}`
          : `${el.name} needs ${d.min} ${d.name} elements, not ${n}`,
      );
  }
  checkChoices(content.choices ?? [], new Set(counts.keys()), el, path);
  const total = el.children.length;
  if (content.minChildren !== undefined && total < content.minChildren)
    throw refuse(
      path,
      `${el.name} holds at least ${content.minChildren} child element${content.minChildren === 1 ? '' : 's'}, not ${total}`,
    );
  if (content.maxChildren !== undefined && total > content.maxChildren)
    throw refuse(
      path,
      `${el.name} holds at most ${content.maxChildren} child element${content.maxChildren === 1 ? '' : 's'}, not ${total}`,
    );
  for (const c of el.children) checkElement(content.children[names.indexOf(c.name)]!.decl, c, `${path}/${c.name}`);
}
