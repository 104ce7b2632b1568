// Class labels as a monitor's target and prediction columns hold them, and the rows both columns
// fill. Labels are all strings or all numbers, as scikit-learn requires of one target.

export type Label = string | number;

/** A label column: one entry per row, null where the row has no value. */
export type LabelColumn = readonly (string | null)[] | readonly (number | null)[];

/**
 * The order scikit-learn gives labels (numpy's sort of the unique values): numbers ascending,
 * strings by Unicode code point (not UTF-16 units, which differ above U+FFFF, and not locale order).
 */
export function compareLabels(a: Label, b: Label): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a);
  const y = String(b);
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; ) {
    const cx = x.codePointAt(i)!;
    const cy = y.codePointAt(i)!;
    if (cx !== cy) return cx - cy;
    i += cx > 0xffff ? 2 : 1;
  }
  return x.length - y.length;
}

/** The distinct labels of some columns, in scikit-learn's order. */
export function sortedLabels(...columns: readonly (readonly Label[])[]): Label[] {
  const seen = new Set<Label>();
  for (const column of columns) for (const label of column) seen.add(label);
  return [...seen].sort(compareLabels);
}

/** Two label columns with the rows that lack either value left out, and how many those were. */
export interface CompleteLabels {
  target: Label[];
  prediction: Label[];
  /** Positions of the kept rows in the input, so aligned columns (a score) can follow. */
  rows: number[];
  excludedRows: number;
}

export function completeLabels(target: LabelColumn, prediction: LabelColumn): CompleteLabels {
  if (target.length !== prediction.length) {
    throw new Error(`target has ${target.length} rows but prediction has ${prediction.length}: give both columns of the same batch`);
  }
  const kept: CompleteLabels = { target: [], prediction: [], rows: [], excludedRows: 0 };
  let kind: string | undefined;
  for (let i = 0; i < target.length; i++) {
    const t = target[i];
    const p = prediction[i];
    if (t === null || p === null || t === undefined || p === undefined) {
      kept.excludedRows++;
      continue;
    }
    for (const [field, value] of [['target', t], ['prediction', p]] as const) {
      if (kind === undefined) kind = typeof value;
      else if (typeof value !== kind) {
        throw new Error(`${field} row ${i + 1} holds the ${typeof value} ${JSON.stringify(value)} among ${kind} labels: make target and prediction labels all strings or all numbers`);
      }
      if (typeof value === 'number' && !Number.isFinite(value)) {
        throw new Error(`${field} row ${i + 1} holds ${value}, which is no class label: give a finite number or leave the cell empty`);
      }
    }
    kept.target.push(t);
    kept.prediction.push(p);
    kept.rows.push(i);
  }
  return kept;
}
