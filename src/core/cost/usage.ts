// Measures a run's CPU and GPU time over its whole process tree while it runs (Linux /proc; the
// GPU part wherever nvidia-smi is on PATH). docs/cost.md says what this catches and what it misses.
import { processTree, TICKS_PER_SECOND, type ProcStat } from '../tracking/processTree';
import { findOnPath, readGpus } from './gpuSampler';
import type { RunUsage } from './types';

interface Seen {
  ppid: number;
  /** The most seen of its own utime + stime. */
  own: number;
  /** The most seen of cutime + cstime (children it has waited for). */
  children: number;
  /** Last-seen totals of descendants that ended while it lived: already counted on their own. */
  reaped: number;
}

export interface UsageMeterOptions {
  intervalMs?: number;
  /** Where nvidia-smi is looked for; PATH by default. */
  searchPath?: string;
}

/**
 * CPU: /proc counts what a process used (utime + stime) and, once it waits for an ended child, what
 * that child used (cutime + cstime). Each process counts its own time, and its children's time only
 * beyond what was already seen of the descendants that ended under it, so a child is neither lost
 * when it ends between samples nor counted twice once its parent reaps it.
 * GPU: each interval adds the number of distinct GPUs the tree's processes are on, times the interval.
 */
export class UsageMeter {
  private readonly live = new Map<number, Seen>();
  /** Ticks of processes gone from the tree, final. */
  private closedTicks = 0;
  private timer?: NodeJS.Timeout;
  private readonly startedAt = Date.now();
  private readonly nvidiaSmi?: string;
  private gpuSeconds = 0;
  private gpuUtilWeighted = 0;
  private gpuSampleAt = Date.now();
  private gpuBusy = false;
  private lastGpuUtil?: number;
  private stopped = false;
  /** Whether a sample ever saw the run's process (never where there is no /proc). */
  private seen = false;

  constructor(
    private readonly rootPid: number,
    options: UsageMeterOptions = {},
  ) {
    this.nvidiaSmi = findOnPath('nvidia-smi', options.searchPath);
    this.sample();
    this.schedule(options.intervalMs ?? 1000);
  }

  // The first seconds are sampled ten times as often: a short run's root process is only counted
  // while it is seen, and what it used after the last sample is lost when it ends.
  private schedule(intervalMs: number): void {
    const early = Date.now() - this.startedAt < EARLY_MS;
    this.timer = setTimeout(() => {
      this.sample();
      if (!this.stopped) this.schedule(intervalMs);
    }, early ? Math.max(10, intervalMs / 10) : intervalMs);
    this.timer.unref();
  }

  /** Whether the CPU time could be measured: a sample saw the run's process (Linux). */
  get measured(): boolean {
    return this.seen;
  }

  /** What the run has used so far (live, for "about $0.42 so far"). */
  usage(): RunUsage {
    let ticks = this.closedTicks;
    for (const s of this.live.values()) ticks += contribution(s);
    const usage: RunUsage = { cpuSeconds: ticks / TICKS_PER_SECOND };
    if (this.nvidiaSmi) {
      usage.gpuSeconds = this.gpuSeconds;
      if (this.gpuSeconds > 0) usage.gpuUtil = this.gpuUtilWeighted / this.gpuSeconds;
    }
    return usage;
  }

  /** Utilisation of the GPUs the run is on at the last reading; undefined when on none. */
  currentGpuUtil(): number | undefined {
    return this.lastGpuUtil;
  }

  /** Takes a last sample if the tree is still there, stops sampling, and gives the total. */
  stop(): RunUsage {
    if (!this.stopped) {
      this.sample();
      this.stopped = true;
      clearTimeout(this.timer);
    }
    return this.usage();
  }

  private sample(): void {
    if (this.stopped) return;
    const tree = processTree(this.rootPid);
    if (tree.length) this.seen = true;
    this.sampleCpu(tree);
    if (this.nvidiaSmi && !this.gpuBusy && tree.length) void this.sampleGpu(tree);
  }

  private sampleCpu(tree: ProcStat[]): void {
    const now = new Map(tree.map((s) => [s.pid, s]));
    // Ended since the last sample: its last-seen total is final; the nearest ancestor still here
    // will have it (and what it used after that sample) in its children's time once it reaps it.
    const ended = [...this.live].filter(([pid]) => !now.has(pid));
    for (const [, seen] of ended) {
      const ancestor = this.nearestLive(seen.ppid, now);
      if (ancestor) ancestor.reaped += seen.own + seen.children;
    }
    for (const [pid, seen] of ended) {
      this.live.delete(pid);
      this.closedTicks += contribution(seen);
    }
    for (const s of tree) {
      const seen = this.live.get(s.pid);
      if (!seen) this.live.set(s.pid, { ppid: s.ppid, own: s.cpuTicks, children: s.childTicks, reaped: 0 });
      else {
        seen.ppid = s.ppid;
        seen.own = Math.max(seen.own, s.cpuTicks);
        seen.children = Math.max(seen.children, s.childTicks);
      }
    }
  }

  private nearestLive(pid: number, now: Map<number, ProcStat>): Seen | undefined {
    for (let p = pid, hops = 0; hops < 64; hops++) {
      if (now.has(p)) return this.live.get(p);
      const up = this.live.get(p);
      if (!up) return undefined;
      p = up.ppid;
    }
    return undefined;
  }

  private async sampleGpu(tree: ProcStat[]): Promise<void> {
    this.gpuBusy = true;
    const started = Date.now();
    try {
      const r = await readGpus(this.nvidiaSmi!, new Set(tree.map((s) => s.pid)));
      const seconds = ((started - this.gpuSampleAt) / 1000) * r.gpus;
      this.gpuSeconds += seconds;
      if (r.util !== undefined) this.gpuUtilWeighted += r.util * seconds;
      this.lastGpuUtil = r.util;
    } catch {
      /* nvidia-smi failed this time (a driver reset): this interval's GPU time is not known */
    } finally {
      this.gpuSampleAt = started;
      this.gpuBusy = false;
    }
  }
}

const EARLY_MS = 3000;

/** A process's ticks not already counted elsewhere. */
function contribution(s: Seen): number {
  return s.own + Math.max(0, s.children - s.reaped);
}
