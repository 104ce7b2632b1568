// Dataset versions, model versions and drift checks as they travel to the team store: the columns
// the server indexes beside the record (recordTypes.ts) that holds the rest. The digest covers both,
// so the same uid with other bytes, another item or another run is refused, never merged.
import type { Store } from '../store/store';
import { modelTagsDigest, recordDigest } from './recordDigest';
import type { DatasetVersionRecord, DriftCheckRecord, ModelVersionRecord } from './recordTypes';

export interface DatasetVersionPush {
  uid: string;
  dataset: string;
  /** datasets.path: the dataset row is pushed with its first version. */
  datasetPath: string;
  item: string;
  /** The local number (provisional until shared). */
  number: number;
  kind: 'file' | 'directory';
  hash: string;
  size: number;
  created_at: number;
  author: string;
  record: DatasetVersionRecord;
  digest: string;
}

export interface ModelVersionPush {
  uid: string;
  model: string;
  modelDescription: string;
  number: number;
  run_id: string | null;
  artifact_hash: string | null;
  created_at: number;
  record: ModelVersionRecord;
  digest: string;
  tags: Record<string, string>;
  /** team_records.digest of a pushed model version. */
  tagsDigest: string;
}

export interface DriftCheckPush {
  uid: string;
  monitor: string | null;
  batch_uid: string | null;
  reference_uid: string | null;
  checked_at: number;
  outcome: string;
  author: string;
  record: DriftCheckRecord;
  digest: string;
}

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
// JSON has no Infinity or NaN: a statistic that is one travels as null (SQLite's REAL can hold them).
const finite = (v: unknown) => (v === null || v === undefined || !Number.isFinite(Number(v)) ? null : Number(v));

function children(store: Store, hash: string | null): string[] {
  if (!hash) return [];
  return store.statement('SELECT child FROM object_refs WHERE parent = ? ORDER BY child').all<{ child: string }>(hash).map((c) => c.child);
}

export function datasetVersionRecord(store: Store, uid: string): DatasetVersionPush {
  const v = store
    .statement(
      `SELECT v.id, v.dataset, d.path AS dataset_path, v.item, v.kind, v.version, v.hash, v.size, v.mtime, v.created_at, v.source, v.note, v.author
         FROM dataset_versions v JOIN datasets d ON d.name = v.dataset WHERE v.uid = ?`,
    )
    .get<{ id: number; dataset: string; dataset_path: string; item: string; kind: 'file' | 'directory'; version: number; hash: string; size: number; mtime: number | null; created_at: number; source: DatasetVersionRecord['source']; note: string; author: string }>(uid);
  if (!v) throw new Error(`dataset version ${uid} is not in this store`);
  const val = store
    .statement('SELECT expectations_json, success, result_json, validated_at FROM validations WHERE dataset_version_id = ? ORDER BY validated_at DESC, id DESC LIMIT 1')
    .get<{ expectations_json: string; success: number; result_json: string; validated_at: number }>(v.id);
  const record: DatasetVersionRecord = {
    mtime: num(v.mtime),
    source: v.source,
    note: v.note,
    validation: val ? { expectations_json: val.expectations_json, success: Number(val.success), result_json: val.result_json, validated_at: Number(val.validated_at) } : null,
    children: v.kind === 'directory' ? children(store, v.hash) : [],
  };
  const fixed = { dataset: v.dataset, item: v.item, kind: v.kind, hash: v.hash, size: Number(v.size), created_at: Number(v.created_at) };
  return { uid, ...fixed, datasetPath: v.dataset_path, number: Number(v.version), author: v.author, record, digest: recordDigest({ ...fixed, record }) };
}

export function modelVersionRecord(store: Store, uid: string): ModelVersionPush {
  const v = store
    .statement(
      `SELECT v.id, v.model, m.description AS model_description, v.version, v.run_id, v.artifact_hash, v.created_at, v.artifact_path, v.artifact_kind,
              v.artifact_size, v.description, v.metrics_json, v.signature_json, v.registered_by
         FROM model_versions v JOIN models m ON m.name = v.model WHERE v.uid = ?`,
    )
    .get<{ id: number; model: string; model_description: string; version: number; run_id: string | null; artifact_hash: string | null; created_at: number; artifact_path: string; artifact_kind: 'file' | 'directory'; artifact_size: number; description: string; metrics_json: string; signature_json: string | null; registered_by: string }>(uid);
  if (!v) throw new Error(`model version ${uid} is not in this store`);
  const record: ModelVersionRecord = {
    artifact_path: v.artifact_path,
    artifact_kind: v.artifact_kind,
    artifact_size: Number(v.artifact_size),
    description: v.description,
    metrics_json: v.metrics_json,
    signature_json: v.signature_json ?? null,
    registered_by: v.registered_by,
    children: v.artifact_kind === 'directory' ? children(store, v.artifact_hash) : [],
  };
  const fixed = { model: v.model, run_id: v.run_id ?? null, artifact_hash: v.artifact_hash ?? null, created_at: Number(v.created_at) };
  const tags = modelVersionTags(store, v.id);
  return { uid, ...fixed, modelDescription: v.model_description, number: Number(v.version), record, digest: recordDigest({ ...fixed, record }), tags, tagsDigest: modelTagsDigest(tags) };
}

export function modelVersionTags(store: Store, versionId: number): Record<string, string> {
  const rows = store.statement('SELECT key, value FROM model_version_tags WHERE version_id = ? ORDER BY key').all<{ key: string; value: string }>(versionId);
  return Object.fromEntries(rows.map((t) => [t.key, t.value]));
}

export function driftCheckRecord(store: Store, uid: string): DriftCheckPush {
  const c = store
    .statement(
      `SELECT c.id, c.monitor, b.uid AS batch_uid, r.uid AS reference_uid, c.checked_at, c.outcome, c.author, c.batch_label, c.reference_label,
              c.drift_share, c.drifted_columns, c.total_columns, c.error, c.report_json
         FROM drift_checks c LEFT JOIN dataset_versions b ON b.id = c.batch_version_id LEFT JOIN dataset_versions r ON r.id = c.reference_version_id
        WHERE c.uid = ?`,
    )
    .get<{ id: number; monitor: string | null; batch_uid: string | null; reference_uid: string | null; checked_at: number; outcome: string; author: string; batch_label: string; reference_label: string; drift_share: number | null; drifted_columns: number; total_columns: number; error: string | null; report_json: string }>(uid);
  if (!c) throw new Error(`drift check ${uid} is not in this store`);
  const columns = store
    .statement('SELECT name, type, method, statistic, p_value, threshold, drift FROM drift_check_columns WHERE check_id = ? ORDER BY name')
    .all<DriftCheckRecord['columns'][number]>(c.id)
    .map((k) => ({ name: k.name, type: k.type, method: k.method, statistic: finite(k.statistic), p_value: finite(k.p_value), threshold: Number(k.threshold), drift: Number(k.drift) }));
  const record: DriftCheckRecord = {
    batch_label: c.batch_label,
    reference_label: c.reference_label,
    drift_share: finite(c.drift_share),
    drifted_columns: Number(c.drifted_columns),
    total_columns: Number(c.total_columns),
    error: c.error ?? null,
    report_json: c.report_json,
    columns,
  };
  const fixed = { monitor: c.monitor ?? null, batch_uid: c.batch_uid ?? null, reference_uid: c.reference_uid ?? null, checked_at: Number(c.checked_at), outcome: c.outcome };
  return { uid, ...fixed, author: c.author, record, digest: recordDigest({ ...fixed, record }) };
}
