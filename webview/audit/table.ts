import type { AuditRow } from '../../src/shared/auditData';
import { h } from '../common/dom';

const time = (ms: number) => {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
};

/** One page of entries, newest first; the entry verification found bad is marked. */
export function auditTable(rows: AuditRow[], highlight: number | null): HTMLTableElement {
  return h(
    'table',
    { class: 'audit', 'data-testid': 'audit-table' },
    h('thead', {}, h('tr', {}, ...(['seq:#', 'at:When', 'action:Action', 'object:Object', 'actor:Who', 'reason:Why', 'details:Details'] as const).map((c) => h('th', { scope: 'col', class: `col-${c.split(':')[0]}` }, c.split(':')[1])))),
    h(
      'tbody',
      {},
      ...rows.map((r) =>
        h(
          'tr',
          { 'data-seq': String(r.seq), class: r.seq === highlight ? 'bad' : undefined, title: `hash ${r.hash}` },
          h('td', { class: 'seq' }, String(r.seq)),
          h('td', { class: 'at', title: new Date(r.at).toISOString() }, time(r.at)),
          h('td', { class: 'action' }, r.action),
          h('td', { class: 'object', title: r.object }, r.object),
          h('td', { class: 'actor', title: r.actor }, r.actor),
          h('td', { class: 'reason' }, r.reason),
          h('td', { class: 'details', title: r.details }, r.details),
        ),
      ),
    ),
  );
}
