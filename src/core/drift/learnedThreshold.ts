// Thresholds learned from the reference (`"threshold": "reference"`, NannyML's rule): the reference's
// values are split, in row order and never shuffled, into chunks; each chunk is scored against the
// whole reference with the column's test; drift is a score above mean + 3 standard deviations
// (population std, ddof 0) of the chunk scores.
// The score of a distance is its statistic. The score of a p-value test is -log10(p), so that larger
// means further apart on every test; its learned threshold is given back as a p-value,
// 10^-(mean + 3 std), and a batch drifts when its p-value is below it. Both are fair when a batch is
// about as large as a chunk (the reference's size / chunks): p-values shrink as samples grow.
import type { ColumnData } from './columnData';
import type { ColumnSide } from './columnInputs';
import { scoreColumn } from './scoreColumn';
import { sortFloat64 } from './sortFloat64';
import type { TestInfo } from './registry';

export const DEFAULT_CHUNKS = 10;

/** -log10 p, with p = 0 (underflow) taken as the smallest double so the score stays finite. */
export function pValueScore(p: number): number {
  return -Math.log10(Math.max(p, Number.MIN_VALUE));
}

/** The column's side as a test reads it. */
export function sideOf(column: ColumnData): ColumnSide {
  return column.type === 'numeric' ? { type: 'numeric', values: column.values } : { type: 'categorical', counts: column.counts };
}

/** The column's values in `chunks` consecutive parts of about equal size, in row order. */
export function chunkSides(column: ColumnData, chunks = DEFAULT_CHUNKS): ColumnSide[] {
  if (!column.rowOrder) throw new Error(`column ${column.name} was read without its row order: chunks need it.`);
  const sides: ColumnSide[] = [];
  if (column.type === 'numeric') {
    const all = column.rowOrder;
    for (let k = 0; k < chunks; k++) {
      const part = sortFloat64(all.slice(Math.floor((k * all.length) / chunks), Math.floor(((k + 1) * all.length) / chunks)));
      sides.push({ type: 'numeric', values: part });
    }
    return sides;
  }
  const { categories, codes } = column.rowOrder;
  for (let k = 0; k < chunks; k++) {
    const counts = new Map<string, number>();
    for (let i = Math.floor((k * codes.length) / chunks); i < Math.floor(((k + 1) * codes.length) / chunks); i++) {
      const c = categories[codes[i]];
      counts.set(c, (counts.get(c) ?? 0) + 1);
    }
    sides.push({ type: 'categorical', counts });
  }
  return sides;
}

/** Each chunk's score against the whole reference (chunks left empty are skipped). */
export function chunkScores(info: TestInfo, column: ColumnData, chunks = DEFAULT_CHUNKS): number[] {
  const whole = sideOf(column);
  const scores: number[] = [];
  for (const side of chunkSides(column, chunks)) {
    if (side.type === 'numeric' ? side.values.length === 0 : side.counts.size === 0) continue;
    const r = scoreColumn(info, whole, side);
    const score = info.kind === 'pvalue' ? (r.pValue === null ? NaN : pValueScore(r.pValue)) : r.statistic;
    if (!Number.isNaN(score)) scores.push(score);
  }
  return scores;
}

/** The threshold the chunk scores teach: a distance, or for p-value tests a p-value; NaN with no scores. */
export function learnedThreshold(kind: TestInfo['kind'], scores: readonly number[]): number {
  if (!scores.length) return NaN;
  const mean = scores.reduce((s, x) => s + x, 0) / scores.length;
  const std = Math.sqrt(scores.reduce((s, x) => s + (x - mean) ** 2, 0) / scores.length);
  const limit = mean + 3 * std;
  return kind === 'pvalue' ? 10 ** -limit : limit;
}
