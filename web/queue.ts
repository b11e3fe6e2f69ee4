// Queue administration over the XML gateway: JOBQUEUERECORD list, a job's detail, promote/cancel, downloads and a CSV
// import upload.

import { ApiError, type Exchange } from './api.ts';
import type { ConsoleContext, View } from './context.ts';
import { field, fill, h, options, saveBlob, setStatus } from './dom.ts';
import { dataTable } from './table.ts';
import { rowsOf, xmlEscape, type Row } from './xml.ts';

/**
 * The seed's columns, the ones a reader scans first leading (JOBID, JOBTYPE, STATE, TIMEQUEUED, ACTION), so they
 * show without scrolling sideways at 1280 px; the seed's order puts STATE seventh, after the long DETAILS.
 */
export const JOB_COLUMNS = [
  'JOBID',
  'JOBTYPE',
  'STATE',
  'TIMEQUEUED',
  'ACTION',
  'DETAILS',
  'USERS',
  'ACTIVETIME',
  'WAITINQUEUE',
  'TIMESTARTED',
] as const;
const SORTABLE = ['JOBID', 'JOBTYPE', 'TIMEQUEUED', 'ACTION', 'USERS', 'STATE', 'TIMESTARTED'];
const FALLBACK_STATES = ['Queued', 'In Progress', 'Delivered', 'Failed', 'Deferred', 'Cancelled'];
const REFRESH_MS = 5000;

/** mm/dd/yyyy, the seed's date format for TIMEQUEUED filters; `days` moves the date. */
function intacctDate(iso: string, days = 0): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCMonth() + 1)}/${p(d.getUTCDate())}/${d.getUTCFullYear()}`;
}

interface ImportStatus {
  jobId?: string;
  state?: string;
  [k: string]: unknown;
}

export function queueView(ctx: ConsoleContext): View {
  const { api } = ctx;
  const premium = api.session.serviceLevel === 'premium';
  const state = {
    sort: 'TIMEQUEUED',
    descending: true,
    offset: 0,
    total: 0,
    rows: [] as Row[],
    selected: null as string | null,
  };
  let timer: ReturnType<typeof setInterval> | null = null;
  let importTimer: ReturnType<typeof setTimeout> | null = null;

  const stateSel = h('select', { name: 'state' });
  const typeSel = h('select', { name: 'type' });
  options(stateSel, [['', 'Any state'], ...FALLBACK_STATES.map((s): [string, string] => [s, s])]);
  options(typeSel, [['', 'Any type']]);
  const from = h('input', { type: 'date', name: 'from' });
  const to = h('input', { type: 'date', name: 'to' });
  const size = h('select', { name: 'pagesize' });
  options(
    size,
    [
      ['25', '25'],
      ['50', '50'],
      ['100', '100'],
      ['500', '500'],
    ],
    '50',
  );
  const live = h('input', { type: 'checkbox', id: 'queue-live', checked: true });
  const filters = h(
    'form',
    { class: 'row', 'aria-label': 'Queue filters' },
    field('State', stateSel),
    field('Job type', typeSel),
    field('Queued from', from),
    field('Queued to', to),
    field('Rows per page', size),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit', class: 'primary' }, 'Apply filters'),
      h('button', { type: 'reset' }, 'Clear'),
    ),
  );
  // Polls use the filters last applied, not what is being typed into the form.
  let applied = { state: '', type: '', from: '', to: '' };
  const apply = () => {
    applied = { state: stateSel.value, type: typeSel.value, from: from.value, to: to.value };
    state.offset = 0;
    void ctx.run(() => refresh(true));
  };
  filters.addEventListener('submit', (e) => {
    e.preventDefault();
    apply();
  });
  filters.addEventListener('reset', () => {
    setTimeout(apply);
  });
  size.addEventListener('change', () => {
    state.offset = 0;
    void ctx.run(() => refresh(true));
  });
  live.addEventListener('change', () => schedule());

  const summary = h('p', { class: 'muted', id: 'queue-summary' });
  const tableBox = h('div', {});
  const prev = h(
    'button',
    {
      type: 'button',
      onclick: () => {
        state.offset = Math.max(0, state.offset - pageSize());
        void ctx.run(() => refresh(true));
      },
    },
    '‹ Previous page',
  );
  const next = h(
    'button',
    {
      type: 'button',
      onclick: () => {
        state.offset += pageSize();
        void ctx.run(() => refresh(true));
      },
    },
    'Next page ›',
  );
  const detail = h(
    'section',
    { class: 'panel', 'aria-labelledby': 'job-detail-title' },
    h('h3', { id: 'job-detail-title', tabindex: -1 }, 'Job detail'),
    h('p', { class: 'muted' }, 'Choose a job ID in the list to see its detail.'),
  );

  const importObject = h('input', { name: 'object', value: 'VENDOR', list: 'import-objects', required: true });
  const importFile = h('input', { type: 'file', name: 'file', accept: '.csv,text/csv', required: true });
  const importForm = h(
    'form',
    { class: 'panel', 'aria-labelledby': 'import-title' },
    h('h3', { id: 'import-title' }, 'Import a CSV file'),
    h(
      'p',
      { class: 'muted' },
      'Uploads the file as an offline CSV import job (POST /jobs/imports); the job then shows in the queue while it runs.',
    ),
    h(
      'datalist',
      { id: 'import-objects' },
      ['VENDOR', 'CUSTOMER', 'CONTACT', 'ITEM', 'EMPLOYEE', 'PROJECT'].map((o) => h('option', { value: o })),
    ),
    h('div', { class: 'row' }, field('Object', importObject), field('CSV file', importFile)),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Upload and queue')),
  );
  importForm.addEventListener('submit', (e) => {
    e.preventDefault();
    void ctx.run(upload);
  });

  const element = h(
    'section',
    { 'aria-labelledby': 'queue-title' },
    h('h2', { id: 'queue-title', tabindex: -1 }, `Offline job queue — ${api.session.companyId}`),
    h(
      'div',
      { class: 'panel' },
      filters,
      h(
        'div',
        { class: 'actions' },
        h('label', { for: 'queue-live' }, live, ' Live refresh every 5 s'),
        h('button', { type: 'button', onclick: () => void ctx.run(() => refresh(true)) }, 'Refresh now'),
      ),
    ),
    h(
      'div',
      { class: 'split queue-split' },
      h('div', {}, summary, tableBox, h('div', { class: 'actions' }, prev, next)),
      h('div', {}, detail, importForm),
    ),
  );

  const pageSize = () => Number(size.value);

  function queryXml(): string {
    const conditions: string[] = [];
    const eq = (f: string, v: string) => `<equalto><field>${f}</field><value>${xmlEscape(v)}</value></equalto>`;
    if (applied.state) conditions.push(eq('STATE', applied.state));
    if (applied.type) conditions.push(eq('JOBTYPE', applied.type));
    if (applied.from)
      conditions.push(
        `<greaterthanorequalto><field>TIMEQUEUED</field><value>${intacctDate(applied.from)}</value></greaterthanorequalto>`,
      );
    // "to" is inclusive of its whole day: before the next midnight.
    if (applied.to)
      conditions.push(`<lessthan><field>TIMEQUEUED</field><value>${intacctDate(applied.to, 1)}</value></lessthan>`);
    const filter =
      conditions.length === 0
        ? ''
        : `<filter>${conditions.length === 1 ? conditions[0] : `<and>${conditions.join('')}</and>`}</filter>`;
    // JOBID breaks ties, so paging is stable when many jobs share a time.
    const order =
      `<order><field>${state.sort}</field>${state.descending ? '<descending/>' : '<ascending/>'}</order>` +
      (state.sort === 'JOBID' ? '' : '<order><field>JOBID</field><ascending/></order>');
    return (
      `<query><object>JOBQUEUERECORD</object><select>${JOB_COLUMNS.map((c) => `<field>${c}</field>`).join('')}</select>` +
      `${filter}<orderby>${order}</orderby><pagesize>${pageSize()}</pagesize><offset>${state.offset}</offset></query>`
    );
  }

  let lookedUp = false;
  async function loadChoices(): Promise<void> {
    if (lookedUp) return;
    const { result } = await api.gateway('<lookup><object>JOBQUEUERECORD</object></lookup>');
    const values = (id: string) =>
      [...result.querySelectorAll('Field')]
        .find((f) => f.querySelector('ID')?.textContent === id)
        ?.querySelectorAll('VALIDVALUE') ?? [];
    const states = [...values('STATE')].map((v) => v.textContent ?? '');
    const types = [...values('JOBTYPE')].map((v) => v.textContent ?? '');
    if (states.length)
      options(stateSel, [['', 'Any state'], ...states.map((s): [string, string] => [s, s])], stateSel.value);
    options(typeSel, [['', 'Any type'], ...types.map((s): [string, string] => [s, s])], typeSel.value);
    lookedUp = true;
  }

  // Answers can arrive out of order (a live poll started before a click); only the latest request's answer is shown.
  let listSeq = 0;
  let detailSeq = 0;

  async function refresh(announce: boolean): Promise<void> {
    await loadChoices();
    const seq = ++listSeq;
    const { result } = await api.gateway(queryXml());
    if (seq !== listSeq) return;
    const data = result.querySelector('data');
    state.total = Number(data?.getAttribute('totalcount') ?? 0);
    state.rows = rowsOf(data).rows;
    renderTable();
    const first = state.rows.length ? state.offset + 1 : 0;
    summary.textContent = `Jobs ${first}–${state.offset + state.rows.length} of ${state.total}${live.checked ? ' · live' : ''} · updated ${new Date().toLocaleTimeString()}`;
    prev.disabled = state.offset === 0;
    next.disabled = state.offset + state.rows.length >= state.total;
    if (announce) setStatus(`${state.total} jobs match; showing ${first}–${state.offset + state.rows.length}`);
    if (state.selected) await showDetail(state.selected, false);
  }

  function renderTable(): void {
    const focused = document.activeElement?.getAttribute('aria-label');
    tableBox.replaceChildren(
      dataTable({
        caption: 'Offline jobs (JOBQUEUERECORD)',
        columns: JOB_COLUMNS,
        rows: state.rows,
        sort: {
          column: state.sort,
          descending: state.descending,
          sortable: SORTABLE,
          onSort: (c) => {
            state.descending = state.sort === c ? !state.descending : c === 'TIMEQUEUED';
            state.sort = c;
            state.offset = 0;
            void ctx.run(() => refresh(true));
          },
        },
        cell: (c, r) =>
          c === 'JOBID'
            ? h(
                'button',
                {
                  type: 'button',
                  class: 'link',
                  'aria-label': `Job ${r.JOBID}`,
                  onclick: () =>
                    void ctx.run(async () => {
                      await showDetail(r.JOBID ?? '', true);
                    }),
                },
                r.JOBID ?? '',
              )
            : (r[c] ?? ''),
        rowClass: (r) => (r.JOBID === state.selected ? 'selected' : null),
      }),
    );
    // A refresh rebuilds the table; keep the keyboard where it was.
    if (focused) tableBox.querySelector<HTMLElement>(`[aria-label="${CSS.escape(focused)}"]`)?.focus();
  }

  /** Reads the job (gateway `read`, GET /jobs/:jobId, and an import's own status) and draws it; null when a newer draw superseded it. */
  async function showDetail(jobId: string, focus: boolean): Promise<string | null> {
    state.selected = jobId;
    const seq = ++detailSeq;
    const { result, exchange } = await api.gateway(
      `<read><object>JOBQUEUERECORD</object><keys>${xmlEscape(jobId)}</keys><fields>*</fields></read>`,
    );
    const info = await jobStatus(jobId);
    const imported = info?.kind === 'csv-import' ? await importStatus(jobId) : undefined;
    if (seq !== detailSeq) return null;
    const job = rowsOf(result.querySelector('data')).rows[0];
    if (!job) {
      fill(
        detail,
        h('h3', { id: 'job-detail-title', tabindex: -1 }, `Job ${jobId}`),
        h('p', {}, 'This job is no longer in the queue.'),
      );
      return '';
    }
    renderDetail(job, exchange, { ...info, ...imported });
    for (const tr of tableBox.querySelectorAll('tr'))
      tr.classList.toggle('selected', tr.querySelector('button.link')?.textContent === jobId);
    if (focus) detail.querySelector<HTMLElement>('h3')?.focus();
    return job.STATE ?? '';
  }

  function renderDetail(job: Row, exchange: Exchange, importStatus?: ImportStatus): void {
    const jobId = job.JOBID ?? '';
    const jobState = job.STATE ?? '';
    const finished = ['Delivered', 'Failed', 'Cancelled'].includes(jobState);
    const progress =
      jobState === 'In Progress'
        ? h('progress', { 'aria-label': 'Job progress' })
        : h('progress', { 'aria-label': 'Job progress', max: 100, value: finished ? 100 : 0 });
    const progressValue = importProgress(importStatus);
    if (progressValue !== null) {
      progress.max = 100;
      progress.value = progressValue;
    }
    const canPromote = premium && jobState === 'Queued';
    const canCancel = premium && ['Queued', 'Deferred', 'In Progress'].includes(jobState);
    const reason = !premium
      ? `Promote and cancel need the Premium level of service; company ${api.session.companyId} has the ${api.session.serviceLevel} level.`
      : !canPromote && !canCancel
        ? `This job is ${jobState}: only Queued jobs can be promoted, and only Queued, Deferred or In Progress jobs cancelled.`
        : !canPromote
          ? `Only Queued jobs can be promoted; this one is ${jobState}.`
          : null;
    const reasonId = `job-actions-reason`;
    const describe = reason ? reasonId : null;
    const promote = h(
      'button',
      {
        type: 'button',
        disabled: !canPromote,
        'aria-describedby': describe,
        onclick: () => void ctx.run(() => change('promote', jobId)),
      },
      'Promote',
    );
    const cancel = h(
      'button',
      {
        type: 'button',
        disabled: !canCancel,
        'aria-describedby': describe,
        onclick: () => void ctx.run(() => change('cancel', jobId)),
      },
      'Cancel job',
    );
    const errors = h(
      'button',
      {
        type: 'button',
        onclick: () =>
          void ctx.run(() => download(`/jobs/imports/${encodeURIComponent(jobId)}/errors.csv`, `${jobId}-errors.csv`)),
      },
      'Download error CSV',
    );
    const resultCsv = h(
      'button',
      {
        type: 'button',
        onclick: () =>
          void ctx.run(() => download(`/jobs/${encodeURIComponent(jobId)}/result?format=csv`, `${jobId}-result.csv`)),
      },
      'Download result CSV',
    );
    fill(
      detail,
      h('h3', { id: 'job-detail-title', tabindex: -1 }, `Job ${jobId}`),
      h(
        'dl',
        { class: 'detail' },
        Object.entries(job).flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v || '—')]),
      ),
      h(
        'div',
        { class: 'field' },
        h('span', {}, `Progress: ${jobState}${progressValue !== null ? ` (${progressValue}%)` : ''}`),
        progress,
      ),
      importCounts(importStatus),
      typeof importStatus?.error === 'string' && importStatus.error
        ? h('p', { class: 'reason' }, `Error: ${importStatus.error}`)
        : null,
      importStatus
        ? h('details', {}, h('summary', {}, 'Job status (JSON)'), h('pre', {}, JSON.stringify(importStatus, null, 2)))
        : null,
      h('div', { class: 'actions' }, promote, cancel),
      reason ? h('p', { class: 'reason', id: reasonId }, reason) : null,
      // Only jobs ledgerq itself ran (a kind in GET /jobs/:jobId) have files to download; seeded history has none.
      finished && importStatus?.kind
        ? h(
            'div',
            { class: 'actions' },
            job.JOBTYPE === 'CSV import' ? errors : null,
            hasResultFile(importStatus) ? resultCsv : null,
          )
        : null,
      h(
        'details',
        {},
        h('summary', {}, 'Request and response (read)'),
        h('pre', {}, exchange.request),
        h('pre', {}, exchange.response),
      ),
    );
  }

  /** Reports and exports keep a result to download; an import's result is only its counts. */
  function hasResultFile(s: ImportStatus | undefined): boolean {
    const kind = (s?.result as { kind?: string } | null | undefined)?.kind;
    return kind === 'report' || kind === 'dds-export';
  }

  /** "12 of 15 rows read: 10 created, 0 updated, 2 errors" for a CSV import. */
  function importCounts(s: ImportStatus | undefined): HTMLParagraphElement | null {
    const c = typeof s?.rows === 'object' && s.rows !== null ? (s.rows as Record<string, number | null>) : null;
    if (!c) return null;
    return h(
      'p',
      { class: 'muted' },
      `${c.rows ?? 0} of ${c.total ?? '?'} rows read: ${c.created ?? 0} created, ${c.updated ?? 0} updated, ${c.errors ?? 0} errors`,
    );
  }

  /** GET /jobs/imports/:jobId: rows read, written and refused so far. */
  async function importStatus(jobId: string): Promise<ImportStatus | undefined> {
    const res = await api.fetchWithToken('GET', `/jobs/imports/${encodeURIComponent(jobId)}`);
    return res.ok ? ((await res.json().catch(() => undefined)) as ImportStatus | undefined) : undefined;
  }

  /** GET /jobs/:jobId: the queue's own view of a job (attempts, error, progress, result summary); null when it cannot say. */
  async function jobStatus(jobId: string): Promise<ImportStatus | undefined> {
    const res = await api.fetchWithToken('GET', `/jobs/${encodeURIComponent(jobId)}`);
    return res.ok ? ((await res.json().catch(() => undefined)) as ImportStatus | undefined) : undefined;
  }

  /** A percentage from counters (`rowsProcessed`/`rowsTotal`) or from a progress text such as "40,000 of 100,000 rows". */
  function importProgress(s: ImportStatus | undefined): number | null {
    if (!s) return null;
    const _n = (k: string) => (typeof s[k] === 'number' ? (s[k] as number) : null);
    // A CSV import's status counts rows read against the file's total.
    const counts = typeof s.rows === 'object' && s.rows !== null ? (s.rows as Record<string, unknown>) : null;
    if (counts && typeof counts.rows === 'number' && typeof counts.total === 'number' && counts.total > 0) {
      return Math.min(100, Math.round((counts.rows / counts.total) * 100));
    }
    if (counts && typeof counts.total === 'number' && counts.total === 0) return 100;
    const m = typeof s.progress === 'string' ? /([\d,]+) of ([\d,]+)/.exec(s.progress) : null;
    if (m) {
      const [a, b] = [Number(m[1]!.replace(/,/g, '')), Number(m[2]!.replace(/,/g, ''))];
      if (b > 0) return Math.min(100, Math.round((a / b) * 100));
    }
    return null;
  }

  async function change(fn: 'promote' | 'cancel', jobId: string): Promise<void> {
    await api.gateway(`<${fn}><JOBQUEUERECORD><JOBID>${xmlEscape(jobId)}</JOBID></JOBQUEUERECORD></${fn}>`);
    setStatus(fn === 'promote' ? `Job ${jobId} promoted to the head of the queue` : `Cancel of job ${jobId} accepted`);
    // The refresh redraws the list and the selected job's detail (the user may have opened another job meanwhile).
    await refresh(false);
    if (state.selected === jobId) detail.querySelector<HTMLElement>('h3')?.focus();
  }

  async function download(path: string, name: string): Promise<void> {
    const res = await api.fetchWithToken('GET', path);
    if (!res.ok) {
      const body = (await res.json().catch(() => null)) as {
        message?: string;
        'ia::result'?: { 'ia::error'?: { message?: string } };
      } | null;
      throw new ApiError(
        `Download failed (HTTP ${res.status}): ${body?.['ia::result']?.['ia::error']?.message ?? body?.message ?? res.statusText}`,
      );
    }
    saveBlob(await res.blob(), name);
    setStatus(`Downloaded ${name}`);
  }

  async function upload(): Promise<void> {
    const file = importFile.files?.[0];
    if (!file) throw new ApiError('Choose a CSV file to upload.');
    const object = importObject.value.trim().toUpperCase();
    const res = await api.fetchWithToken(
      'POST',
      `/jobs/imports?object=${encodeURIComponent(object)}&fileName=${encodeURIComponent(file.name)}`,
      await file.text(),
      'text/csv',
    );
    const body = (await res.json().catch(() => null)) as ImportStatus | null;
    if (res.status !== 202 || !body?.jobId) {
      const msg = body as { message?: string; 'ia::result'?: { 'ia::error'?: { message?: string } } } | null;
      throw new ApiError(
        `The import was refused (HTTP ${res.status}): ${msg?.['ia::result']?.['ia::error']?.message ?? msg?.message ?? 'no reason given'}`,
      );
    }
    setStatus(`Import job ${body.jobId} queued`);
    importForm.reset();
    await refresh(false);
    await followImport(body.jobId, true);
  }

  /** Polls the import's own status until it ends, showing its progress in the detail panel. */
  async function followImport(jobId: string, focus: boolean): Promise<void> {
    if (importTimer) clearTimeout(importTimer);
    const shown = await showDetail(jobId, focus);
    const again = () => {
      importTimer = setTimeout(() => void ctx.run(() => followImport(jobId, false), { quiet: true }), 1000);
    };
    // Superseded by a live refresh of the same job: keep following; another job was opened: stop.
    if (shown === null) {
      if (state.selected === jobId) again();
      return;
    }
    if (!['Delivered', 'Failed', 'Cancelled', ''].includes(shown)) {
      again();
      return;
    }
    setStatus(`Import job ${jobId} ended: ${shown}`);
    await refresh(false);
  }

  function schedule(): void {
    if (timer) clearInterval(timer);
    timer = live.checked ? setInterval(() => void ctx.run(() => refresh(false), { quiet: true }), REFRESH_MS) : null;
  }

  return {
    name: 'queue',
    element,
    shown() {
      void ctx.run(() => refresh(true));
      schedule();
    },
    openJob(jobId) {
      void ctx.run(async () => {
        await showDetail(jobId, true);
      });
    },
    hidden() {
      if (timer) clearInterval(timer);
      if (importTimer) clearTimeout(importTimer);
      timer = importTimer = null;
    },
  };
}
