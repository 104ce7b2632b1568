// `--candidate pipeline:PIPE`: the version of a model the latest finished run of a pipeline produced,
// so CI can gate what `mlops repro` just made without knowing its run id or version number.
import type { Store } from '../store/store';
import { formatModelRef } from './modelRef';
import { resolveModelRef } from './modelVersions';
import { RegistryError, type ModelVersion } from './types';

export const PIPELINE_CANDIDATE_PREFIX = 'pipeline:';

/**
 * The newest version of `model` registered by a run of the latest finished run of `pipeline`: a stage
 * it ran, or the earlier run whose outs it kept (up to date or restored from the run cache).
 */
export function pipelineCandidate(store: Store, model: string, pipeline: string): ModelVersion {
  const run = store.db
    .prepare("SELECT id, started_at FROM pipeline_runs WHERE pipeline = ? AND status = 'finished' AND dry_run = 0 ORDER BY started_at DESC, id DESC LIMIT 1")
    .get<{ id: string; started_at: number }>(pipeline);
  if (!run) {
    throw new RegistryError(`Pipeline "${pipeline}" has no finished run to take a candidate from: run \`mlops repro ${pipeline}\` first (or give a run id, version number or model reference).`);
  }
  const row = store.db
    .prepare(
      `SELECT MAX(v.version) AS version FROM model_versions v
        WHERE v.model = ? AND v.run_id IN (
          SELECT run_id FROM pipeline_stage_runs WHERE pipeline_run_id = ? AND run_id IS NOT NULL
          UNION SELECT id FROM runs WHERE pipeline_run_id = ?)`,
    )
    .get<{ version: number | null }>(model, run.id, run.id);
  if (row?.version === null || row?.version === undefined) {
    throw new RegistryError(
      `The latest finished run of pipeline "${pipeline}" (${run.id}, ${new Date(Number(run.started_at)).toISOString()}) registered no version of ${model}: ` +
        `a stage registers it with "registers": { "model": "${model}" }; or give the version to gate (e.g. ${formatModelRef(model, 'latest')}).`,
    );
  }
  return resolveModelRef(store, { model, ref: Number(row.version) });
}
