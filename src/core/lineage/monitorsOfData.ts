// The monitors over a dataset version's data: those in mlops.json whose reference names this version
// (train@3), or its dataset (and item) bare, whichever version that is pinned to. Read-only: a bare reference not pinned yet stays unpinned (checking pins it, not this).
import type { MlopsConfig } from '../config/types';
import { parseDatasetRef, resolveDatasetRef } from '../data/datasetRef';
import { getVersion, type DatasetVersion } from '../data/datasetVersions';
import { isModelReference, versionLabel } from '../monitors/monitorReference';
import { getMonitorState } from '../monitors/monitorState';
import type { Store } from '../store/store';

export interface MonitorOfData {
  name: string;
  /** As mlops.json writes it: train, train@3. */
  reference: string;
  current: string;
  /** The version the reference is (or is pinned to), train:data/train.csv@3; null while a bare name is not pinned yet or names nothing. */
  referenceVersion: string | null;
  /** The monitor compares batches against exactly this version. */
  referencesThisVersion: boolean;
}

/** Sorted by monitor name. */
export function monitorsOfVersion(store: Store, config: MlopsConfig, dv: DatasetVersion): MonitorOfData[] {
  const out: MonitorOfData[] = [];
  for (const name of Object.keys(config.monitors).sort()) {
    const monitor = config.monitors[name];
    if (isModelReference(monitor.reference)) continue;
    let ref;
    try {
      ref = parseDatasetRef(monitor.reference);
    } catch {
      continue; // config problems report a malformed reference; it names no data here
    }
    if (ref.dataset !== dv.dataset) continue;
    if (ref.item !== undefined && ref.item.replace(/^\.\//, '') !== dv.item && !dv.item.endsWith('/' + ref.item)) continue;
    const resolved = referenceVersion(store, name, ref);
    // A reference naming another version compares against other data; a bare name follows the dataset.
    if (ref.at !== undefined && resolved?.id !== dv.id) continue;
    out.push({
      name,
      reference: monitor.reference,
      current: monitor.current,
      referenceVersion: resolved ? versionLabel(resolved) : null,
      referencesThisVersion: resolved?.id === dv.id,
    });
  }
  return out;
}

function referenceVersion(store: Store, name: string, ref: ReturnType<typeof parseDatasetRef>): DatasetVersion | undefined {
  if (ref.at === undefined) {
    const pinned = getMonitorState(store, name).referenceVersionId;
    const v = pinned === null ? undefined : getVersion(store, pinned);
    return v && v.dataset === ref.dataset ? v : undefined;
  }
  try {
    return resolveDatasetRef(store, ref);
  } catch {
    return undefined; // a version that does not exist (yet): the monitor's own check says so
  }
}
