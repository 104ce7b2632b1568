// A stage's `registers.promote`: the version its run registered moves the alias only through the
// gate, with no hand in between. The gate is evaluated and stored as for a protected alias (setAlias
// with gate), so the move, its gate result and their audit entries are written together; a refused
// gate leaves the alias where it was and the version registered.
import type { MlopsConfig } from '../config/types';
import { AliasUnchangedError, GateRefusedError, setAlias } from '../registry/aliases';
import { runDeployHook } from '../registry/deployHook';
import { gateVerdictText } from '../registry/gateText';
import { formatModelRef } from '../registry/modelRef';
import { metricsJson } from '../registry/registerModel';
import { versionsFromRun } from '../registry/modelVersions';
import { RegistryError } from '../registry/types';
import type { Store } from '../store/store';

export interface PromoteStageOptions {
  runId: string;
  model: string;
  alias: string;
  pipeline: string;
  stage: string;
}

export interface PromoteResult {
  moved: boolean;
  version?: number;
  /** One line for the repro's output and the stage's failure message. */
  summary: string;
}

/** The reason recorded on a stage's alias move (alias history, audit log). */
export const promoteReason = (pipeline: string, stage: string) => `pipeline ${pipeline} stage ${stage}: gate passed`;

/**
 * Moves `alias` to the version of `model` that `runId` registered when the gate passes against the
 * version the alias holds (an alias not set yet: the gate's thresholds alone). moved false with the
 * reason otherwise: no version registered, a gate that fails or cannot be evaluated. The alias's
 * deploy hook runs after a move (the pipeline already runs mlops.json's commands, so the workspace
 * is trusted); a failing hook does not undo the move, the summary says so. The workspace root is
 * the store's (store.root).
 */
export async function promoteStageModel(store: Store, _workspaceRoot: string, config: MlopsConfig, opts: PromoteStageOptions): Promise<PromoteResult> {
  const { runId, model, alias, pipeline, stage } = opts;
  // The run's newest version of the model (a stage registers once; a re-registration would be newer).
  const version = versionsFromRun(store, runId)
    .filter((v) => v.model === model)
    .pop()?.version;
  if (version === undefined) {
    return { moved: false, summary: `Stage ${stage} of pipeline ${pipeline} registered no version of ${model} (run ${runId}), so ${model}@${alias} did not move: check its registers.artifact is one of its outs.` };
  }
  const ref = formatModelRef(model, version);
  // The launcher registered the version as the run ended, before the stage's metrics file was read
  // into the run: copy the run's metrics again so the version (and the gate) has them.
  store.db.prepare('UPDATE model_versions SET metrics_json = ? WHERE model = ? AND version = ?').run(metricsJson(store, runId), model, version);
  let event;
  try {
    event = setAlias(store, config, { model, alias, version, reason: promoteReason(pipeline, stage), gate: true });
  } catch (err) {
    if (err instanceof AliasUnchangedError) return { moved: false, version, summary: `${model}@${alias} already points at ${ref}: nothing moved.` };
    if (err instanceof GateRefusedError) return { moved: false, version, summary: `${gateVerdictText(err.gate)} (gate result ${err.gate.id}); ${model}@${alias} did not move, ${ref} stays registered.` };
    // No gate declared, a metric missing, different evaluation data: said with its fix.
    if (err instanceof RegistryError) return { moved: false, version, summary: `${model}@${alias} did not move to ${ref}: ${err.message}` };
    throw err;
  }
  const from = event.oldVersion === null ? 'unset' : formatModelRef(model, event.oldVersion);
  let summary = `${model}@${alias}: ${from} -> ${ref} (gate passed${event.gate ? `, result ${event.gate.id}` : ''}).`;
  const hook = await runDeployHook(store, config, event, { trusted: true }).catch((err: Error) => ({ exitCode: -1, output: err.message }));
  if (hook && hook.exitCode !== 0) summary += ` Its deploy hook failed (exit ${hook.exitCode}; output in the audit log): the alias moved, the deploy did not.`;
  else if (hook) summary += ' Deploy hook exited 0.';
  return { moved: true, version, summary };
}
