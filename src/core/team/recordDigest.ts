// The digests that tell push whether the team store already holds a record as it is here: SHA-256
// of the canonical JSON (RFC 8785, as the audit chain hashes) of what travels. Never of local ids,
// origin or pushed state, so the same record digests the same in every workspace.
import { createHash } from 'node:crypto';
import { canonicalJson } from '../audit/canonicalJson';

/** SHA-256 hex of value's canonical JSON (no NaN or Infinity: records carry those as null or text). */
export function recordDigest(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

// team_records.digest of a run or a model version is the digest of what stays editable after it is
// pushed (pull computes the same in pullDigests.ts): push sends it again when it changes here.

/** A run's editable part: its tags and note. */
export function runTagsDigest(tags: Record<string, string>, note: string): string {
  return recordDigest({ tags, note });
}

/** A model version's editable part: its tags. */
export function modelTagsDigest(tags: Record<string, string>): string {
  return recordDigest({ tags });
}

export interface MetricRow {
  key: string;
  step: number;
  /** null is NaN, as in the local store and on the team store. */
  value: number | null;
  timestamp: number;
}

/**
 * SHA-256 over metric rows in (key, step, timestamp, value) order, sorted here so any reader (SQLite
 * or PostgreSQL, which order NULL differently) gets the same digest: one "key\tstep\ttimestamp\tvalue\n"
 * line per row, NaN written NaN, infinities as Infinity and -Infinity.
 */
export function metricRowsDigest(rows: readonly MetricRow[]): string {
  // Readers usually hand rows already in this order (ORDER BY in SQL): checked in one pass, sorted only if not.
  const sorted = isSorted(rows) ? rows : [...rows].sort(compareMetricRows);
  const hash = createHash('sha256');
  let buf = '';
  for (const r of sorted) {
    buf += `${r.key}\t${r.step}\t${r.timestamp}\t${r.value === null ? 'NaN' : String(r.value)}\n`;
    if (buf.length > 65536) {
      hash.update(buf);
      buf = '';
    }
  }
  return hash.update(buf).digest('hex');
}

function isSorted(rows: readonly MetricRow[]): boolean {
  for (let i = 1; i < rows.length; i++) if (compareMetricRows(rows[i - 1], rows[i]) > 0) return false;
  return true;
}

function compareMetricRows(a: MetricRow, b: MetricRow): number {
  if (a.key !== b.key) return a.key < b.key ? -1 : 1;
  if (a.step !== b.step) return a.step - b.step;
  if (a.timestamp !== b.timestamp) return a.timestamp - b.timestamp;
  // NaN (null) first, then by value.
  if (a.value === null || b.value === null) return a.value === b.value ? 0 : a.value === null ? -1 : 1;
  return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
}
