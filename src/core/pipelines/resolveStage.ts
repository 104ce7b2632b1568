// One stage of mlops.json's "pipelines" as the rest of the pipeline code sees it: params substituted
// into the command, paths workspace-relative and '/'-separated, a dataset name replaced by its path,
// prices merged. The lexical part (stageSpec) needs no disk, so mlops.json's problems share it with
// the editor before any workspace is known; resolveStage adds the checks against the workspace.
import * as path from 'node:path';
import type { MlopsConfig, PipelineConfig, Prices } from '../config/types';
import { resolvesInside } from '../data/workspacePaths';
import { substituteTemplate, TemplateError } from '../tracking/commandTemplate';
import { resolveRunCwd, RunCwdError } from '../tracking/runCwd';
import { PipelineError, type StageSpec } from './types';

/** Where under a stage's object a problem lies (["outs", 1], ["command"]), with what is wrong and the fix. */
export interface StageIssue {
  stage: string;
  at: (string | number)[];
  message: string;
}

/** `p` made workspace-relative without the disk: '/'-separated, normalized; undefined when it leaves the workspace. */
export function lexicalRel(p: string): string | undefined {
  const posix = path.posix.normalize(p.split('\\').join('/')).replace(/\/+$/, '') || '.';
  if (path.posix.isAbsolute(posix) || path.win32.isAbsolute(p) || posix === '..' || posix.startsWith('../')) return undefined;
  return posix;
}

/** Whether workspace-relative `p` is `dir` or lies inside it ('.' holds everything). */
export function pathWithin(p: string, dir: string): boolean {
  return dir === '.' || p === dir || p.startsWith(`${dir}/`);
}

function mergePrices(...layers: (Prices | undefined)[]): Prices | undefined {
  const present = layers.filter((l): l is Prices => !!l);
  return present.length ? present.reduce<Prices>((merged, l) => ({ ...merged, ...l }), {}) : undefined;
}

/** The pipeline named `name` as written; an unknown name is a PipelineError listing the declared ones. */
export function pipelineConfig(config: MlopsConfig, name: string): PipelineConfig {
  const p = Object.hasOwn(config.pipelines, name) ? config.pipelines[name] : undefined;
  if (p) return p;
  const names = Object.keys(config.pipelines);
  throw new PipelineError(`No pipeline "${name}" in mlops.json (${names.length ? `pipelines: ${names.join(', ')}` : 'mlops.json declares no "pipelines"'}): add it under "pipelines", or fix the name.`);
}

/**
 * The stage resolved without touching the disk. Each problem found is pushed to `issues` (so the
 * editor can show them all); the spec keeps going with what it could resolve.
 */
export function stageSpec(config: MlopsConfig, pipeline: string, stage: string, issues: StageIssue[]): StageSpec {
  const p = pipelineConfig(config, pipeline);
  const s = Object.hasOwn(p.stages, stage) ? p.stages[stage] : undefined;
  if (!s) throw new PipelineError(`Pipeline "${pipeline}" has no stage "${stage}" (stages: ${Object.keys(p.stages).join(', ') || 'none'}): fix the name.`);
  const issue = (at: (string | number)[], message: string) => issues.push({ stage, at, message });
  const params = { ...(s.params ?? {}) };

  let command = s.command;
  try {
    command = substituteTemplate(s.command, (name) => {
      if (!Object.hasOwn(params, name)) {
        const known = Object.keys(params);
        throw new TemplateError(`stage "${stage}" of pipeline "${pipeline}" uses \${params.${name}} but has no param "${name}"${known.length ? ` (params: ${known.join(', ')})` : ''}: add it to the stage's "params", or fix the name.`);
      }
      return String(params[name]);
    });
  } catch (err) {
    if (!(err instanceof TemplateError)) throw err;
    issue(['command'], err.message.startsWith('stage "') ? err.message : `stage "${stage}" of pipeline "${pipeline}": ${err.message}`);
  }

  const rel = (field: string, written: string, at: (string | number)[]): string => {
    const r = lexicalRel(written);
    if (r === undefined) {
      issue(at, `stage "${stage}" of pipeline "${pipeline}": ${field} "${written}" is outside the workspace: give a path inside it, relative to the workspace root.`);
      return written;
    }
    if (field === 'out' && pathWithin(r, '.mlops')) {
      issue(at, `stage "${stage}" of pipeline "${pipeline}": out "${written}" is inside .mlops, the workbench's own store and cache: write the stage's outs elsewhere in the workspace.`);
    }
    return r;
  };

  const deps = [...(s.deps ?? [])];
  const depPaths = deps.map((d, i) => (config.datasets[d] ? rel('dataset path', config.datasets[d].path, ['deps', i]) : rel('dep', d, ['deps', i])));
  const outs = (s.outs ?? []).map((o, i) => rel('out', o, ['outs', i]));
  outs.forEach((o, i) => {
    if (o === '.') issue(['outs', i], `stage "${stage}" of pipeline "${pipeline}": out "${s.outs![i]}" is the whole workspace: name the files or folders the stage writes.`);
    const own = depPaths.findIndex((d) => pathWithin(o, d) || pathWithin(d, o));
    if (own >= 0 && o !== '.') issue(['outs', i], `stage "${stage}" of pipeline "${pipeline}" writes "${o}" and reads "${depPaths[own]}": a stage cannot read what it writes (it would never be up to date); write the out elsewhere, or split the stage.`);
  });
  const cwd = s.cwd === undefined ? '.' : rel('cwd', s.cwd, ['cwd']);
  const metrics = s.metrics === undefined ? undefined : rel('metrics', s.metrics, ['metrics']);
  // The artifact as the outs are written (normalized), so registering finds it among the run's outputs.
  const artifact = s.registers?.artifact === undefined ? undefined : lexicalRel(s.registers.artifact);
  if (s.registers?.artifact !== undefined) {
    if (!artifact || !outs.includes(artifact)) issue(['registers', 'artifact'], `stage "${stage}" of pipeline "${pipeline}" registers "${s.registers.artifact}", which is not among its outs (${outs.join(', ') || 'none'}): add it to "outs", or name one of them.`);
  } else if (s.registers && outs.length !== 1) {
    issue(['registers'], `stage "${stage}" of pipeline "${pipeline}" registers a model but has ${outs.length} outs: name the one to register in "registers.artifact".`);
  }

  const prices = mergePrices(config.cost, p.cost, s.cost);
  return {
    pipeline,
    name: stage,
    commandTemplate: s.command,
    command,
    cwd,
    deps,
    depPaths,
    params,
    outs,
    ...(metrics !== undefined ? { metrics } : {}),
    ...(s.env ? { env: { ...s.env } } : {}),
    ...(s.registers ? { registers: { ...s.registers, ...(artifact ? { artifact } : {}) } } : {}),
    ...(prices ? { prices } : {}),
  };
}

/**
 * The stage resolved against the workspace: throws a PipelineError (with the fix) for the first
 * problem, lexical or on disk (a missing cwd, a path reaching out through a symlink).
 */
export function resolveStage(workspaceRoot: string, config: MlopsConfig, pipeline: string, stage: string): StageSpec {
  const issues: StageIssue[] = [];
  const spec = stageSpec(config, pipeline, stage, issues);
  if (issues.length) throw new PipelineError(issues[0].message);
  try {
    resolveRunCwd(workspaceRoot, spec.cwd);
  } catch (err) {
    if (err instanceof RunCwdError) throw new PipelineError(`stage "${stage}" of pipeline "${pipeline}": ${err.message}`);
    throw err;
  }
  for (const p of [...spec.depPaths, ...spec.outs]) {
    if (!resolvesInside(workspaceRoot, path.resolve(workspaceRoot, p))) {
      throw new PipelineError(`stage "${stage}" of pipeline "${pipeline}": "${p}" reaches outside the workspace through a symlink: name a path inside it.`);
    }
  }
  return spec;
}
