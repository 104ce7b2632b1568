import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Store } from '../store/store';
import { storeLayout } from '../store/layout';

/** Every object file in .mlops/objects: its hash (from its path), path, size and mtime. */
export function listObjectFiles(workspaceRoot: string): { hash: string; file: string; size: number; mtimeMs: number }[] {
  const dir = storeLayout(workspaceRoot).objects;
  const out: { hash: string; file: string; size: number; mtimeMs: number }[] = [];
  if (!fs.existsSync(dir)) return out;
  for (const prefix of fs.readdirSync(dir).sort()) {
    if (!/^[0-9a-f]{2}$/.test(prefix)) continue; // tmp/ and anything foreign
    for (const rest of fs.readdirSync(path.join(dir, prefix)).sort()) {
      if (!/^[0-9a-f]{62}$/.test(rest)) continue;
      const file = path.join(dir, prefix, rest);
      const st = fs.statSync(file);
      out.push({ hash: prefix + rest, file, size: st.size, mtimeMs: st.mtimeMs });
    }
  }
  return out;
}

/**
 * Hashes something in the store still needs: dataset versions, run artifacts, inputs and code
 * diffs, model versions, the run cache's and the stage states' outs (pipelines restore them), the
 * outs a running stage saved for its rollback, and whatever those refer to in turn (a folder
 * manifest's files).
 */
export function referencedObjects(store: Store): Set<string> {
  const rows = store.db
    .prepare(
      `WITH RECURSIVE live(hash) AS (
         SELECT hash FROM dataset_versions
         UNION SELECT hash FROM artifacts WHERE hash != ''
         UNION SELECT hash FROM run_inputs
         UNION SELECT git_diff FROM runs WHERE git_diff IS NOT NULL
         UNION SELECT artifact_hash FROM model_versions WHERE artifact_hash IS NOT NULL
         UNION SELECT json_extract(o.value, '$.hash') FROM stage_cache c, json_each(c.outs_json) o
         UNION SELECT json_extract(o.value, '$.hash') FROM stage_state s, json_each(s.outs_json) o
         UNION SELECT json_extract(o.value, '$.hash') FROM stage_rollbacks b, json_each(b.saved_json) o
         UNION SELECT r.child FROM object_refs r JOIN live l ON r.parent = l.hash
       ) SELECT hash FROM live`,
    )
    .all<{ hash: string }>();
  return new Set(rows.map((r) => r.hash));
}

/** Whether a process with this pid exists (one of another user's still counts). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes temp files of object writes whose process is gone (killed mid-write); returns how many. */
export function removeStaleTemp(workspaceRoot: string): number {
  const dir = path.join(storeLayout(workspaceRoot).objects, 'tmp');
  let n = 0;
  if (!fs.existsSync(dir)) return 0;
  for (const name of fs.readdirSync(dir)) {
    const pid = Number(name.split('-')[0]);
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && !alive(pid)) {
      fs.rmSync(path.join(dir, name), { force: true });
      n++;
    }
  }
  return n;
}
