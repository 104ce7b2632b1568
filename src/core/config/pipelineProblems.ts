// Pipelines that could not run, reported at their line in mlops.json: what buildPipelineGraph and
// resolveStage would refuse (a cycle, two writers of one path, an out in .mlops or outside the
// workspace, an unknown ${params.X}, registers.artifact not an out), and, once the workspace is known,
// a dep that nothing provides, a cwd that is not a folder, a path leaving through a symlink.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findNodeAtLocation, type Node } from 'jsonc-parser';
import { globBase, isGlob, resolvesInside } from '../data/workspacePaths';
import { lexicalGraph } from '../pipelines/graph';
import { lexicalRel, pathWithin } from '../pipelines/resolveStage';
import type { StageSpec } from '../pipelines/types';
import { resolveRunCwd, RunCwdError } from '../tracking/runCwd';
import { jsonPointer, problemLocator } from './problems';
import type { ConfigProblem, MlopsConfig } from './types';

type Segment = string | number;

/** Whether a dep that names no dataset is there to read: on disk (a glob: its fixed folder), or written by another stage. */
function provided(workspaceRoot: string, dep: string, stages: StageSpec[], reader: string): boolean {
  const area = isGlob(dep) ? globBase(dep) : dep;
  if (fs.existsSync(path.resolve(workspaceRoot, dep)) || fs.existsSync(path.resolve(workspaceRoot, area))) return true;
  return stages.some((s) => s.name !== reader && s.outs.some((o) => pathWithin(area, o) || pathWithin(o, area)));
}

/** Problems of every pipeline; `workspaceRoot` adds the checks against the disk. */
export function pipelineProblems(text: string, tree: Node, config: MlopsConfig, workspaceRoot?: string): ConfigProblem[] {
  const locate = problemLocator(text);
  const problems: ConfigProblem[] = [];
  // At the most precise node that exists, else the stage, else the pipeline.
  const at = (pipeline: string, stage: string, segments: Segment[], message: string) => {
    const stagePath: Segment[] = ['pipelines', pipeline, 'stages', stage];
    const tries = [[...stagePath, ...segments], stagePath, ['pipelines', pipeline]];
    const [used, node] = tries.map((s) => [s, findNodeAtLocation(tree, s)] as const).find(([, n]) => n) ?? [tries[0], undefined];
    problems.push(locate(jsonPointer(used), node?.offset ?? 0, node?.length ?? 1, message));
  };
  // Datasets as written: the section may have been dropped for a problem of its own.
  const datasetsNode = findNodeAtLocation(tree, ['datasets']);
  const declared = new Set(datasetsNode?.type === 'object' ? (datasetsNode.children ?? []).map((p) => String(p.children?.[0]?.value)) : []);

  for (const pipeline of Object.keys(config.pipelines)) {
    const graph = lexicalGraph(config, pipeline);
    for (const issue of graph.issues) at(pipeline, issue.stage, issue.at, issue.message);
    if (workspaceRoot === undefined) continue;
    for (const [stage, s] of Object.entries(config.pipelines[pipeline].stages)) {
      const where = `stage "${stage}" of pipeline "${pipeline}"`;
      if (s.cwd !== undefined && lexicalRel(s.cwd) !== undefined) {
        try {
          resolveRunCwd(workspaceRoot, s.cwd);
        } catch (err) {
          if (!(err instanceof RunCwdError)) throw err;
          at(pipeline, stage, ['cwd'], `${where}: ${err.message}`);
        }
      }
      (s.deps ?? []).forEach((dep, i) => {
        if (declared.has(dep)) return;
        const rel = lexicalRel(dep);
        if (rel === undefined) return; // reported above as outside the workspace
        if (!resolvesInside(workspaceRoot, path.resolve(workspaceRoot, rel))) {
          at(pipeline, stage, ['deps', i], `${where}: dep "${dep}" reaches outside the workspace through a symlink: name a path inside it.`);
        } else if (!provided(workspaceRoot, rel, graph.stages, stage)) {
          at(pipeline, stage, ['deps', i], `${where}: no file, folder or dataset named "${dep}"; create it, declare it under "datasets", or add it to the "outs" of the stage that writes it.`);
        }
      });
      (s.outs ?? []).forEach((out, i) => {
        const rel = lexicalRel(out);
        if (rel !== undefined && !resolvesInside(workspaceRoot, path.resolve(workspaceRoot, rel))) {
          at(pipeline, stage, ['outs', i], `${where}: out "${out}" reaches outside the workspace through a symlink: name a path inside it.`);
        }
      });
    }
  }
  return problems;
}
