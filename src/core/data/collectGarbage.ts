import * as fs from 'node:fs';
import { appendAudit } from '../audit/appendAudit';
import { pruneReferenceSummaries } from '../drift/referenceStore';
import type { Store } from '../store/store';
import { listObjectFiles, referencedObjects, removeStaleTemp } from './objectInventory';

export interface GcReport {
  /** Removed (or, in a dry run, removable) objects. */
  objects: { hash: string; size: number }[];
  bytes: number;
  /** Unreferenced but newer than the grace period: possibly being versioned right now. */
  kept: number;
  staleTemp: number;
  /** Drift reference summaries dropped (or droppable): of content no longer kept, or of an old format. */
  summaries: number;
}

/** gc refused: the store references nothing while the cache holds objects (a store emptied or replaced?). */
export class GcRefusedError extends Error {}

/**
 * Removes objects that no dataset version, run or model refers to. Objects younger than `graceMs`
 * are kept: a version being recorded writes its object a moment before its row. Rows go first, in
 * one transaction; a crash before the files are removed leaves harmless unreferenced files.
 * A store that references no object at all while the cache holds some is far more likely a store
 * that was emptied or replaced than a workspace whose every object is garbage: that is refused
 * (GcRefusedError) unless `force`.
 */
export function collectGarbage(store: Store, workspaceRoot: string, opts: { dryRun?: boolean; graceMs?: number; force?: boolean } = {}): GcReport {
  const grace = opts.graceMs ?? 10 * 60_000;
  const now = Date.now();
  const report: GcReport = { objects: [], bytes: 0, kept: 0, staleTemp: 0, summaries: 0 };
  const doomed = store.transaction(() => {
    const live = referencedObjects(store);
    const out: { hash: string; size: number; file: string }[] = [];
    for (const o of listObjectFiles(workspaceRoot)) {
      if (live.has(o.hash)) continue;
      if (now - o.mtimeMs < grace) {
        report.kept++;
        continue;
      }
      out.push(o);
    }
    if (!live.size && out.length && !opts.dryRun && !opts.force) {
      const bytes = out.reduce((n, o) => n + o.size, 0);
      throw new GcRefusedError(
        `The store ${store.file} references no object, yet .mlops/objects holds ${out.length} (${bytes} bytes): removing them all is refused, since a store that was emptied or replaced looks just like this. Check the store (\`mlops runs list\`, \`mlops data versions DATASET\`); if every object really is unused, run \`mlops data gc --force\`.`,
      );
    }
    // Summaries of content gc keeps stay (a monitor's reference); others are a cache of nothing.
    report.summaries = pruneReferenceSummaries(store, (hash) => live.has(hash), { dryRun: opts.dryRun });
    if (!opts.dryRun) {
      const del = store.db.prepare('DELETE FROM objects WHERE hash = ?');
      const refs = store.db.prepare('DELETE FROM object_refs WHERE parent = ?');
      for (const o of out) {
        del.run(o.hash);
        refs.run(o.hash);
      }
      const bytes = out.reduce((n, o) => n + o.size, 0);
      if (out.length || report.summaries) appendAudit(store, { action: 'store.gc', object: 'store', details: { objects: out.length, bytes, kept: report.kept, ...(report.summaries ? { summaries: report.summaries } : {}), forced: opts.force === true } });
    }
    return out;
  });
  for (const o of doomed) {
    report.objects.push({ hash: o.hash, size: o.size });
    report.bytes += o.size;
    if (!opts.dryRun) fs.rmSync(o.file, { force: true });
  }
  if (!opts.dryRun) report.staleTemp = removeStaleTemp(workspaceRoot);
  return report;
}
