import * as vscode from 'vscode';
import { resolveStage } from '../../core/pipelines/resolveStage';
import type { WorkbenchState } from '../workbenchState';
import type { PipelineStates } from './pipelineStates';

/** Every dependency and out of every stage, workspace-relative; a stage mlops.json cannot resolve is skipped (its pipeline shows the problem). */
function watchedPaths(state: WorkbenchState): string[] {
  const root = state.root;
  if (!root) return [];
  const config = state.config.config;
  const paths = new Set<string>();
  for (const [pipeline, p] of Object.entries(config.pipelines)) {
    for (const stage of Object.keys(p.stages)) {
      try {
        const s = resolveStage(root, config, pipeline, stage);
        for (const x of [...s.depPaths, ...s.outs]) paths.add(x);
      } catch {
        // An unknown param or a path outside the workspace: nothing to watch there.
      }
    }
  }
  return [...paths].sort();
}

/**
 * Stale on save: a change on disk to a stage's dependency or out (saved in the editor, written by a
 * script, restored by git) recomputes the pipelines' status, throttled, so the stage and what
 * depends on it turn stale at once. The watchers follow mlops.json's stages.
 */
export class PipelineWatching implements vscode.Disposable {
  private watchers: vscode.Disposable[] = [];
  private watched = '';
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly state: WorkbenchState,
    private readonly states: PipelineStates,
  ) {
    this.subscriptions = [state.onDidChange(() => this.rewatch())];
    this.rewatch();
  }

  private rewatch(): void {
    const root = this.state.root;
    const paths = watchedPaths(this.state);
    const key = paths.join('\n');
    if (!root || key === this.watched) return;
    this.watched = key;
    for (const w of this.watchers.splice(0)) w.dispose();
    const onChange = () => this.states.schedule();
    for (const p of paths) {
      // The path itself (a file, or a folder replaced whole) and anything inside it (a folder).
      for (const glob of [p, `${p}/**`]) {
        const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(root), glob));
        this.watchers.push(w, w.onDidChange(onChange), w.onDidCreate(onChange), w.onDidDelete(onChange));
      }
    }
  }

  dispose(): void {
    for (const d of [...this.watchers.splice(0), ...this.subscriptions]) d.dispose();
  }
}
