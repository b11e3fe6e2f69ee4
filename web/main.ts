// The console's entry point: sign-in, the signed-in shell (entity switch, view tabs) and the one place errors are
// shown.

import { Api, ApiError, openSession, SessionExpired, type ConsoleSession, type Sender } from './api.ts';
import { CatalogCache } from './catalog.ts';
import type { ConsoleContext, View } from './context.ts';
import { byId, field, h, options, setStatus, showAlert } from './dom.ts';
import { objectsView } from './objects.ts';
import { queueView } from './queue.ts';
import { workbenchView } from './workbench.ts';

const STORAGE_KEY = 'ledgerq-console';

interface Stored {
  session: ConsoleSession;
  sender: Sender;
  entityId: string | null;
  view: View['name'];
}

function load(): Stored | null {
  try {
    const s = sessionStorage.getItem(STORAGE_KEY);
    return s ? (JSON.parse(s) as Stored) : null;
  } catch {
    return null;
  }
}

function save(s: Stored | null): void {
  if (s) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(s));
  else sessionStorage.removeItem(STORAGE_KEY);
}

const main = () => byId('main');
let current: { stored: Stored; views: Map<View['name'], View>; active: View | null } | null = null;

function errorMessage(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  if (e instanceof TypeError)
    return `The server could not be reached (${e.message}). Check that ledgerq is running, then try again.`;
  return e instanceof Error ? e.message : String(e);
}

function handleError(e: unknown): void {
  if (e instanceof SessionExpired) {
    expire(e.message);
    return;
  }
  showAlert(errorMessage(e));
  setStatus('');
}

function leaveShell(): void {
  current?.active?.hidden();
  current = null;
  byId('who').hidden = true;
  byId('tabs').hidden = true;
}

/** The session (or token) was refused: back to sign-in, with the reason in the page. */
function expire(reason: string): void {
  save(null);
  leaveShell();
  renderSignIn(`Your session has expired or is no longer valid; sign in again. (${reason})`);
}

function renderSignIn(alert: string | null = null): void {
  const company = h('input', { name: 'companyId', autocomplete: 'organization', required: true, placeholder: 'demo' });
  const user = h('input', { name: 'userId', autocomplete: 'username', required: true, placeholder: 'admin' });
  const password = h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const entity = h('input', { name: 'entityId', placeholder: 'top level' });
  const senderId = h('input', { name: 'senderId', value: 'ledgerq', required: true });
  const senderPassword = h('input', { name: 'senderPassword', type: 'password', value: 'ledgerq' });
  const clientId = h('input', { name: 'clientId', value: 'ledgerq-demo', required: true });
  const clientSecret = h('input', { name: 'clientSecret', type: 'password', value: 'ledgerq-demo' });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Sign in');
  const form = h(
    'form',
    { class: 'panel signin', 'aria-labelledby': 'signin-title' },
    h('h2', { id: 'signin-title', tabindex: -1 }, 'Sign in'),
    h('p', { class: 'muted' }, 'The same companies, users and passwords as the XML gateway and the REST API.'),
    field('Company ID', company),
    field('User ID', user),
    field('Password', password),
    field('Entity (optional)', entity, 'Leave empty to work at the top level of a multi-entity company.'),
    h(
      'details',
      {},
      h('summary', {}, 'Web-services credentials'),
      h(
        'p',
        { class: 'muted' },
        'The console calls the real gateway and REST API as a web-services client; these default to the demo sender and OAuth2 client.',
      ),
      field('Sender ID', senderId),
      field('Sender password', senderPassword),
      field('OAuth2 client ID', clientId),
      field('OAuth2 client secret', clientSecret),
    ),
    h('div', { class: 'actions' }, submit),
  );
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    submit.disabled = true;
    showAlert(null);
    setStatus('Signing in…');
    const values = Object.fromEntries([...new FormData(form)].map(([k, v]) => [k, String(v)]));
    openSession(values).then(
      (session) => {
        const stored: Stored = {
          session,
          sender: { senderId: values.senderId ?? '', senderPassword: values.senderPassword ?? '' },
          entityId: session.entityId,
          view: 'queue',
        };
        save(stored);
        startShell(stored);
      },
      (e: unknown) => {
        submit.disabled = false;
        showAlert(`Sign-in failed: ${errorMessage(e)}`);
        setStatus('');
        company.focus();
      },
    );
  });
  main().replaceChildren(form);
  showAlert(alert);
  setStatus(alert ? '' : 'Sign in to continue');
  company.focus();
}

function startShell(stored: Stored): void {
  const api = new Api(stored.session, stored.sender);
  let show: (name: View['name'], focus: boolean) => void = () => {};
  const ctx: ConsoleContext = {
    api,
    catalog: new CatalogCache(api),
    async run(action, opts) {
      if (!opts?.quiet) showAlert(null);
      try {
        await action();
      } catch (e) {
        handleError(e);
      }
    },
    openJob(jobId) {
      show('queue', false);
      current?.views.get('queue')?.openJob?.(jobId);
    },
  };
  const s = stored.session;
  current = { stored, views: new Map(), active: null };
  byId('who').hidden = false;
  byId('who-text').textContent = `${s.userId} @ ${s.companyId} (${s.companyName}, ${s.serviceLevel})`;
  const select = byId<HTMLSelectElement>('entity-switch');
  const label = byId('entity-label');
  const multi = s.multiEntity && s.entities.length > 0;
  select.hidden = label.hidden = !multi;
  if (multi) {
    const items: [string, string][] = s.restrictedToEntity ? [] : s.entityId === null ? [['', 'Top level']] : [];
    items.push(
      ...s.entities.map((e): [string, string] => [
        e.entityId,
        `${e.entityId} — ${e.name}${e.private ? ' (private)' : ''}`,
      ]),
    );
    options(select, items, stored.entityId ?? '');
    select.disabled = items.length < 2;
    select.onchange = () =>
      void ctx.run(async () => {
        const entity = select.value || null;
        await api.switchEntity(entity);
        stored.entityId = entity;
        save(stored);
        setStatus(`Working in ${entity ?? 'the top level'} of ${s.companyId}`);
        // Views re-read their data in the new entity.
        const active = current?.active;
        if (active) {
          active.hidden();
          active.shown();
        }
      });
  }
  byId('sign-out').onclick = () => {
    save(null);
    leaveShell();
    renderSignIn();
  };
  const make = (name: View['name']): View => {
    let v = current!.views.get(name);
    if (!v) {
      v = name === 'queue' ? queueView(ctx) : name === 'workbench' ? workbenchView(ctx) : objectsView(ctx);
      current!.views.set(name, v);
    }
    return v;
  };
  const tabs = byId('tabs');
  tabs.hidden = false;
  show = (name: View['name'], focus: boolean) => {
    if (!current) return;
    current.active?.hidden();
    const v = make(name);
    current.active = v;
    stored.view = name;
    save(stored);
    for (const b of tabs.querySelectorAll('button')) {
      if (b.dataset.view === name) b.setAttribute('aria-current', 'page');
      else b.removeAttribute('aria-current');
    }
    main().replaceChildren(v.element);
    v.shown();
    // Focus moves to the view's heading so a screen reader announces where the user is.
    if (focus) v.element.querySelector<HTMLElement>('h2')?.focus();
  };
  for (const b of tabs.querySelectorAll('button')) b.onclick = () => show(b.dataset.view as View['name'], true);
  const restore = async () => {
    if (stored.entityId !== s.entityId) await api.switchEntity(stored.entityId);
    setStatus(`Signed in to ${s.companyId} as ${s.userId}`);
    show(stored.view, true);
  };
  void ctx.run(restore);
}

window.addEventListener('unhandledrejection', (e) => {
  e.preventDefault();
  handleError(e.reason);
});

const stored = load();
if (stored) startShell(stored);
else renderSignIn();
