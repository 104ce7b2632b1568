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
 * The workspace, its validated mlops.json and its store, with runs whose launcher died settled
 * first, so every command sees the truth. `strictConfig` refuses a config with problems (exit 2).
 */
export function openWorkspace(ctx: CommandContext, opts: { strictConfig?: boolean } = {}): OpenWorkspace {
  const root = ctx.workspace();
  const loaded = loadConfig(root);
  if (opts.strictConfig && loaded.problems.length) {
    throw new UsageError(`${loaded.file} has problems:\n${loaded.problems.map((p) => '  ' + formatProblem(loaded.file, p)).join('\n')}`, 'Fix them (`mlops doctor` lists them), then try again.');
  }
  const store = Store.open(root);
  reconcileRuns(store, root);
  return { root, store, loaded };
}
