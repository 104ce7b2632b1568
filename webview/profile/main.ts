import '@vscode-elements/elements/dist/vscode-button/index.js';
import type { View } from 'vega';
import type { ProfileData } from '../../src/shared/profileData';
import { parseProfileToWebview, type ProfileToHost, type ProfileToWebview } from '../../src/shared/protocol';
import { h, present } from '../common/dom';
import { renderVegaLite, themeColors } from '../common/vegaChart';
import { connect } from '../common/vscodeApi';
import { columnCard, type CardChart } from './card';
import { profileCss } from './styles';

const host = connect<ProfileToHost, ProfileToWebview, ProfileData>(parseProfileToWebview);
const app = document.getElementById('app')!;
document.head.append(h('style', {}, profileCss));
let views: View[] = [];
let observer: IntersectionObserver | undefined;

/** The first subject blue, the second orange: distinct on light, dark and high-contrast themes. */
const subjectColors = () => {
  const c = themeColors();
  return [c.blue, c.orange];
};

function button(label: string, onClick: () => void, testId: string, secondary = true): HTMLElement {
  const b = h('vscode-button', { secondary: secondary ? '' : undefined, 'data-testid': testId }, label);
  b.addEventListener('click', onClick);
  return b;
}

function header(data: ProfileData, colors: string[]): HTMLElement[] {
  const subjects = data.subjects.map((s, i) =>
    h(
      'span',
      { class: 'subject', 'data-testid': 'subject' },
      data.subjects.length > 1 ? h('span', { class: 'swatch', style: `background: ${colors[i]}` }) : null,
      h('strong', {}, s.label),
      h('span', { class: 'muted' }, ` ${s.rows.toLocaleString('en-US')} rows · ${s.columns} columns · ${s.format}${s.raggedRows ? ` · ${s.raggedRows.toLocaleString('en-US')} ragged rows left out` : ''}`),
    ),
  );
  const select = h('select', { id: 'compare-with', 'data-testid': 'compare-with' }, h('option', { value: '' }, 'nothing'), ...data.choices.map((c) => h('option', { value: c.id }, c.label)));
  select.value = data.comparedWith ?? '';
  select.disabled = !data.choices.length;
  select.title = data.choices.length ? 'Show another version of this table beside it' : 'Only versioned dataset files have other versions to compare with';
  select.addEventListener('change', () => {
    showProgress(select.value ? `Loading ${select.selectedOptions[0].textContent}` : 'Loading', 0);
    host.post({ type: 'compareWith', target: select.value || null });
  });
  return [
    h('header', {}, h('h1', {}, data.subjects.length > 1 ? 'Profiles side by side' : 'Profile'), button('Export JSON', () => host.post({ type: 'export' }), 'export-json')),
    h('div', { class: 'subjects' }, ...subjects),
    // How each table was read: a title line skipped, many ragged rows left out.
    ...data.subjects.flatMap((s) => (s.notes ?? []).map((n) => h('p', { class: 'note muted', 'data-testid': 'table-note' }, data.subjects.length > 1 ? `${s.label}: ${n}` : n))),
    h('div', { class: 'toolbar' }, h('label', { for: 'compare-with' }, 'Compare with'), select),
  ];
}

function drawWhenVisible(charts: CardChart[]): void {
  observer?.disconnect();
  const pending = new Map(charts.map((c) => [c.host, c.spec]));
  observer = new IntersectionObserver(
    (entries) => {
      for (const e of entries) {
        const spec = e.isIntersecting ? pending.get(e.target as HTMLElement) : undefined;
        if (!spec) continue;
        pending.delete(e.target as HTMLElement);
        observer?.unobserve(e.target);
        renderVegaLite(e.target as HTMLElement, spec)
          .then((v) => views.push(v))
          .catch((err) => (e.target as HTMLElement).replaceChildren(h('p', { class: 'error' }, `The chart could not be drawn: ${String(err)}`)));
      }
    },
    { rootMargin: '400px' },
  );
  for (const c of charts) observer.observe(c.host);
}

let shownSubjects = '';
/** Whole redraws so far, on the root as data-renders: the e2e test's proof that a store change drew nothing. */
let renders = 0;

function render(data: ProfileData): void {
  // Another table starts at its top; the same one (new compare choices) stays where the user is.
  const subjects = JSON.stringify(data.subjects.map((s) => s.label));
  if (shownSubjects && subjects !== shownSubjects) window.scrollTo(0, 0);
  shownSubjects = subjects;
  for (const v of views) v.finalize();
  views = [];
  const colors = subjectColors();
  const cards = data.columns.map((col) => columnCard(col, data.subjects, colors));
  app.replaceChildren(
    ...present(
      ...header(data, colors),
      data.columns.length ? h('div', { class: 'column-cards', 'data-testid': 'column-cards' }, ...cards.map((c) => c.card)) : h('p', { class: 'muted' }, 'This table has no columns.'),
    ),
  );
  app.setAttribute('aria-busy', 'false');
  app.dataset.renders = String(++renders);
  drawWhenVisible(cards.flatMap((c) => (c.chart ? [c.chart] : [])));
}

/** Progress over what is shown (the previous profile stays until the new one arrives). */
function showProgress(label: string, fraction: number): void {
  const existing = document.querySelector<HTMLElement>('[data-testid=progress]');
  const text = `${label}… ${Math.round(fraction * 100)}%`;
  if (existing) {
    existing.querySelector('.label')!.textContent = text;
    existing.querySelector<HTMLElement>('.fill')!.style.width = `${fraction * 100}%`;
    return;
  }
  const bar = h('div', { class: 'progress', 'data-testid': 'progress', role: 'progressbar' }, h('span', { class: 'label' }, text), h('div', { class: 'track' }, h('div', { class: 'fill', style: `width: ${fraction * 100}%` })));
  app.prepend(bar);
  app.setAttribute('aria-busy', 'true');
}

host.listen((message) => {
  if (message.type === 'profile') {
    host.saveState(message.data);
    render(message.data);
  } else if (message.type === 'progress') {
    showProgress(`Profiling ${message.label}`, message.fraction);
  } else {
    // What is still shown (its header names it, its choice back in the dropdown), under the error.
    const shown = host.state();
    if (shown) render(shown);
    else app.replaceChildren();
    app.prepend(h('p', { class: 'error', role: 'alert', 'data-testid': 'error' }, message.message));
    app.setAttribute('aria-busy', 'false');
  }
});

// A restored panel shows its last profile at once; the host sends the current one when ready.
const saved = host.state();
if (saved) render(saved);
host.post({ type: 'ready' });
