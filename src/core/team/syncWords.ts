// The words of a push or pull that the CLI and VS Code share: record kinds, counts, a renumbered
// version, an alias move a teammate won. Each face adds its own framing (a terminal line, a message).
import { formatTime } from '../../shared/utcTime';
import type { AliasConflict, RecordCounts, RecordKind } from './types';

export const kindNames: Record<RecordKind, [string, string]> = {
  run: ['run', 'runs'],
  pipeline_run: ['pipeline run', 'pipeline runs'],
  dataset_version: ['dataset version', 'dataset versions'],
  model_version: ['model version', 'model versions'],
  alias_event: ['alias move', 'alias moves'],
  audit: ['audit entry', 'audit entries'],
  drift_check: ['drift check', 'drift checks'],
};

export const plural = (n: number, [one, many]: [string, string]) => `${n} ${n === 1 ? one : many}`;

/** "5 runs", "1 dataset version", ... for the kinds with a count. */
export function countsText(counts: RecordCounts): string[] {
  return (Object.keys(kindNames) as RecordKind[]).filter((k) => counts[k] > 0).map((k) => plural(counts[k], kindNames[k]));
}

/** "train v3 (local) is now v5": the ref may carry a number (train@5); the line names both itself. */
export const renumberedText = (r: { ref: string; from: number; to: number }) => `${r.ref.replace(/@\d+$/, '')} v${r.from} (local) is now v${r.to}`;

/** "Bob <bob@x> moved it to churn@4 at 2026-12-06 10:02:00 UTC; your move to churn@5 was not applied" */
export function aliasConflictWords(c: AliasConflict): string {
  const held = c.heldNumber === null ? 'removed it' : `moved it to ${c.model}@${c.heldNumber}`;
  const wanted = c.wantedNumber === null ? `your removal of ${c.model}@${c.alias}` : `your move to ${c.model}@${c.wantedNumber}`;
  return `${c.movedBy} ${held} at ${formatTime(c.movedAt)}; ${wanted} was not applied`;
}
