// Small DOM helpers: an element builder, the status line (aria-live) and the alert box every view reports through.

type Child = Node | string | null | undefined | false;
type Attrs = Record<string, string | number | boolean | null | undefined | ((e: Event) => void)>;

/** h('button', { type: 'button', onclick: f }, 'Run'): attributes, `on*` listeners, and children in one call. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (typeof v === 'function') e.addEventListener(k.slice(2), v);
    // The attribute is the default a form reset returns to; the property is the value shown now.
    else if (k === 'value' && 'value' in e) {
      e.setAttribute('value', String(v));
      (e as HTMLInputElement).value = String(v);
    } else e.setAttribute(k, v === true ? '' : String(v));
  }
  append(e, children.flat());
  return e;
}

export function append(parent: Element, children: Child[]): void {
  for (const c of children) if (c !== null && c !== undefined && c !== false) parent.append(c);
}

/** Replaces an element's children, skipping absent ones. */
export function fill(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const e = document.getElementById(id);
  if (!e) throw new Error(`#${id} is missing from the page`);
  return e as T;
}

let uid = 0;
/** A unique id for label/control pairs. */
export function nextId(prefix: string): string {
  return `${prefix}-${++uid}`;
}

/** A labelled control: the label is a real <label for>, so screen readers announce it. */
export function field(
  label: string,
  control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement,
  hint?: string,
): HTMLDivElement {
  control.id ||= nextId('f');
  const hintEl = hint ? h('span', { class: 'muted', id: `${control.id}-hint` }, hint) : null;
  if (hintEl) control.setAttribute('aria-describedby', hintEl.id);
  return h('div', { class: 'field' }, h('label', { for: control.id }, label), control, hintEl);
}

export function options(select: HTMLSelectElement, items: readonly (readonly [string, string])[], selected = ''): void {
  select.replaceChildren(...items.map(([value, label]) => h('option', { value, selected: value === selected }, label)));
}

export function setStatus(text: string): void {
  byId('status').textContent = text;
}

export function showAlert(text: string | null): void {
  const a = byId('alert');
  a.textContent = text ?? '';
  a.hidden = text === null;
}

/** Saves a blob through a temporary link, so downloads that need a bearer header still look like downloads. */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
