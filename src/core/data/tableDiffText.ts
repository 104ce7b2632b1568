import type { TableDiff } from './tableDiff';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The human-readable summary of a table diff (`mlops data diff`, the extension's Show Details). */
export function renderTableDiff(d: TableDiff, a: { label: string }, b: { label: string }): string {
  const out: string[] = [];
  out.push(`${a.label} (${plural(d.a.rows, 'row')}, ${plural(d.a.columns.length, 'column')}) -> ${b.label} (${plural(d.b.rows, 'row')}, ${plural(d.b.columns.length, 'column')})`);
  out.push(d.mode === 'key' ? `rows matched by key: ${d.keys.join(', ')}` : 'rows matched by content (give --key COL to see changed rows)');
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
    for (const x of ex.removed) out.push(`  - ${a.label}:${x.line}${keyText(x.key)}`);
    for (const x of ex.added) out.push(`  + ${b.label}:${x.line}${keyText(x.key)}`);
    for (const x of ex.changed) out.push(`  ~ ${a.label}:${x.lineA} -> ${b.label}:${x.lineB}${keyText(x.key)}  (${x.columns.join(', ')})`);
  }
  for (const p of d.problems.slice(0, 10)) out.push(`warning: ${p.file}:${p.line}: ${p.message}`);
  if (d.problems.length > 10) out.push(`warning: ${d.problems.length - 10} more problems`);
  return out.join('\n');
}
