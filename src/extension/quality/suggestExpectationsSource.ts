// The profile that suggestions come from: the dataset's working file, or its latest version when the
// file is gone. A profile stored for that content is reused; otherwise the table is read on a worker
// thread, so the extension host's thread (the whole UI) never waits on a big file.
import * as fs from 'node:fs';
import { resolveDataset } from '../../core/data/datasetItems';
import { latestVersion } from '../../core/data/datasetVersions';
import { statFile } from '../../core/data/fileStat';
import { objectPath } from '../../core/data/objectCache';
import { formatOf } from '../../core/data/readers/openTable';
import { cachedHash } from '../../core/data/statCache';
import { toRel } from '../../core/data/workspacePaths';
import type { TableProfile } from '../../core/quality/profileTypes';
import { saveProfile, storedProfile } from '../../core/quality/profileStore';
import { runInWorker } from '../../core/worker/runInWorker';
import type { WorkbenchState } from '../workbenchState';

export interface ProfiledItem {
  profile: TableProfile;
  /** What was read, for messages: "data/train.csv" or "data/train.csv v3". */
  label: string;
}

/** The table files of a dataset (one for a file dataset, each match of a glob); a folder has none. */
export function tableItems(state: WorkbenchState, dataset: string): { item: string; abs: string; exists: boolean }[] {
  const d = resolveDataset(state.root!, state.config.config, dataset);
  if (d.shape === 'directory') throw new Error(`Dataset "${dataset}" is a folder (${d.declared}): declare its tables as a glob (e.g. "data/*.csv") to infer expectations from one.`);
  const items = d.items.map((i) => ({ item: i.item, abs: i.abs, exists: fs.existsSync(i.abs) }));
  return items.length ? items : [{ item: d.declared, abs: '', exists: false }];
}

export async function profileItem(
  state: WorkbenchState,
  dataset: string,
  item: { item: string; abs: string; exists: boolean },
  opts: { signal: AbortSignal; onProgress: (fraction: number) => void },
): Promise<ProfiledItem> {
  const root = state.root!;
  const store = state.existingStore();
  // As the dataset declares it (a tsv is CSV with a sniffed tab), else by the file's extension.
  const declared = state.config.config.datasets[dataset]?.format;
  const format = declared ? (declared === 'tsv' ? 'csv' : declared) : formatOf(item.item);
  const latest = store && latestVersion(store, dataset, item.item);
  if (item.exists) {
    // Unchanged since a version was taken (the stat cache knows, without reading): its profile may be stored.
    const hash = store && cachedHash(store, toRel(root, item.abs), statFile(item.abs));
    const stored = hash && storedProfile(store, hash, format);
    if (stored) return { profile: stored, label: item.item };
    const profile = await runInWorker('profile', { file: item.abs, format }, { signal: opts.signal, onProgress: opts.onProgress });
    return { profile, label: item.item };
  }
  if (!latest) throw new Error(`Dataset "${dataset}": no file at ${item.item} and no stored version to infer expectations from.`);
  const label = `${item.item} v${latest.version}`;
  const stored = storedProfile(store!, latest.hash, format);
  if (stored) return { profile: stored, label };
  const profile = await runInWorker('profile', { file: objectPath(root, latest.hash), format }, { signal: opts.signal, onProgress: opts.onProgress });
  saveProfile(store!, latest.hash, format, {}, profile);
  return { profile, label };
}
