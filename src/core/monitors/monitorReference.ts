// The reference a monitor compares batches with. "train@3" names a version; a bare "train" is pinned
// to its latest version at the first check and stays pinned (in monitor_state), so a retrain that
// adds train@4 does not silently move the baseline of every later check.
import type { MonitorConfig } from '../config/types';
import { parseDatasetRef, resolveDatasetRef } from '../data/datasetRef';
import { getVersion, type DatasetVersion } from '../data/datasetVersions';
import type { Store } from '../store/store';
import { getMonitorState, saveMonitorState } from './monitorState';

export class MonitorError extends Error {}

/** `model:NAME@ALIAS` is the registry's; everything else is a dataset ref. */
export function isModelReference(reference: string): boolean {
  return reference.startsWith('model:');
}

export function modelReferenceMessage(reference: string): string {
  return `reference "${reference}": model references (the data a model version was trained on) are not yet supported; name the dataset version instead, e.g. "train@3"`;
}

export interface MonitorReference {
  version: DatasetVersion;
  /** How checks name it: train:data/train.csv@3. */
  label: string;
  /** Pinned now, by this call (a bare dataset name at the monitor's first check). */
  pinnedNow: boolean;
}

export function versionLabel(v: DatasetVersion): string {
  return `${v.dataset}:${v.item}@${v.version}`;
}

/** Resolves (and, for a bare dataset name, pins) the monitor's reference; MonitorError when it cannot. */
export function resolveMonitorReference(store: Store, name: string, monitor: MonitorConfig, now = Date.now()): MonitorReference {
  if (isModelReference(monitor.reference)) throw new MonitorError(`Monitor "${name}": ${modelReferenceMessage(monitor.reference)}.`);
  let ref;
  try {
    ref = parseDatasetRef(monitor.reference);
  } catch (err) {
    throw new MonitorError(`Monitor "${name}": ${(err as Error).message}`);
  }
  const state = getMonitorState(store, name);
  if (ref.at === undefined && state.referenceVersionId !== null) {
    const pinned = getVersion(store, state.referenceVersionId);
    // Still the dataset (and item) mlops.json names: a reference edited to another dataset is pinned anew.
    if (pinned && pinned.dataset === ref.dataset && (ref.item === undefined || pinned.item === ref.item || pinned.item.endsWith('/' + ref.item))) {
      return { version: pinned, label: versionLabel(pinned), pinnedNow: false };
    }
  }
  let version: DatasetVersion;
  try {
    version = resolveDatasetRef(store, ref);
  } catch (err) {
    throw new MonitorError(`Monitor "${name}": reference "${monitor.reference}": ${(err as Error).message}`);
  }
  const pinnedNow = state.referenceVersionId !== version.id;
  if (pinnedNow) saveMonitorState(store, { ...state, referenceVersionId: version.id, pinnedAt: now, driftedInARow: 0 });
  return { version, label: versionLabel(version), pinnedNow };
}
