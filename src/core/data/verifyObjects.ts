import type { Store } from '../store/store';
import { sha256File } from './hashFile';
import { listObjectFiles } from './objectInventory';
import { quarantineObject } from './objectQuarantine';

export interface VerifyReport {
  checked: number;
  bytes: number;
  /** Objects whose content no longer matches their hash, moved to .mlops/quarantine/. */
  corrupted: { hash: string; actual: string; quarantined: string; versions: string[] }[];
  /** Referenced objects that are not in the cache at all. */
  missing: { hash: string; versions: string[] }[];
}

function versionsUsing(store: Store, hash: string): string[] {
  return store.db
    .prepare(
      `SELECT dataset || ':' || item || '@' || version AS ref FROM dataset_versions WHERE hash = ?
       UNION ALL SELECT v.dataset || ':' || v.item || '@' || v.version FROM object_refs r JOIN dataset_versions v ON v.hash = r.parent WHERE r.child = ?`,
    )
    .all<{ ref: string }>(hash, hash)
    .map((r) => r.ref);
}

/**
 * Re-hashes every object. A corrupted one is moved to .mlops/quarantine/ (never deleted: it may be
 * all that is left) and forgotten by the stat cache, so versioning the same content again from the
 * workspace stores a good copy.
 */
export async function verifyObjects(store: Store, workspaceRoot: string, onProgress?: (done: number, total: number) => void, signal?: AbortSignal): Promise<VerifyReport> {
  const files = listObjectFiles(workspaceRoot);
  const report: VerifyReport = { checked: 0, bytes: 0, corrupted: [], missing: [] };
  for (const o of files) {
    signal?.throwIfAborted();
    const actual = await sha256File(o.file, undefined, signal);
    report.checked++;
    report.bytes += o.size;
    onProgress?.(report.checked, files.length);
    if (actual === o.hash) continue;
    const dest = quarantineObject(workspaceRoot, o.file, o.hash, store);
    report.corrupted.push({ hash: o.hash, actual, quarantined: dest, versions: versionsUsing(store, o.hash) });
  }
  const present = new Set(listObjectFiles(workspaceRoot).map((o) => o.hash));
  const needed = store.db
    .prepare(`SELECT hash FROM dataset_versions UNION SELECT r.child FROM object_refs r JOIN dataset_versions v ON v.hash = r.parent`)
    .all<{ hash: string }>()
    .map((r) => r.hash);
  for (const h of needed) {
    if (!present.has(h) && !report.corrupted.some((c) => c.hash === h)) report.missing.push({ hash: h, versions: versionsUsing(store, h) });
  }
  return report;
}
