// A model archive: one model version with what it came from, in a tar a colleague imports into their
// own workspace (`mlops model export` / `mlops model import`), no server between. The layout:
//
//   manifest.json   ArchiveManifest: the version, its run, the dataset versions it read, and the
//                   SHA-256 of every other file below, so a truncated or edited archive is refused
//   metrics.jsonl   the run's metric series, one point a line
//   lineage.json    the version's lineage graph in the source workspace
//   audit.jsonl     the source's audit entries about the version, its run and its data
//   MODEL_CARD.md   the model card
//   objects/HASH    the artifact (a folder: its manifest and files), the run's diff, and with
//                   --with-data the data; each named by its SHA-256 and checked on import

import type { DatasetVersion } from '../data/datasetVersions';
import type { RunArtifact, RunInput, RunRecord } from '../tracking/runRecords';
import type { ModelVersion } from './types';
import { fromWire, isWireWord, toWire } from '../../shared/metricsData';

export const ARCHIVE_FORMAT = 'mlops-model-archive';
export const ARCHIVE_FORMAT_VERSION = 1;

export const ARCHIVE_FILES = { manifest: 'manifest.json', metrics: 'metrics.jsonl', lineage: 'lineage.json', audit: 'audit.jsonl', card: 'MODEL_CARD.md' } as const;
export const OBJECTS_DIR = 'objects';

/** What an object is in the archive, so import knows which ones it keeps. */
export type ArchivedObjectRole = 'artifact' | 'artifact-file' | 'diff' | 'dataset' | 'dataset-file' | 'dataset-manifest';

export interface ArchivedObject {
  hash: string;
  size: number;
  role: ArchivedObjectRole;
}

export interface ArchivedDatasetVersion {
  /** The version as the source recorded it (its id is the source's). */
  version: DatasetVersion;
  /** The dataset's declared path in the source's mlops.json (or the item). */
  declaredPath: string;
  /** True when its objects are in the archive (`--with-data`): only then does import record the version. */
  dataIncluded: boolean;
}

export interface ArchiveManifest {
  format: typeof ARCHIVE_FORMAT;
  formatVersion: number;
  exportedAt: number;
  exportedBy: string;
  /** The source workspace's folder name: where the version came from, for the importer's tags. */
  sourceWorkspace: string;
  model: { name: string; description: string };
  version: ModelVersion;
  run: {
    record: RunRecord;
    tags: Record<string, string>;
    inputs: RunInput[];
    artifacts: RunArtifact[];
  } | null;
  datasets: ArchivedDatasetVersion[];
  objects: ArchivedObject[];
  /** Every file but this one and the objects (which are named by their hash): name -> SHA-256. */
  files: Record<string, string>;
  /** How many audit entries audit.jsonl holds, and the last one's hash. */
  audit: { entries: number; lastHash: string | null };
}

/** One line of metrics.jsonl; non-finite values are "NaN", "Infinity", "-Infinity" as in the logging protocol. */
export interface ArchivedMetricPoint {
  key: string;
  step: number;
  value: number | string;
  timestamp: number;
}

export interface ExportSummary {
  file: string;
  model: string;
  version: number;
  runId: string | null;
  /** Objects written, and their bytes. */
  objects: number;
  bytes: number;
  datasets: Array<{ ref: string; dataIncluded: boolean }>;
  auditEntries: number;
}

export interface ImportSummary {
  model: string;
  /** The number the version got here (the next free one). */
  version: number;
  /** Its number in the source workspace. */
  originalVersion: number;
  sourceWorkspace: string;
  runId: string | null;
  /** False when the run was already here with the same content. */
  runCreated: boolean;
  /** Dataset versions recorded (their data came along) or left out (only their manifest did). */
  datasets: Array<{ ref: string; recorded: string | null }>;
  /** Objects added to the cache (after their SHA-256 was checked). */
  objects: number;
}

/** Metric values in the archive are spelled as on the webview wire: "NaN", "Infinity", "-Infinity". */
export const encodeMetricValue = toWire;

export function decodeMetricValue(v: unknown): number {
  if (typeof v === 'number' || isWireWord(v)) return fromWire(v);
  throw new TypeError(`not a metric value: ${JSON.stringify(v)}`);
}
