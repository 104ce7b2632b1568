// Which objects a set of records needs on the other side: what `mlops push REF...` uploads and
// `mlops pull REF...` fetches. A ref names runs, dataset versions or model versions as the rest of
// the CLI does; each brings its objects and, recursively, what those refer to (a folder manifest's files).
import { DatasetError } from '../data/datasetItems';
import { parseDatasetRef, resolveDatasetRef } from '../data/datasetRef';
import { referencedObjects } from '../data/objectInventory';
import { resolveModelRef } from '../registry/modelVersions';
import { RegistryError } from '../registry/types';
import type { Store } from '../store/store';
import { resolveRunRef, RunRefError } from '../tracking/runRef';
import { RemoteConfigError } from './types';

/** A ref that names nothing here (the CLI exits 2 on it, as on any RemoteConfigError). */
export class UnknownRefError extends RemoteConfigError {}

const exists = (store: Store, sql: string, ...args: string[]) => !!store.db.prepare(sql).get(...args);

/** The hashes one ref names directly (before following object_refs). */
function seedsOf(store: Store, ref: string): string[] {
  const seeds: string[] = [];
  const hashes = (sql: string, ...args: string[]) => store.db.prepare(sql).all<{ h: string | null }>(...args).forEach((r) => r.h && seeds.push(r.h));
  const at = ref.indexOf('@');
  const name = at < 0 ? ref : ref.slice(0, at);
  let matched = false;
  // A model: NAME@3, NAME@alias, or NAME (every version).
  if (exists(store, 'SELECT 1 FROM models WHERE name = ?', name)) {
    matched = true;
    if (at < 0) hashes('SELECT artifact_hash AS h FROM model_versions WHERE model = ?', name);
    else {
      try {
        seeds.push(resolveModelRef(store, ref).artifact.hash);
      } catch (err) {
        if (!(err instanceof RegistryError)) throw err;
        if (!exists(store, 'SELECT 1 FROM datasets WHERE name = ?', name)) throw new UnknownRefError(err.message);
        matched = false;
      }
    }
  }
  // A dataset: NAME (every version of every item), NAME@3, NAME:ITEM@3.
  const dataset = /^[^:@]+/.exec(ref)?.[0] ?? ref;
  if (!matched || at < 0) {
    if (exists(store, 'SELECT 1 FROM datasets WHERE name = ?', dataset)) {
      if (ref === dataset) {
        hashes('SELECT hash AS h FROM dataset_versions WHERE dataset = ?', dataset);
        matched = true;
      } else {
        try {
          seeds.push(resolveDatasetRef(store, parseDatasetRef(ref)).hash);
          matched = true;
        } catch (err) {
          if (!(err instanceof DatasetError)) throw err;
          throw new UnknownRefError(err.message);
        }
      }
    }
  }
  // A run: id, id prefix or name (only when no dataset or model claimed the ref).
  if (!matched && at < 0) {
    try {
      const id = resolveRunRef(store, ref);
      hashes("SELECT hash AS h FROM artifacts WHERE run_id = ? AND hash != ''", id);
      hashes(`SELECT hash AS h FROM run_inputs WHERE run_id = ? AND ${STORED_INPUT}`, id);
      hashes('SELECT git_diff AS h FROM runs WHERE id = ?', id);
      matched = true;
    } catch (err) {
      if (!(err instanceof RunRefError)) throw err;
      if (!/^No run /.test(err.message)) throw new UnknownRefError(err.message);
    }
  }
  if (!matched) {
    throw new UnknownRefError(`"${ref}" names no run, dataset or model here: give a run id, prefix or name, a dataset version (train, train@3, train:ITEM@3) or a model version (churn, churn@2, churn@champion).`);
  }
  return seeds;
}

/**
 * The objects (hash -> size in bytes) the named refs need, every object_refs child followed; no refs:
 * everything any record here refers to. A size this store does not know (an object only a teammate
 * has) is 0.
 */
export function neededObjects(store: Store, refs?: readonly string[]): Map<string, number> {
  let hashes: string[];
  if (!refs?.length) hashes = [...referencedObjects(store)].filter((h) => !plainInputs(store).has(h));
  else {
    const seeds = new Set(refs.flatMap((r) => seedsOf(store, r)));
    hashes = store.db
      .prepare(
        `WITH RECURSIVE live(hash) AS (
           SELECT value FROM json_each(?)
           UNION SELECT r.child FROM object_refs r JOIN live l ON r.parent = l.hash
         ) SELECT hash FROM live`,
      )
      .all<{ hash: string }>(JSON.stringify([...seeds]))
      .map((r) => r.hash);
  }
  return sizesOf(store, hashes);
}

// A run input that is no dataset version (a plain file or glob) is only hashed, for provenance: its
// bytes were never stored, so no remote can be asked for them. One whose version was deleted but
// whose object is still here counts as stored.
const STORED_INPUT = '(dataset_version_id IS NOT NULL OR hash IN (SELECT hash FROM objects))';

/** Hashes only plain run inputs name: referenced, but never objects. */
function plainInputs(store: Store): Set<string> {
  const rows = store.db
    .prepare(
      `SELECT hash FROM run_inputs WHERE NOT ${STORED_INPUT}
       EXCEPT SELECT hash FROM dataset_versions EXCEPT SELECT hash FROM artifacts EXCEPT SELECT artifact_hash FROM model_versions WHERE artifact_hash IS NOT NULL`,
    )
    .all<{ hash: string }>();
  return new Set(rows.map((r) => r.hash));
}

/** Sizes from the objects table, else from the record naming the object (a file version, an artifact). */
function sizesOf(store: Store, hashes: string[]): Map<string, number> {
  const rows = store.db
    .prepare(
      // Grouped once, then joined: a per-hash lookup in tables without a hash index would scan them per object.
      `SELECT j.value AS hash, COALESCE(o.size, d.size, a.size, 0) AS size
       FROM json_each(?) j
       LEFT JOIN objects o ON o.hash = j.value
       LEFT JOIN (SELECT hash, MAX(size) AS size FROM dataset_versions WHERE kind = 'file' GROUP BY hash) d ON d.hash = j.value
       LEFT JOIN (SELECT hash, MAX(size) AS size FROM artifacts WHERE hash != '' GROUP BY hash) a ON a.hash = j.value`,
    )
    .all<{ hash: string; size: number }>(JSON.stringify(hashes));
  const out = new Map<string, number>();
  for (const r of rows) if (/^[0-9a-f]{64}$/.test(r.hash)) out.set(r.hash, Number(r.size));
  return out;
}
