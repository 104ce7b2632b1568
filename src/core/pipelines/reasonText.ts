// One line per reason a stage would run, shared by the CLI, the Pipelines view and the DAG panel.
import type { Scalar } from '../config/types';
import type { StaleReason } from './types';

const value = (v: Scalar | undefined) => (v === undefined ? '(unset)' : JSON.stringify(v));

export function reasonText(r: StaleReason): string {
  switch (r.kind) {
    case 'never-run':
      return 'never run';
    case 'command':
      return `command changed: ${r.was} -> ${r.now}`;
    case 'param':
      return `param ${r.name} changed ${value(r.was)} -> ${value(r.now)}`;
    case 'dep':
      if (r.change === 'modified') return `${r.path} modified`;
      return r.change === 'added' ? `new dependency ${r.path}` : `dependency ${r.path} ${r.change}`;
    case 'out':
      return `out ${r.path} ${r.change}`;
    case 'upstream':
      return `upstream stage ${r.stage} will run`;
    case 'definition':
      return 'stage definition changed (cwd, env, outs or metrics)';
    case 'forced':
      return 'forced';
  }
}

/** What a repro says when it put back the outs a killed repro's stage left half-written. */
export function putBackText(e: { stage: string; pipelineRunId: string; outs: string[] }): string {
  return `put back ${e.outs.join(', ')} as they were before stage ${e.stage} started in pipeline run ${e.pipelineRunId}, whose repro was killed while it ran`;
}
