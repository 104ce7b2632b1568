import type { Cell } from './readers/types';
import type { RowValues, TableDiff } from './tableDiff';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Cells longer than this, and rows wider than so many cells, are cut so an example stays one readable line. */
const MAX_CELL = 40;
const MAX_CELLS = 12;

function cellText(v: Cell | undefined): string {
  if (v === null || v === undefined) return '(null)';
  const t = typeof v === 'string' ? (v === '' || /[\s=]/.test(v) ? JSON.stringify(v) : v) : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return t.length > MAX_CELL ? `${t.slice(0, MAX_CELL - 1)}…` : t;
}

/** `name=value` for each cell of an example row, the key columns left out (they are already shown). */
function rowText(values: RowValues, skip: readonly string[]): string {
  const cells = Object.entries(values).filter(([c]) => !skip.includes(c));
  const shown = cells.slice(0, MAX_CELLS).map(([c, v]) => `${c}=${cellText(v)}`);
  if (cells.length > MAX_CELLS) shown.push(`… ${plural(cells.length - MAX_CELLS, 'more column')}`);
  return shown.join(' ');
}

/** The human-readable summary of a table diff (`mlops data diff`, the extension's Show Details). */
export function renderTableDiff(d: TableDiff, a: { label: string }, b: { label: string }): string {
  const out: string[] = [];
  out.push(`${a.label} (${plural(d.a.rows, 'row')}, ${plural(d.a.columns.length, 'column')}) -> ${b.label} (${plural(d.b.rows, 'row')}, ${plural(d.b.columns.length, 'column')})`);
  out.push(d.mode === 'key' ? `rows matched by key: ${d.keys.join(', ')}` : 'rows matched by content: an edited row is one removed and one added (match by a key column to pair them)');
  if (d.columns.added.length || d.columns.removed.length) {
    out.push(d.compared.length ? `rows compared on the ${plural(d.compared.length, 'shared column')}: ${d.compared.join(', ')}` : 'no shared columns: no row can match');
  }
  const r = d.rows;
  out.push(`rows     +${r.added} added  -${r.removed} removed${r.changed === null ? '' : `  ~${r.changed} changed`}  ${r.unchanged} unchanged`);
  const c = d.columns;
  const colParts = [
    ...c.added.map((n) => `+${n}`),
    ...c.removed.map((n) => `-${n}`),
    ...c.retyped.map((t) => `${t.name}: ${t.from} -> ${t.to}`),
    ...(c.reordered ? ['(order changed)'] : []),
  ];
  out.push(`columns  ${colParts.length ? colParts.join('  ') : 'no change'}`);
  const cells = Object.entries(d.changedCells).filter(([, n]) => n > 0);
  if (cells.length) out.push(`changed  ${cells.map(([n, k]) => `${n} ${k}`).join('  ')}`);
  if (d.duplicateKeys.a || d.duplicateKeys.b) out.push(`duplicate keys: ${d.duplicateKeys.a} in A, ${d.duplicateKeys.b} in B (each compared once)`);
  const keyText = (k?: string[]) => (k ? '  ' + d.keys.map((name, i) => `${name}=${k[i]}`).join(' ') : '');
  const ex = d.examples;
  if (ex.added.length || ex.removed.length || ex.changed.length) {
    out.push('examples:');
    const row = (values: RowValues) => {
      const t = rowText(values, d.keys);
      return t ? `  ${t}` : '';
    };
    for (const x of ex.removed) out.push(`  - ${a.label}:${x.line}${keyText(x.key)}${row(x.values)}`);
    for (const x of ex.added) out.push(`  + ${b.label}:${x.line}${keyText(x.key)}${row(x.values)}`);
    for (const x of ex.changed) {
      const cells = x.columns.map((c) => `${c}: ${cellText(x.before[c])} -> ${cellText(x.after[c])}`).join('  ');
      out.push(`  ~ ${a.label}:${x.lineA} -> ${b.label}:${x.lineB}${keyText(x.key)}  ${cells}`);
    }
  }
  for (const p of d.problems.slice(0, 10)) out.push(`warning: ${p.file}:${p.line}: ${p.message}`);
  if (d.problems.length > 10) out.push(`warning: ${d.problems.length - 10} more problems`);
  return out.join('\n');
}
