// The object browser: catalog objects, one object's fields and relationships from `lookup` and its REST model, with the
// exchanges.

import type { ConsoleContext, View } from './context.ts';
import { field, fill, h, setStatus } from './dom.ts';
import type { ObjectEntry } from './catalog.ts';
import { dataTable } from './table.ts';

export function objectsView(ctx: ConsoleContext): View {
  const { catalog } = ctx;
  let all: ObjectEntry[] = [];
  let selected: string | null = null;
  const filter = h('input', {
    type: 'search',
    name: 'object-filter',
    placeholder: 'VENDOR, bill, …',
    autocomplete: 'off',
  });
  const list = h('ul', { class: 'object-list', 'aria-label': 'Objects' });
  const detail = h(
    'section',
    { class: 'panel', 'aria-labelledby': 'object-title' },
    h('h3', { id: 'object-title', tabindex: -1 }, 'Object'),
    h('p', { class: 'muted' }, 'Choose an object to see its fields and relationships.'),
  );
  filter.addEventListener('input', () => renderList());
  const element = h(
    'section',
    { 'aria-labelledby': 'objects-title' },
    h('h2', { id: 'objects-title', tabindex: -1 }, 'Object browser'),
    h('div', { class: 'objects' }, h('div', { class: 'panel' }, field('Filter objects', filter), list), detail),
  );

  function renderList(): void {
    const q = filter.value.trim().toLowerCase();
    const shown = all.filter(
      (o) =>
        !q ||
        o.xmlName.toLowerCase().includes(q) ||
        o.label.toLowerCase().includes(q) ||
        (o.restName ?? '').includes(q),
    );
    list.replaceChildren(
      ...shown.map((o) =>
        h(
          'li',
          {},
          h(
            'button',
            {
              type: 'button',
              'aria-pressed': o.xmlName === selected ? 'true' : 'false',
              onclick: () => void ctx.run(() => open(o)),
            },
            `${o.xmlName} — ${o.label}`,
          ),
        ),
      ),
    );
  }

  async function open(o: ObjectEntry): Promise<void> {
    selected = o.xmlName;
    renderList();
    const lookup = await catalog.lookup(o.xmlName);
    const model = o.restName ? await catalog.model(o.restName) : null;
    const restRows = model
      ? [
          ...Object.entries(model.model.fields).map(([k, f]) => ({
            path: k,
            type: f.format ? `${f.type} (${f.format})` : f.type,
            label: f.label,
          })),
          ...Object.entries(model.model.groups).flatMap(([g, x]) =>
            Object.entries(x.fields).map(([k, f]) => ({ path: `${g}.${k}`, type: f.type, label: f.label })),
          ),
          ...Object.entries(model.model.refs).map(([k, r]) => ({
            path: k,
            type: `reference → ${r.apiObject ?? '?'}`,
            label: Object.keys(r.fields).join(', '),
          })),
        ]
      : [];
    fill(
      detail,
      h('h3', { id: 'object-title', tabindex: -1 }, `${o.xmlName} — ${o.label}`),
      h('p', { class: 'muted' }, o.restName ? `REST name: ${o.restName}` : 'No REST name: XML gateway only.'),
      h('h4', {}, `Fields (${lookup.fields.length})`),
      dataTable({
        caption: `Fields of ${o.xmlName} (lookup)`,
        columns: ['ID', 'LABEL', 'DATATYPE', 'REQUIRED', 'READONLY', 'VALIDVALUES'],
        rows: lookup.fields.map((f) => ({
          ID: f.id,
          LABEL: f.label,
          DATATYPE: f.type,
          REQUIRED: f.required,
          READONLY: f.readonly,
          VALIDVALUES: f.validValues,
        })),
      }),
      h('h4', {}, `Relationships (${lookup.relationships.length})`),
      dataTable({
        caption: `Relationships of ${o.xmlName}`,
        columns: ['OBJECTPATH', 'OBJECTNAME', 'RELATIONSHIPTYPE', 'RELATEDBY'],
        rows: lookup.relationships.map((r) => ({
          OBJECTPATH: r.path,
          OBJECTNAME: r.object,
          RELATIONSHIPTYPE: r.type,
          RELATEDBY: r.relatedBy,
        })),
        cell: (c, r) =>
          c === 'OBJECTNAME'
            ? h(
                'button',
                {
                  type: 'button',
                  class: 'link',
                  onclick: () => {
                    const target = all.find((x) => x.xmlName === r.OBJECTNAME);
                    if (target) void ctx.run(() => open(target));
                  },
                },
                r.OBJECTNAME ?? '',
              )
            : (r[c] ?? ''),
      }),
      model ? h('h4', {}, `REST model (${restRows.length})`) : null,
      model
        ? dataTable({ caption: `REST model of ${o.restName}`, columns: ['path', 'type', 'label'], rows: restRows })
        : null,
      h(
        'details',
        {},
        h('summary', {}, 'Request and response (lookup)'),
        h('pre', {}, lookup.exchange.request),
        h('pre', {}, lookup.exchange.response),
      ),
      model
        ? h(
            'details',
            {},
            h('summary', {}, 'Request and response (REST model)'),
            h('pre', {}, model.exchange.request),
            h('pre', {}, model.exchange.response),
          )
        : null,
    );
    detail.querySelector<HTMLElement>('h3')?.focus();
    setStatus(`${o.xmlName}: ${lookup.fields.length} fields, ${lookup.relationships.length} relationships`);
  }

  return {
    name: 'objects',
    element,
    shown() {
      void ctx.run(async () => {
        all = await catalog.listObjects();
        renderList();
      });
    },
    hidden() {},
  };
}
