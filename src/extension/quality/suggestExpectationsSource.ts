// The table that suggestions come from, as Show Profile names it (a dataset's working file, or its
// latest version when the file is gone). A working file unchanged since its latest version (the stat
// cache knows, without reading it) is that version, whose profile may already be stored.
import { latestVersion } from '../../core/data/datasetVersions';
import { statFile } from '../../core/data/fileStat';
import { cachedHash } from '../../core/data/statCache';
import { toRel } from '../../core/data/workspacePaths';
import type { WorkbenchState } from '../workbenchState';
import { targetFromArg, type ProfileTarget } from './profileTargets';

export async function suggestionSource(state: WorkbenchState, dataset: string, item?: string): Promise<ProfileTarget | undefined> {
  const target = await targetFromArg(state, item ? { kind: 'item', dataset, item } : { kind: 'dataset', name: dataset, declared: '', shape: 'file' });
  const store = state.existingStore();
  if (target?.kind !== 'file' || !target.item || !store) return target;
  const latest = latestVersion(store, target.item.dataset, target.item.item);
  return latest && cachedHash(store, toRel(state.root!, target.file), statFile(target.file)) === latest.hash ? { kind: 'version', version: latest } : target;
}
