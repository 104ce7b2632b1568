import * as path from 'node:path';
import type { Store } from '../store/store';
import { EventIngestor } from './ingest';
import { runFolder } from './launcher';
import { isAlive } from './processTree';
import { updateRun } from './runRecords';

/**
 * Finds runs whose launcher died (a crashed CLI, a closed VS Code) and settles them: events the run
 * wrote are ingested; a run whose own process is gone too becomes "lost". A run still executing
 * keeps its status and is ingested again on the next call. Returns the ids it marked lost.
 */
export function reconcileRuns(store: Store, workspaceRoot: string): string[] {
  const open = store.db
    .prepare(`SELECT id, status, pid, launcher_pid FROM runs WHERE status IN ('running', 'queued')`)
    .all<{ id: string; status: string; pid: number | null; launcher_pid: number | null }>();
  const lost: string[] = [];
  for (const r of open) {
    const launcher = r.launcher_pid === null ? undefined : Number(r.launcher_pid);
    if (launcher === process.pid || (launcher !== undefined && isAlive(launcher))) continue;
    const ingestor = new EventIngestor(store, r.id, path.join(runFolder(workspaceRoot, r.id), 'events.jsonl'));
    ingestor.ingest();
    if (r.status === 'running' && r.pid !== null && isAlive(Number(r.pid))) continue;
    updateRun(store, r.id, { status: 'lost', endedAt: Date.now(), launcherPid: null });
    lost.push(r.id);
  }
  return lost;
}
