import '@vscode-elements/elements/dist/vscode-button/index.js';
import type { AuditFilter, AuditPage } from '../../src/shared/auditData';
import { parseAuditToWebview, type AuditToHost, type AuditToWebview } from '../../src/shared/protocol';
import { h, present } from '../common/dom';
import { connect } from '../common/vscodeApi';
import { auditCss } from './styles';
import { auditTable } from './table';

interface Saved {
  page: AuditPage;
  highlight: number | null;
}

const host = connect<AuditToHost, AuditToWebview, Saved>(parseAuditToWebview);
const app = document.getElementById('app')!;
document.head.append(h('style', {}, auditCss));
let shown: Saved | undefined;
let typing: ReturnType<typeof setTimeout> | undefined;

function button(label: string, onClick: () => void, testId: string, opts: { secondary?: boolean; disabled?: boolean } = {}): HTMLElement {
  const b = h('vscode-button', { secondary: opts.secondary ? '' : undefined, disabled: opts.disabled ? '' : undefined, 'data-testid': testId }, label);
  b.addEventListener('click', () => !opts.disabled && onClick());
  return b;
}

const query = (filter: AuditFilter, offset = 0) => host.post({ type: 'query', filter, offset });

/** yyyy-mm-dd in local time <-> the start of that day, ms since epoch. */
const dayText = (ms: number | undefined) => {
  if (ms === undefined) return '';
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};
const dayStart = (text: string) => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  return m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])).getTime() : undefined;
};

function filters(p: AuditPage): HTMLElement {
  const f = p.filter;
  const action = h('select', { 'data-testid': 'filter-action' }, h('option', { value: '' }, 'any action'), ...p.actions.map((a) => h('option', { value: a }, a)));
  action.value = f.action ?? '';
  const text = (testId: string, value: string | undefined, placeholder: string, list?: string) => {
    const i = h('input', { type: 'search', 'data-testid': testId, placeholder, list });
    i.value = value ?? '';
    return i;
  };
  const object = text('filter-object', f.object, 'churn@2, train@3, a run id');
  const actor = text('filter-actor', f.actor, 'name or email', 'audit-actors');
  const search = text('filter-text', f.text, 'words in any field');
  const since = h('input', { type: 'date', 'data-testid': 'filter-since' });
  since.value = dayText(f.since);
  const current = (): AuditFilter => {
    const out: AuditFilter = {};
    if (action.value) out.action = action.value;
    if (object.value.trim()) out.object = object.value.trim();
    if (actor.value.trim()) out.actor = actor.value.trim();
    if (search.value.trim()) out.text = search.value.trim();
    const s = dayStart(since.value);
    if (s !== undefined) out.since = s;
    return out;
  };
  const now = () => query(current());
  const soon = () => {
    clearTimeout(typing);
    typing = setTimeout(now, 250);
  };
  action.addEventListener('change', now);
  since.addEventListener('change', now);
  for (const i of [object, actor, search]) i.addEventListener('input', soon);
  const label = (name: string, control: HTMLElement) => h('label', {}, name, control);
  return h(
    'div',
    { class: 'filters' },
    label('Action', action),
    label('Object', object),
    label('Who', actor),
    h('datalist', { id: 'audit-actors' }, ...p.actors.map((a) => h('option', { value: a }))),
    label('Search', search),
    label('Since', since),
    button('Clear', () => query({}), 'filter-clear', { secondary: true }),
  );
}

function verification(p: AuditPage): HTMLElement | null {
  const v = p.verification;
  if (!v) return null;
  if (v.ok) {
    return h(
      'div',
      { class: 'verification ok', 'data-testid': 'verification', 'data-ok': 'true' },
      h('span', {}, `Verified: ${v.entries} entr${v.entries === 1 ? 'y' : 'ies'}, every hash matches. Head `, h('code', {}, v.head)),
      button('Copy Head', () => host.post({ type: 'copyHead' }), 'copy-head', { secondary: true }),
    );
  }
  return h('div', { class: 'verification bad', role: 'alert', 'data-testid': 'verification', 'data-ok': 'false' }, h('strong', {}, `Entry ${v.seq} does not verify (${v.problem}). `), v.message);
}

function pager(p: AuditPage): HTMLElement {
  const first = p.matching ? p.offset + 1 : 0;
  const last = p.offset + p.rows.length;
  const of = p.matching === p.total ? `${p.total}` : `${p.matching} matching (of ${p.total})`;
  return h(
    'div',
    { class: 'pager' },
    button('Newer', () => query(p.filter, Math.max(0, p.offset - p.pageSize)), 'page-newer', { secondary: true, disabled: p.offset === 0 }),
    h('span', { 'data-testid': 'audit-count' }, `${first}–${last} of ${of}`),
    button('Older', () => query(p.filter, p.offset + p.pageSize), 'page-older', { secondary: true, disabled: last >= p.matching }),
  );
}

function render(s: Saved): void {
  const { page } = s;
  app.replaceChildren(
    ...present(
      h('header', {}, h('h1', {}, 'Audit Log'), button('Verify', () => host.post({ type: 'verify' }), 'verify')),
      h('p', { class: 'muted small' }, 'Every change to the store, newest first. Each entry is hash-chained to the one before it, so an edited or deleted entry is found by Verify.'),
      verification(page),
      filters(page),
      pager(page),
      page.rows.length ? auditTable(page.rows, s.highlight) : h('p', { class: 'muted', 'data-testid': 'audit-empty' }, page.total ? 'No entry matches the filter.' : 'The audit log is empty: changes to the store (runs, dataset versions, models, aliases) add entries.'),
      page.rows.length > 30 ? pager(page) : null,
    ),
  );
  app.setAttribute('aria-busy', 'false');
  if (s.highlight !== null) app.querySelector(`tr[data-seq="${s.highlight}"]`)?.scrollIntoView({ block: 'center' });
}

host.listen((message) => {
  if (message.type === 'audit') {
    // Keep the focused filter field focused across the redraw (typing refreshes the page).
    const focused = (document.activeElement as HTMLElement | null)?.dataset.testid;
    const caret = document.activeElement instanceof HTMLInputElement && document.activeElement.type === 'search' ? document.activeElement.selectionStart : null;
    shown = { page: message.page, highlight: message.highlight };
    host.saveState(shown);
    render(shown);
    const again = focused ? app.querySelector<HTMLElement>(`[data-testid="${focused}"]`) : null;
    again?.focus();
    if (again instanceof HTMLInputElement && caret !== null) again.setSelectionRange(caret, caret);
  } else {
    app.replaceChildren(h('p', { class: 'error', role: 'alert', 'data-testid': 'error' }, message.message));
    app.setAttribute('aria-busy', 'false');
  }
});

shown = host.state();
if (shown) render(shown);
host.post({ type: 'ready' });
