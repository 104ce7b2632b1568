// The figures of a column card: one row per statistic, one value per profiled subject, and the change
// from the first to the second.
import type { ProfileColumn } from '../../src/shared/profileData';
import { quantileNames } from '../../src/shared/profileData';
import { formatDifference, formatNumber } from '../../src/shared/format';

export interface FigureRow {
  label: string;
  values: string[];
  /** Second minus first, formatted; '' when either side lacks the figure or it is not a number. */
  change: string;
}

type Figure = { label: string; get: (c: ProfileColumn) => number | string | null | undefined; kind?: 'share' | 'count' };

const pct = (x: number) => `${(x * 100).toFixed(x > 0 && x < 0.001 ? 3 : 1)}%`;

function show(v: number | string | null | undefined, f: Figure, c: ProfileColumn): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.replace(/T00:00:00(\.000)?Z$/, '').replace(/\.000Z$/, 'Z');
  if (f.kind === 'share') return pct(v);
  // A distinct count past the exact bound is an estimate: say so, with its stated error.
  if (f.label === 'distinct' && c.distinctError !== undefined) return `~${formatNumber(v)} (±${pct(c.distinctError)})`;
  return f.kind === 'count' ? v.toLocaleString('en-US') : formatNumber(v);
}

function change(a: number | string | null | undefined, b: number | string | null | undefined, f: Figure): string {
  if (typeof a !== 'number' || typeof b !== 'number' || !Number.isFinite(a) || !Number.isFinite(b)) return '';
  const d = b - a;
  if (d === 0) return '=';
  const sign = d > 0 ? '+' : '−';
  if (f.kind === 'share') return `${sign}${(Math.abs(d) * 100).toFixed(1)} pt`;
  return `${sign}${f.kind === 'count' ? Math.abs(d).toLocaleString('en-US') : formatDifference(a, b)}`;
}

const numeric = (c: ProfileColumn) => c.type === 'integer' || c.type === 'float';

/** Which figures a column shows: counts always, then by type. */
function figuresOf(c: ProfileColumn): Figure[] {
  const out: Figure[] = [
    { label: 'count', get: (x) => x.count, kind: 'count' },
    { label: 'distinct', get: (x) => x.distinct, kind: 'count' },
  ];
  if (numeric(c) || c.type === 'datetime') out.push({ label: 'min', get: (x) => x.min }, { label: 'max', get: (x) => x.max });
  if (numeric(c)) {
    out.push({ label: 'mean', get: (x) => x.mean }, { label: 'std', get: (x) => x.std });
    for (const q of quantileNames) out.push({ label: q, get: (x) => x.quantiles?.[q] });
    out.push({ label: 'zeros', get: (x) => x.zerosShare, kind: 'share' }, { label: 'negatives', get: (x) => x.negativesShare, kind: 'share' });
  }
  if (c.lengths && (c.type === 'string' || c.type === 'datetime')) {
    out.push({ label: 'length min', get: (x) => x.lengths?.min }, { label: 'length mean', get: (x) => x.lengths?.mean }, { label: 'length max', get: (x) => x.lengths?.max });
  }
  return out;
}

/** The rows of a card's figure table over its subjects (null where a subject lacks the column). */
export function figureRows(sides: readonly (ProfileColumn | null)[]): FigureRow[] {
  const first = sides.find((s): s is ProfileColumn => s !== null);
  if (!first) return [];
  // Figures of every side's type: a column turned from integer to string keeps both sets.
  const seen = new Map<string, Figure>();
  for (const s of sides) if (s) for (const f of figuresOf(s)) if (!seen.has(f.label)) seen.set(f.label, f);
  return [...seen.values()].map((f) => {
    const raw = sides.map((s) => (s ? f.get(s) : undefined));
    return {
      label: f.label,
      values: raw.map((v, i) => { const side = sides[i]; return side ? show(v, f, side) : ''; }),
      change: sides.length === 2 ? change(raw[0], raw[1], f) : '',
    };
  });
}

export const isNumericColumn = numeric;

/** A subject's name in a narrow column head: v3, working, or the file's name. */
export function shortLabel(label: string): string {
  const version = /@(\d+)$/.exec(label);
  if (version) return `v${version[1]}`;
  if (label.endsWith('(working file)')) return 'working';
  return label.split('/').pop() ?? label;
}
