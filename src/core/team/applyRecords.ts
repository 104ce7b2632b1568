// One page of mlops.changes_since applied to the local store, record by record in sequence order,
// by the applyRecords* file of its kind. The caller wraps it in one transaction with pulled_seq.
import { applyAudit } from './applyRecordsAudit';
import { applyDataset, applyDatasetVersion } from './applyRecordsData';
import { applyDriftCheck } from './applyRecordsDrift';
import { applyAlias, applyAliasEvent, applyModel, applyModelVersion } from './applyRecordsModels';
import { applyPipelineRun } from './applyRecordsPipelines';
import { applyRun } from './applyRecordsRuns';
import { toInt, type ApplyContext, type ChangeRow } from './applyRecordsShared';

type Apply = (ctx: ApplyContext, payload: Record<string, unknown>, seq: number) => void;

const appliers: Record<string, Apply> = {
  dataset: applyDataset,
  dataset_version: applyDatasetVersion,
  run: applyRun,
  pipeline_run: applyPipelineRun,
  model: applyModel,
  model_version: applyModelVersion,
  alias: applyAlias,
  alias_event: applyAliasEvent,
  audit: applyAudit,
  drift_check: applyDriftCheck,
  // Nothing to keep here: who pushed from where, and which aliases only mlops_release may move
  // (the team store enforces that itself).
  workspace: () => undefined,
  protected_alias: () => undefined,
};

/** Applies rows in order; returns the last sequence applied. */
export function applyPage(ctx: ApplyContext, rows: readonly ChangeRow[]): number {
  let last = 0;
  for (const row of rows) {
    const seq = toInt(row.seq, 'change sequence');
    const apply = appliers[row.kind];
    // A kind from a newer team store schema: skipping it would lose it for good once pulled_seq
    // moves past it, so stop and say what to do.
    if (!apply) throw new Error(`the team store sent a record of kind "${row.kind}" (seq ${seq}) that this mlops does not know: update MLOps Workbench, then pull again`);
    try {
      apply(ctx, row.payload, seq);
    } catch (err) {
      if (err instanceof Error) err.message = `pulling ${row.kind} record (seq ${seq}): ${err.message}`;
      throw err;
    }
    last = seq;
  }
  return last;
}
