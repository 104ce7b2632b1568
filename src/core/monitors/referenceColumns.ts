// A monitor's reference columns as drift compares them, from the stored profile of its reference
// version, for mlops.json's problems (unknown columns, tests that do not fit a type). Read only:
// nothing is pinned, profiled or written here; unknown stays unknown.
import * as fs from 'node:fs';
import { parseTree, type Node } from 'jsonc-parser';
import { monitorColumnProblems, type DriftColumnKind } from '../config/monitorProblems';
import type { ConfigProblem, MonitorConfig } from '../config/types';
import type { LoadedConfig } from '../config/loadConfig';
import { datasetCsvOptions } from '../data/readers/datasetReadOptions';
import { parseDatasetRef, resolveDatasetRef } from '../data/datasetRef';
import { getVersion, type DatasetVersion } from '../data/datasetVersions';
import { formatOf } from '../data/readers/openTable';
import { storedProfile } from '../quality/profileStore';
import type { Store } from '../store/store';
import type { ColumnType as InferredType } from '../../shared/profileTypes';
import { isModelReference } from './monitorReference';
import { getMonitorState } from './monitorState';

/** How drift reads an inferred type (core/drift/columnData): numbers and datetimes are numeric. */
export function driftKind(t: InferredType): DriftColumnKind {
  return t === 'integer' || t === 'float' || t === 'datetime' ? 'numeric' : 'categorical';
}

/** The version a monitor's reference is, or would be pinned to, without pinning it. */
export function currentReferenceVersion(store: Store, name: string, m: MonitorConfig): DatasetVersion | undefined {
  if (isModelReference(m.reference)) return undefined;
  try {
    const ref = parseDatasetRef(m.reference);
    const pinned = getMonitorState(store, name).referenceVersionId;
    const p = ref.at === undefined && pinned !== null ? getVersion(store, pinned) : undefined;
    if (p && p.dataset === ref.dataset) return p;
    return resolveDatasetRef(store, ref);
  } catch {
    return undefined; // no versions yet, or a ref problem reported elsewhere
  }
}

export function referenceColumnKinds(store: Store, loaded: LoadedConfig, name: string, m: MonitorConfig): Map<string, DriftColumnKind> | undefined {
  const v = currentReferenceVersion(store, name, m);
  if (!v || v.kind !== 'file') return undefined;
  const profile = storedProfile(store, v.hash, formatOf(v.item)) ?? storedProfile(store, v.hash, formatOf(v.item), { csv: datasetCsvOptions(loaded.config.datasets[v.dataset]) });
  return profile && new Map(profile.columns.map((c) => [c.name, driftKind(c.type)]));
}

/** mlops.json's monitor problems that need the store: unknown columns and misfit tests, at their line. */
export function monitorStoreProblems(store: Store, loaded: LoadedConfig): ConfigProblem[] {
  if (!loaded.exists || !Object.keys(loaded.config.monitors).length) return [];
  let text: string;
  try {
    text = fs.readFileSync(loaded.file, 'utf8').replace(/^\uFEFF/, '');
  } catch {
    return [];
  }
  const tree: Node | undefined = parseTree(text);
  if (!tree) return [];
  return monitorColumnProblems(text, tree, loaded.config.monitors, (name, m) => referenceColumnKinds(store, loaded, name, m));
}
