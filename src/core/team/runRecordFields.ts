// The fields a run record carries only when they are set (recordTypes.RunUsageFields): its usage and
// cost, and the pipeline run and stage that executed it. Left out when NULL, so every run recorded
// before they existed, or without them, keeps the record and digest it was pushed with.
import { recordDigest } from './recordDigest';
import type { RunRecord, RunUsageFields } from './recordTypes';

/** The runs columns of these fields, as runRecord reads them and pull writes them. */
export const runUsageColumns = ['cpu_seconds', 'gpu_seconds', 'gpu_util', 'cost', 'currency', 'pipeline_run_id', 'stage'] as const satisfies readonly (keyof RunUsageFields)[];

/** These columns as the runs table holds them. */
export type RunUsageRow = { [K in keyof RunUsageFields]-?: Exclude<RunUsageFields[K], undefined> | null };

const numeric = new Set<string>(['cpu_seconds', 'gpu_seconds', 'gpu_util', 'cost']);

/** Each column's value kept when it has its type (a finite number, a text), else null: unset. */
function typed(source: object): RunUsageRow {
  const out: Record<string, number | string | null> = {};
  for (const c of runUsageColumns) {
    const v = (source as Record<string, unknown>)[c];
    out[c] = numeric.has(c) ? (typeof v === 'number' && Number.isFinite(v) ? v : null) : typeof v === 'string' ? v : null;
  }
  return out as RunUsageRow;
}

/** The fields of a runs row that are set. */
export function runUsageFields(row: RunUsageRow): RunUsageFields {
  const values = typed(row);
  return Object.fromEntries(runUsageColumns.filter((c) => values[c] !== null).map((c) => [c, values[c]]));
}

/** The columns' values for a pulled record: NULL for each field it lacks (an older push). */
export function runUsageValues(run: RunRecord['run']): RunUsageRow {
  return typed(run);
}

/**
 * Whether the team store's record of a run and this store's are the same run although their digests
 * differ: equal once each field above is dropped where either side lacks it. That is a run pushed
 * before these fields travelled (its record has none), or a pulled stage run whose pipeline run is not
 * here (pipeline_run_id stays NULL). A field both sides carry must still be equal.
 */
export function sameRunContent(theirs: RunRecord, ours: RunRecord): boolean {
  const a: Record<string, unknown> = { ...theirs.run };
  const b: Record<string, unknown> = { ...ours.run };
  for (const c of runUsageColumns) {
    if (a[c] === undefined || b[c] === undefined) {
      delete a[c];
      delete b[c];
    }
  }
  return recordDigest({ ...theirs, run: a }) === recordDigest({ ...ours, run: b });
}
