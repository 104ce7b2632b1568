import { formatProblem, loadConfig, type LoadedConfig } from '../core/config/loadConfig';
import { Store } from '../core/store/store';
import { reconcileRuns } from '../core/tracking/reconcile';
import { UsageError, type CommandContext } from './command';

export interface OpenWorkspace {
  root: string;
  store: Store;
  loaded: LoadedConfig;
}

/**
 * mlops.json as every command that reads it sees it: any problem `mlops doctor` lists (syntax,
 * schema, paths, patterns) stops the command with exit 2 before it acts on a half-valid config.
 */
export function readWorkspaceConfig(root: string): LoadedConfig {
  const loaded = loadConfig(root);
  if (loaded.problems.length) {
    throw new UsageError(`${loaded.file} has problems:\n${loaded.problems.map((p) => '  ' + formatProblem(loaded.file, p)).join('\n')}`, 'Fix them (`mlops doctor` lists them), then try again.');
  }
  return loaded;
}

/** The workspace's store, with runs whose launcher died settled first, so every command sees the truth. */
export function openStore(ctx: CommandContext): { root: string; store: Store } {
  const root = ctx.workspace();
  const store = Store.open(root);
  reconcileRuns(store, root);
  return { root, store };
}

/** The workspace, its mlops.json (refused when it has problems) and its store. */
export function openWorkspace(ctx: CommandContext): OpenWorkspace {
  const loaded = readWorkspaceConfig(ctx.workspace());
  return { ...openStore(ctx), loaded };
}
