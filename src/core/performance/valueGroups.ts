// Rows grouped by equal value, the distinct values ascending: what ROC curves (one step per tied
// score) and isotonic fits (one point per distinct score) are built from. The engine's native sort
// of a Float64Array orders the values; each row then finds its group by binary search, so no
// comparator runs per comparison (several times faster than sorting row indices by a callback).

export interface ValueGroups {
  /** The distinct values, ascending. */
  values: Float64Array;
  /** For each row, the index of its value in `values`. */
  groupOf: Uint32Array;
}

/** Groups finite values (the caller leaves NaN out). */
export function valueGroups(rows: Float64Array): ValueGroups {
  const sorted = rows.slice().sort();
  let distinct = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (i === 0 || sorted[i] !== sorted[distinct - 1]) sorted[distinct++] = sorted[i];
  }
  const values = sorted.slice(0, distinct);
  const groupOf = new Uint32Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const v = rows[i];
    let lo = 0;
    let hi = distinct - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (values[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    groupOf[i] = lo;
  }
  return { values, groupOf };
}
