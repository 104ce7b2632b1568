// A drift report as one self-contained HTML file: it opens offline (no external URL, font or script),
// with the summary, a per-column table sortable by clicking its headers, and each column's reference
// and current histograms overlaid as inline SVG. Every text from the data is escaped.
import { escapeHtml } from '../../shared/escapeHtml';
import { multivariateLine } from '../../shared/multivariateLine';
import { testInfo } from './registry';
import type { ColumnDrift, ColumnHistogram, DriftReport } from './reportTypes';


const num = (x: number | null): string => {
  if (x === null) return '';
  if (!Number.isFinite(x) || Number.isInteger(x)) return String(x);
  return Math.abs(x) >= 1e5 || Math.abs(x) < 1e-3 ? x.toExponential(3) : String(Number(x.toPrecision(4)));
};

const W = 420;
const H = 150;
const PAD = 24;

/** Both sides as shares (their totals differ), bars side by side per bin: reference blue, current orange. */
function histogramSvg(h: ColumnHistogram, name: string): string {
  const total = (xs: number[]) => xs.reduce((s, x) => s + x, 0) || 1;
  const rt = total(h.reference);
  const ct = total(h.current);
  const bins = h.reference.length;
  const top = Math.max(...h.reference.map((x) => x / rt), ...h.current.map((x) => x / ct), 1e-12);
  const width = (W - 2 * PAD) / Math.max(bins, 1);
  const bar = (x: number, share: number, cls: string, tip: string) => {
    const height = (share / top) * (H - 2 * PAD);
    return `<rect class="${cls}" x="${x.toFixed(2)}" y="${(H - PAD - height).toFixed(2)}" width="${Math.max(width / 2 - 1, 0.5).toFixed(2)}" height="${height.toFixed(2)}"><title>${escapeHtml(tip)}</title></rect>`;
  };
  const label = (i: number) => (h.categories ? h.categories[i] : `[${num(h.edges![i])}, ${num(h.edges![i + 1])}${i === bins - 1 ? ']' : ')'}`);
  const bars: string[] = [];
  for (let i = 0; i < bins; i++) {
    const x = PAD + i * width;
    bars.push(bar(x, h.reference[i] / rt, 'ref', `${label(i)}: reference ${h.reference[i]} (${((h.reference[i] / rt) * 100).toFixed(1)}%)`));
    bars.push(bar(x + width / 2, h.current[i] / ct, 'cur', `${label(i)}: current ${h.current[i]} (${((h.current[i] / ct) * 100).toFixed(1)}%)`));
  }
  const axis = h.edges
    ? `<text x="${PAD}" y="${H - 6}">${escapeHtml(num(h.edges[0]))}</text><text x="${W - PAD}" y="${H - 6}" text-anchor="end">${escapeHtml(num(h.edges[bins]))}</text>`
    : h.categories!.length <= 8
      ? h.categories!.map((c, i) => `<text x="${(PAD + (i + 0.5) * width).toFixed(2)}" y="${H - 6}" text-anchor="middle">${escapeHtml(c.length > 10 ? c.slice(0, 9) + '…' : c)}</text>`).join('')
      : '';
  return `<svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${escapeHtml(`histograms of ${name}`)}"><line x1="${PAD}" y1="${H - PAD}" x2="${W - PAD}" y2="${H - PAD}" class="axis"/>${bars.join('')}${axis}</svg>`;
}

function row(c: ColumnDrift): string {
  const state = c.problem ? 'failed' : c.drift ? 'drift' : 'ok';
  const cell = (text: string, sort?: number | string) => `<td${sort !== undefined ? ` data-sort="${escapeHtml(String(sort))}"` : ''}>${escapeHtml(text)}</td>`;
  return `<tr class="${state}">${cell(c.name)}${cell(c.type)}${cell(c.method)}${cell(num(c.statistic), c.statistic ?? '')}${cell(num(c.pValue), c.pValue ?? '')}${cell(`${testInfo(c.method).kind === 'pvalue' ? 'p < ' : '>= '}${num(c.threshold)}${c.thresholdSource === 'reference' ? ' (learned)' : ''}`, c.threshold)}${cell(state === 'failed' ? `failed: ${c.problem}` : state)}${cell(`${c.missing.reference} / ${c.missing.current}`)}</tr>`;
}

const STYLE = `body{font:14px system-ui,sans-serif;margin:24px;color:#222}h1{font-size:20px}table{border-collapse:collapse;margin:12px 0}
th,td{padding:4px 10px;border-bottom:1px solid #ddd;text-align:left}th{cursor:pointer;user-select:none;background:#f4f4f4}
tr.drift td{background:#fde8e8}tr.failed td{background:#fff3cd}.summary{font-size:16px}.charts{display:flex;flex-wrap:wrap;gap:16px}
figure{margin:0;border:1px solid #ddd;padding:8px}figcaption{font-weight:600}rect.ref{fill:#1f77b4;opacity:.8}rect.cur{fill:#ff7f0e;opacity:.8}
line.axis{stroke:#888}svg text{font-size:10px;fill:#555}.legend span{display:inline-block;width:10px;height:10px;margin:0 4px 0 12px}`;

// Clicking a header sorts by that column (numbers by data-sort, text otherwise); again reverses.
const SCRIPT = `document.querySelectorAll('th').forEach((th,i)=>th.addEventListener('click',()=>{const tb=th.closest('table').tBodies[0];const asc=th.dataset.asc!=='1';th.dataset.asc=asc?'1':'0';const key=r=>{const c=r.cells[i];const s=c.dataset.sort;return s!==undefined&&s!==''&&!isNaN(+s)?+s:c.textContent};[...tb.rows].sort((a,b)=>{const x=key(a),y=key(b);const d=typeof x==='number'&&typeof y==='number'?x-y:String(x).localeCompare(String(y));return asc?d:-d}).forEach(r=>tb.appendChild(r))}))`;

export function renderDriftHtml(r: DriftReport): string {
  const compared = r.columns.filter((c) => !c.problem);
  const drifted = compared.filter((c) => c.drift).length;
  const title = `Drift: ${r.current.label} against ${r.reference.label}`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><h1>${escapeHtml(title)}</h1>
<p class="summary"><strong>${r.datasetDrift ? 'Dataset drift' : 'No dataset drift'}</strong>: ${drifted} of ${compared.length} compared columns drifted (${(r.share * 100).toFixed(1)}%; dataset drift at ${(r.driftShare * 100).toFixed(0)}%). Reference ${escapeHtml(r.reference.label)}: ${r.reference.rows} rows; current ${escapeHtml(r.current.label)}: ${r.current.rows} rows.${r.correction !== 'none' ? ` P-values corrected (${r.correction === 'bh' ? 'Benjamini-Hochberg' : 'Bonferroni'}).` : ''}</p>
${r.multivariate ? `<p class="summary">${escapeHtml(multivariateLine(r.multivariate))}</p>
` : ''}${r.problems.length ? `<ul class="problems">${r.problems.map((p) => `<li>${escapeHtml(p)}</li>`).join('')}</ul>` : ''}
<table><thead><tr><th>column</th><th>type</th><th>test</th><th>statistic</th><th>p-value</th><th>threshold</th><th>drift</th><th>missing (ref / cur)</th></tr></thead>
<tbody>${r.columns.map(row).join('\n')}</tbody></table>
<p class="legend"><span style="background:#1f77b4"></span>reference<span style="background:#ff7f0e"></span>current (shares of each side)</p>
<div class="charts">${r.columns
    .filter((c) => c.histogram)
    .map((c) => `<figure><figcaption>${escapeHtml(c.name)}${c.drift ? ' (drift)' : ''}</figcaption>${histogramSvg(c.histogram!, c.name)}</figure>`)
    .join('\n')}</div>
<script>${SCRIPT}</script>
</body></html>
`;
}
