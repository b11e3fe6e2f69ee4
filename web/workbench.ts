// The query workbench: XML <query>, readByQuery or REST JSON through the real APIs, with completion, paging, exchange,
// SQL plan, chart.

import { ApiError, type Exchange } from './api.ts';
import { barChart } from './chart.ts';
import type { ConsoleContext, View } from './context.ts';
import { field, h, setStatus } from './dom.ts';
import { dataTable } from './table.ts';
import { parseXmlText, rowsOf, xmlEscape, type Row } from './xml.ts';

type Kind = 'xml' | 'readByQuery' | 'rest';

const XML_EXAMPLE = `<query>
  <object>VENDOR</object>
  <select>
    <field>VENDORID</field>
    <field>NAME</field>
    <field>TOTALDUE</field>
  </select>
  <orderby><order><field>VENDORID</field><ascending/></order></orderby>
  <pagesize>20</pagesize>
</query>`;

const REST_EXAMPLE = `{
  "object": "accounts-payable/vendor",
  "fields": ["id", "name", "status"],
  "orderBy": [{ "id": "asc" }],
  "size": 20
}`;

/** How to get the page after the one shown. */
type NextPage =
  | { readonly kind: 'xml'; readonly text: string; readonly offset: number }
  | { readonly kind: 'readMore'; readonly resultId: string }
  | { readonly kind: 'rest'; readonly body: Record<string, unknown>; readonly start: number }
  | null;

const AGGREGATE_XML = /<(count|sum|avg|min|max)\b/i;

export function workbenchView(ctx: ConsoleContext): View {
  const { api, catalog } = ctx;
  let kind: Kind = 'xml';
  let next: NextPage = null;
  let page = 0;

  const kindRadios = (['xml', 'readByQuery', 'rest'] as const).map((k) => {
    const input = h('input', { type: 'radio', name: 'kind', value: k, id: `kind-${k}`, checked: k === kind });
    input.addEventListener('change', () => {
      kind = k;
      layout();
      void ctx.run(suggest, { quiet: true });
    });
    return h(
      'label',
      { for: `kind-${k}` },
      input,
      ` ${k === 'xml' ? 'XML <query>' : k === 'readByQuery' ? 'readByQuery' : 'REST JSON'}`,
    );
  });
  const kinds = h('fieldset', { class: 'kinds' }, h('legend', {}, 'Query kind'), kindRadios);

  const object = h('input', { name: 'object', value: 'VENDOR', list: 'object-names', autocomplete: 'off' });
  const objectNames = h('datalist', { id: 'object-names' });
  const suggestion = h('input', {
    name: 'suggestion',
    list: 'field-suggestions',
    autocomplete: 'off',
    placeholder: 'type to complete',
  });
  const suggestions = h('datalist', { id: 'field-suggestions' });
  const insert = h('button', { type: 'button', onclick: () => insertSuggestion() }, 'Insert');
  suggestion.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      insertSuggestion();
    }
  });
  object.addEventListener('change', () => void ctx.run(suggest, { quiet: true }));

  const xmlEditor = h('textarea', { name: 'xml', spellcheck: false, rows: 12 });
  xmlEditor.value = XML_EXAMPLE;
  const rbqFields = h('input', { name: 'fields', value: 'VENDORID,NAME,TOTALDUE' });
  const rbqQuery = h('input', { name: 'query', value: 'TOTALDUE > 0' });
  const rbqSize = h('input', { name: 'pagesize', type: 'number', min: 1, max: 1000, value: '20' });
  const restEditor = h('textarea', { name: 'rest', spellcheck: false, rows: 12 });
  restEditor.value = REST_EXAMPLE;
  let lastEditor: HTMLInputElement | HTMLTextAreaElement = xmlEditor;
  for (const e of [xmlEditor, rbqFields, rbqQuery, restEditor])
    e.addEventListener('focus', () => {
      lastEditor = e;
    });

  const xmlBox = h(
    'div',
    {},
    field('XML <query> function', xmlEditor, 'Written as the <function> body the gateway receives.'),
  );
  const rbqBox = h(
    'div',
    { class: 'row' },
    field('Fields (comma-separated)', rbqFields),
    field('Query (readByQuery condition)', rbqQuery),
    field('Page size', rbqSize),
  );
  const restBox = h('div', {}, field('REST query JSON (POST /ia/api/v1/services/core/query)', restEditor));

  const runBtn = h('button', { type: 'submit', class: 'primary' }, 'Run query');
  const explainBtn = h('button', { type: 'button', onclick: () => void ctx.run(explain) }, 'Explain (SQL and plan)');
  const reportBtn = h('button', { type: 'button', onclick: () => void ctx.run(storeReport) }, 'Run as stored report');
  const nextBtn = h('button', { type: 'button', disabled: true, onclick: () => void ctx.run(nextPage) }, 'Next page ›');
  const form = h(
    'form',
    { class: 'panel', 'aria-label': 'Query editor' },
    kinds,
    h(
      'div',
      { class: 'row' },
      field('Object (for completion and readByQuery)', object),
      h(
        'div',
        { class: 'field' },
        h('label', { for: 'field-suggestion' }, 'Field or relationship'),
        h('div', { class: 'actions', style: 'margin:0' }, suggestion, insert),
      ),
    ),
    objectNames,
    suggestions,
    xmlBox,
    rbqBox,
    restBox,
    h('div', { class: 'actions' }, runBtn, explainBtn, reportBtn, nextBtn),
  );
  suggestion.id = 'field-suggestion';
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void ctx.run(run);
  });

  const resultTitle = h('h3', { id: 'result-title', tabindex: -1 }, 'Result');
  const resultSummary = h('p', { class: 'muted' }, 'Run a query to see its rows.');
  const resultTable = h('div', {});
  const chart = h('figure', { class: 'chart', hidden: true, 'aria-label': 'Chart of the aggregate result' });
  const requestPre = h('pre', { 'aria-label': 'Request sent', tabindex: 0 });
  const responsePre = h('pre', { 'aria-label': 'Response received', tabindex: 0 });
  const explainBox = h('section', { class: 'panel', hidden: true, 'aria-labelledby': 'explain-title' });
  const element = h(
    'section',
    { 'aria-labelledby': 'workbench-title' },
    h('h2', { id: 'workbench-title', tabindex: -1 }, 'Query workbench'),
    form,
    h('section', { class: 'panel', 'aria-labelledby': 'result-title' }, resultTitle, resultSummary, chart, resultTable),
    explainBox,
    h(
      'section',
      { class: 'panel', 'aria-labelledby': 'exchange-title' },
      h('h3', { id: 'exchange-title' }, 'Request and response'),
      h(
        'div',
        { class: 'split' },
        h('div', {}, h('h4', {}, 'Request'), requestPre),
        h('div', {}, h('h4', {}, 'Response'), responsePre),
      ),
    ),
  );

  function layout(): void {
    xmlBox.hidden = kind !== 'xml';
    rbqBox.hidden = kind !== 'readByQuery';
    restBox.hidden = kind !== 'rest';
    lastEditor = kind === 'xml' ? xmlEditor : kind === 'rest' ? restEditor : rbqFields;
  }
  layout();

  async function suggest(): Promise<void> {
    const objects = await catalog.listObjects();
    if (!objectNames.children.length)
      objectNames.replaceChildren(...objects.map((o) => h('option', { value: o.xmlName }, o.label)));
    const name = object.value.trim().toUpperCase();
    const entry = objects.find((o) => o.xmlName.toUpperCase() === name);
    if (!entry) {
      suggestions.replaceChildren();
      return;
    }
    const items =
      kind === 'rest'
        ? entry.restName
          ? await catalog.restSuggestions(entry.restName)
          : []
        : await catalog.xmlSuggestions(entry.xmlName);
    suggestions.replaceChildren(...items.map((s) => h('option', { value: s.value }, s.label)));
    setStatus(`${items.length} field and relationship names of ${entry.xmlName} offered for completion`);
  }

  /** Inserts the chosen name where the cursor was, in the form the editor's language wants. */
  function insertSuggestion(): void {
    const name = suggestion.value.trim();
    if (!name) return;
    const target = lastEditor;
    const text = target === xmlEditor ? `<field>${name}</field>` : target === restEditor ? `"${name}"` : name;
    const start = target.selectionStart ?? target.value.length;
    const end = target.selectionEnd ?? start;
    const sep = target === rbqFields && start > 0 && !/,\s*$/.test(target.value.slice(0, start)) ? ',' : '';
    target.value = target.value.slice(0, start) + sep + text + target.value.slice(end);
    const caret = start + sep.length + text.length;
    target.focus();
    target.setSelectionRange(caret, caret);
    suggestion.value = '';
    setStatus(`Inserted ${name}`);
  }

  function readByQueryXml(): string {
    const size = Number(rbqSize.value) || 100;
    return (
      `<readByQuery><object>${xmlEscape(object.value.trim())}</object><fields>${xmlEscape(rbqFields.value.trim())}</fields>` +
      `<query>${xmlEscape(rbqQuery.value)}</query><pagesize>${size}</pagesize></readByQuery>`
    );
  }

  /** The XML text without its declaration, as one <function>'s body. */
  function xmlFunction(text: string): string {
    return text.replace(/^\s*<\?xml[^>]*\?>/, '').trim();
  }

  function restBody(): Record<string, unknown> {
    let body: unknown;
    try {
      body = JSON.parse(restEditor.value);
    } catch (e) {
      throw new ApiError(`The REST query is not valid JSON: ${(e as Error).message}`);
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw new ApiError(
        'The REST query must be one JSON object, such as {"object": "accounts-payable/vendor", "fields": ["id"]}.',
      );
    return body as Record<string, unknown>;
  }

  function showExchange(x: Exchange): void {
    requestPre.textContent = x.request;
    responsePre.textContent = x.response;
  }

  function showRows(columns: string[], rows: Row[], summary: string, aggregate: boolean): void {
    resultTable.replaceChildren(dataTable({ caption: `Rows, page ${page}`, columns, rows }));
    resultSummary.textContent = summary;
    const svg = aggregate ? barChart(columns, rows, 'Aggregate result') : null;
    chart.hidden = !svg;
    chart.replaceChildren(
      ...(svg
        ? [svg, h('figcaption', { class: 'muted' }, 'Bar chart of the aggregate result (first numeric column)')]
        : []),
    );
    nextBtn.disabled = next === null;
    setStatus(summary);
  }

  /** A failed call still shows what went over the wire. */
  async function withExchange<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (e) {
      if (e instanceof ApiError && e.exchange) showExchange(e.exchange);
      if (e instanceof ApiError) {
        resultSummary.textContent = `The query failed: ${e.message}`;
        resultTable.replaceChildren();
        chart.hidden = true;
        next = null;
        nextBtn.disabled = true;
      }
      throw e;
    }
  }

  async function runXml(fn: string, isAggregate: boolean): Promise<void> {
    const { result, exchange } = await withExchange(() => api.gateway(fn));
    showExchange(exchange);
    const data = result.querySelector('data');
    const { columns, rows } = rowsOf(data);
    const total = Number(data?.getAttribute('totalcount') ?? rows.length);
    const remaining = Number(data?.getAttribute('numremaining') ?? 0);
    const resultId = data?.getAttribute('resultId');
    const offset = Number(data?.getAttribute('offset') ?? 0);
    if (remaining > 0 && resultId) next = { kind: 'readMore', resultId };
    else if (remaining > 0 && /^<query\b/.test(fn)) next = { kind: 'xml', text: fn, offset: offset + rows.length };
    else next = null;
    // Where this page sits: the rows before it are those neither shown nor remaining (offset pages and readMore alike).
    const end = total - remaining;
    showRows(columns, rows, `Rows ${rows.length ? end - rows.length + 1 : 0}–${end} of ${total}`, isAggregate);
  }

  async function runRest(body: Record<string, unknown>): Promise<void> {
    const { data, exchange } = await withExchange(() =>
      api.json<{ 'ia::result': Record<string, unknown>[]; 'ia::meta': { totalCount: number; next: number | null } }>(
        'POST',
        '/ia/api/v1/services/core/query',
        body,
      ),
    );
    showExchange(exchange);
    const list = Array.isArray(data['ia::result']) ? data['ia::result'] : [];
    const columns: string[] = [];
    const rows = list.map((r) => {
      const row: Row = {};
      const flat = (prefix: string, v: unknown) => {
        if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
          for (const [k, x] of Object.entries(v)) flat(`${prefix}${k}.`, x);
          return;
        }
        const name = prefix.slice(0, -1);
        if (!columns.includes(name)) columns.push(name);
        row[name] = v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
      };
      for (const [k, v] of Object.entries(r)) flat(`${k}.`, v);
      return row;
    });
    const meta = data['ia::meta'];
    next = meta?.next ? { kind: 'rest', body, start: meta.next } : null;
    const aggregate =
      Array.isArray(body.fields) &&
      body.fields.some((f) => typeof f === 'string' && /^(count|sum|avg|min|max):/.test(f));
    const start = Number(body.start ?? 1);
    showRows(
      columns,
      rows,
      `Rows ${rows.length ? start : 0}–${start + rows.length - 1} of ${meta?.totalCount ?? rows.length}`,
      aggregate,
    );
  }

  async function run(): Promise<void> {
    page = 1;
    explainBox.hidden = true;
    setStatus('Running…');
    if (kind === 'xml') {
      const fn = xmlFunction(xmlEditor.value);
      if (!parseXmlText(fn))
        throw await withExchange(async () => {
          throw new ApiError('The XML is not well-formed: check that every element is closed.');
        });
      await runXml(fn, AGGREGATE_XML.test(fn));
    } else if (kind === 'readByQuery') {
      await runXml(readByQueryXml(), false);
    } else {
      await runRest(restBody());
    }
    resultTitle.focus();
  }

  async function nextPage(): Promise<void> {
    const n = next;
    if (!n) return;
    page++;
    if (n.kind === 'readMore')
      await runXml(`<readMore><resultId>${xmlEscape(n.resultId)}</resultId></readMore>`, false);
    else if (n.kind === 'rest') await runRest({ ...n.body, start: n.start });
    else {
      const doc = parseXmlText(n.text)!;
      const query = doc.documentElement;
      let offset = query.getElementsByTagName('offset')[0];
      if (!offset) {
        offset = doc.createElement('offset');
        query.append(offset);
      }
      offset.textContent = String(n.offset);
      await runXml(new XMLSerializer().serializeToString(doc), AGGREGATE_XML.test(n.text));
    }
  }

  async function explain(): Promise<void> {
    const query =
      kind === 'xml'
        ? xmlFunction(xmlEditor.value)
        : kind === 'readByQuery'
          ? readByQueryXml()
          : JSON.stringify(restBody());
    const { data, exchange } = await withExchange(() =>
      api.json<{ statements: { object: string; database: string; sql: string; params: unknown[]; plan: string[] }[] }>(
        'POST',
        '/console/api/explain',
        { query },
      ),
    );
    showExchange(exchange);
    explainBox.hidden = false;
    explainBox.replaceChildren(
      h('h3', { id: 'explain-title', tabindex: -1 }, 'SQL and plan'),
      ...data.statements.flatMap((s) => [
        h(
          'p',
          { class: 'muted' },
          `${s.object} on ${s.database}: the statement the compiler produced, its bound parameters, and the database's plan.`,
        ),
        h('h4', {}, 'SQL'),
        h('pre', { tabindex: 0, 'aria-label': 'Compiled SQL' }, s.sql),
        h('h4', {}, 'Parameters'),
        h('pre', { tabindex: 0, 'aria-label': 'Parameters' }, JSON.stringify(s.params)),
        h('h4', {}, 'Plan'),
        h('pre', { tabindex: 0, 'aria-label': 'Query plan' }, s.plan.join('\n')),
      ]),
    );
    explainBox.querySelector<HTMLElement>('h3')?.focus();
    setStatus('Explained');
  }

  /** Queues the query as a stored report (POST /jobs/reports), then shows its job in the queue, where its result downloads. */
  async function storeReport(): Promise<void> {
    if (kind === 'readByQuery')
      throw new ApiError('Stored reports take an XML <query> or a REST query; switch the query kind.');
    const query = kind === 'xml' ? xmlFunction(xmlEditor.value) : restBody();
    const { data, exchange } = await withExchange(() =>
      api.json<{ jobId: string; state: string }>('POST', '/jobs/reports', { query }),
    );
    showExchange(exchange);
    setStatus(`Stored report queued as job ${data.jobId}`);
    ctx.openJob(data.jobId);
  }

  return {
    name: 'workbench',
    element,
    shown() {
      void ctx.run(suggest, { quiet: true });
    },
    hidden() {},
  };
}
