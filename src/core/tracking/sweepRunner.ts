import type { Scalar } from '../config/types';
import { launchRun, queueRun, type LaunchSpec, type RunHandle, type RunOutcome } from './launcher';
import { newRunId } from './runId';
import { getRun, updateRun } from './runRecords';

export interface SweepMember {
  command: string;
  params: Record<string, Scalar>;
}

/**
 * Runs a sweep: every member is queued at once (so the queue shows), then started with at most
 * `parallel` running together. Queued members can be cancelled before they start; running ones stop.
 */
export class SweepRunner {
  readonly sweepId = `sweep-${newRunId()}`;
  readonly runIds: string[];
  private readonly running = new Map<string, RunHandle>();
  private readonly cancelled = new Set<string>();

  constructor(
    private readonly base: Omit<LaunchSpec, 'runId' | 'params' | 'command' | 'sweepId'>,
    members: SweepMember[],
    private readonly parallel = 1,
    private readonly onStart?: (handle: RunHandle) => void,
  ) {
    this.runIds = members.map((m) => queueRun({ ...base, ...m, sweepId: this.sweepId }));
    base.onChange?.();
  }

  async run(): Promise<RunOutcome[]> {
    const outcomes: RunOutcome[] = [];
    const queue = [...this.runIds];
    const worker = async () => {
      for (let id = queue.shift(); id; id = queue.shift()) {
        if (this.cancelled.has(id)) {
          outcomes.push({ runId: id, status: 'killed', exitCode: null });
          continue;
        }
        const queued = getRun(this.base.store, id)!;
        const handle = launchRun({ ...this.base, runId: id, command: queued.command, params: queued.params as Record<string, Scalar>, sweepId: this.sweepId });
        this.running.set(id, handle);
        this.onStart?.(handle);
        outcomes.push(await handle.done);
        this.running.delete(id);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(this.parallel, this.runIds.length)) }, worker));
    return this.runIds.map((id) => outcomes.find((o) => o.runId === id)!);
  }

  /** Cancels one member, or the whole sweep. */
  cancel(runId?: string): void {
    for (const id of runId ? [runId] : this.runIds) {
      const handle = this.running.get(id);
      if (handle) {
        handle.stop();
        continue;
      }
      if (this.cancelled.has(id) || getRun(this.base.store, id)?.status !== 'queued') continue;
      this.cancelled.add(id);
      updateRun(this.base.store, id, { status: 'killed', endedAt: Date.now(), launcherPid: null });
    }
    this.base.onChange?.();
  }
}
