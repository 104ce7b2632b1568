// Problems that only show against the workspace on disk, or between sections: what `validate`, `run`
// and `data` would refuse later, reported up front at the line that causes it, so `doctor`, every
// command and the editor's diagnostics all list the same ones.
import * as fs from 'node:fs';
import { findNodeAtLocation, type Node } from 'jsonc-parser';
import { checkDeclaredPath, DatasetError } from '../data/datasetItems';
import { OutsideWorkspaceError } from '../data/workspacePaths';
import { resolveRunCwd, RunCwdError } from '../tracking/runCwd';
import { monitorProblems } from './monitorProblems';
import { jsonPointer, problemLocator } from './problems';
import type { ConfigProblem, MlopsConfig } from './types';

type Segment = string | number;

/** An existing folder; anything unreadable is not one (its dataset's own problems say why). */
function isFolder(abs: string): boolean {
  try {
    return fs.statSync(abs).isDirectory();
  } catch {
    return false;
  }
}

export function workspaceProblems(workspaceRoot: string, text: string, tree: Node, config: MlopsConfig): ConfigProblem[] {
  const locate = problemLocator(text);
  const problems: ConfigProblem[] = [];
  // At the most precise node that exists: `["datasets", "train", "path"]` falls back to the string form's `["datasets", "train"]`.
  const at = (segments: Segment[], fallback: Segment[], message: string) => {
    const [used, node] = ([segments, fallback] as const).map((s) => [s, findNodeAtLocation(tree, s)] as const).find(([, n]) => n) ?? [segments, undefined];
    const pointer = jsonPointer(used);
    problems.push(locate(pointer, node?.offset ?? 0, node?.length ?? 1, message));
  };

  const folders = new Set<string>();
  for (const [name, d] of Object.entries(config.datasets)) {
    try {
      const declared = checkDeclaredPath(workspaceRoot, name, d.path);
      if (!declared.glob && isFolder(declared.abs)) folders.add(name);
    } catch (err) {
      if (!(err instanceof OutsideWorkspaceError || err instanceof DatasetError)) throw err;
      at(['datasets', name, 'path'], ['datasets', name], err.message);
    }
  }

  for (const [name, run] of Object.entries(config.runs)) {
    if (run.cwd === undefined) continue;
    try {
      resolveRunCwd(workspaceRoot, run.cwd);
    } catch (err) {
      if (!(err instanceof RunCwdError)) throw err;
      at(['runs', name, 'cwd'], ['runs', name], err.message);
    }
  }

  // Declared as written (the datasets section may have been dropped for a problem of its own).
  const datasetsNode = findNodeAtLocation(tree, ['datasets']);
  const declared = datasetsNode?.type === 'object' ? (datasetsNode.children ?? []).map((p) => String(p.children?.[0]?.value)) : [];
  for (const [name, list] of Object.entries(config.expectations)) {
    if (!list.length || declared.includes(name)) continue;
    at(['expectations', name], ['expectations', name], `expectations for "${name}", but no dataset "${name}" under "datasets"${declared.length ? ` (declared: ${declared.join(', ')})` : ''}: declare it, or move these expectations to a declared dataset`);
  }
  problems.push(...monitorProblems(text, tree, config, declared, (d) => folders.has(d)));
  return problems;
}
