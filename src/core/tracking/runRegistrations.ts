import type { MlopsConfig } from '../config/types';
import { registerModel } from '../registry/registerModel';
import type { ModelVersion } from '../registry/types';
import type { Store } from '../store/store';

/** One model a finished run registers: mlops.json's `runs.NAME.registers`, or a register_model call. */
export interface RegistrationRequest {
  model: string;
  /** The file or folder, workspace-relative (as the run's artifacts are recorded); absent: the run's only output. */
  artifact?: string;
  description?: string;
  tags?: Record<string, string>;
}

/**
 * What `runs.NAME.registers` asks for. Without an artifact the run's only declared output is meant;
 * with none or several, registerModel is left to pick the run's only artifact or say which to name.
 */
export function configuredRegistration(registers: { model: string; artifact?: string } | undefined, outputs: string[] | undefined): RegistrationRequest | undefined {
  if (!registers) return undefined;
  const artifact = registers.artifact ?? (outputs?.length === 1 ? outputs[0] : undefined);
  return { model: registers.model, ...(artifact ? { artifact } : {}) };
}

/**
 * Registers each request as a new version of its model, from a run that finished with exit code 0
 * and whose artifacts are stored. A failure is reported (`report` writes to the run's output) and
 * the others still go ahead: registering is a step after the run, never a reason to call it failed.
 */
export async function registerRunModels(store: Store, config: MlopsConfig, runId: string, requests: RegistrationRequest[], report: (line: string) => void): Promise<ModelVersion[]> {
  const registered: ModelVersion[] = [];
  for (const r of requests) {
    try {
      const v = await registerModel(store, config, { model: r.model, runId, artifact: r.artifact, description: r.description, tags: r.tags });
      registered.push(v);
      report(`[mlops] registered ${v.model}@${v.version} from ${v.artifact.path}\n`);
    } catch (err) {
      report(`[mlops] could not register model ${r.model}${r.artifact ? ` from ${r.artifact}` : ''}: ${(err as Error).message} (the run itself finished)\n`);
    }
  }
  return registered;
}
