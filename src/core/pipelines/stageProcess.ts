// A stage's process outlives a repro killed with kill -9: it leads its own process group (the
// launcher spawns it detached), so nothing ends it. The next repro must not start the stage again
// beside it. Its pid is recorded with its start time, so a later process given the same pid is not
// taken for it.
import * as fs from 'node:fs';
import type { Store } from '../store/store';
import { isAlive } from '../tracking/processTree';

const hasProc = () => fs.existsSync('/proc/self/stat');

/** Fields after the command name of /proc/PID/stat (field 3, the state, first); undefined when there is no such process. */
function statFields(pid: number): string[] | undefined {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses: fields start after the last ')'.
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** When the process started (clock ticks after boot, /proc/PID/stat field 22); undefined when gone, a zombie, or no /proc. */
export function processStartTime(pid: number): string | undefined {
  const f = statFields(pid);
  return f && f[0] !== 'Z' ? f[19] : undefined;
}

/**
 * Whether the stage process recorded as `pid` (started at `start`) or a process of its group still
 * runs. Its leader may have exited leaving children behind; a group id is not given to a new process
 * while its group lives, so members found under it are the stage's. Without /proc: the pid alone.
 */
export function stageProcessRunning(pid: number, start: string | undefined): boolean {
  if (!hasProc()) return isAlive(pid);
  const leader = statFields(pid);
  if (leader && leader[0] !== 'Z') return start === undefined || leader[19] === start;
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const f = statFields(Number(name));
    if (f && f[0] !== 'Z' && Number(f[2]) === pid) return true;
  }
  return false;
}

export interface LiveStage {
  stage: string;
  pid: number;
}

/** Stages of a pipeline run recorded running whose process still runs. */
export function liveStageProcesses(store: Store, pipelineRunId: string): LiveStage[] {
  return store.db
    .prepare(`SELECT stage, pid, pid_start FROM pipeline_stage_runs WHERE pipeline_run_id = ? AND outcome = 'running' AND pid IS NOT NULL ORDER BY started_at, rowid`)
    .all<{ stage: string; pid: number; pid_start: string | null }>(pipelineRunId)
    .filter((r) => stageProcessRunning(Number(r.pid), r.pid_start ?? undefined))
    .map((r) => ({ stage: r.stage, pid: Number(r.pid) }));
}
