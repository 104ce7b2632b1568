import * as fs from 'node:fs';

// Linux /proc readings of a run's whole process tree: what "Stop" must end and what system metrics
// measure. Elsewhere the tree is just the root process (the process group still carries signals).

export interface ProcStat {
  pid: number;
  ppid: number;
  /** utime + stime in clock ticks. */
  cpuTicks: number;
  /** cutime + cstime: what the children it has waited for used, in clock ticks. */
  childTicks: number;
  rssPages: number;
  /** R, S, D, Z (exited, not yet waited for: no memory, its last CPU time), ... */
  state: string;
}

function readStat(pid: number): ProcStat | undefined {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses: fields start after the last ')'.
    const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return {
      pid,
      ppid: Number(rest[1]),
      cpuTicks: Number(rest[11]) + Number(rest[12]),
      childTicks: Number(rest[13]) + Number(rest[14]),
      rssPages: Number(rest[21]),
      state: rest[0],
    };
  } catch {
    return undefined;
  }
}

function allStats(): ProcStat[] {
  let names: string[];
  try {
    names = fs.readdirSync('/proc');
  } catch {
    return [];
  }
  const out: ProcStat[] = [];
  for (const n of names) {
    if (!/^\d+$/.test(n)) continue;
    const s = readStat(Number(n));
    if (s) out.push(s);
  }
  return out;
}

/** The root and all its descendants that are alive now. */
export function processTree(rootPid: number): ProcStat[] {
  const stats = allStats();
  if (!stats.length) return [];
  const children = new Map<number, ProcStat[]>();
  for (const s of stats) children.set(s.ppid, [...(children.get(s.ppid) ?? []), s]);
  const root = stats.find((s) => s.pid === rootPid);
  if (!root) return [];
  const out: ProcStat[] = [];
  const queue = [root];
  while (queue.length) {
    const s = queue.shift()!;
    out.push(s);
    queue.push(...(children.get(s.pid) ?? []));
  }
  return out;
}

/** Whether a process runs; a zombie (exited, not yet reaped by an orphan-adopting parent) does not. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return process.platform !== 'linux';
  }
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    /* already gone */
  }
}

/**
 * Ends a run's process tree: SIGTERM to its process group and every descendant (some leave the
 * group), then SIGKILL to whatever is still alive after `graceMs`. Resolves when all are gone.
 */
export async function killTree(rootPid: number, graceMs = 5000): Promise<void> {
  const members = () => [...new Set([rootPid, ...processTree(rootPid).map((s) => s.pid)])];
  let pids = members();
  signal(-rootPid, 'SIGTERM');
  for (const p of pids) signal(p, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    pids = pids.filter(isAlive);
    if (!pids.length) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  pids = [...new Set([...pids, ...members()])];
  signal(-rootPid, 'SIGKILL');
  for (const p of pids) signal(p, 'SIGKILL');
}

/** USER_HZ on Linux: the unit of /proc's CPU times. */
export const TICKS_PER_SECOND = 100;
const PAGE_BYTES = 4096;

/** Samples CPU percent (of one core) and resident memory of a whole process tree between calls. */
export class TreeSampler {
  private last?: { at: number; ticks: Map<number, number> };

  constructor(private readonly rootPid: number) {}

  sample(now = Date.now()): { cpuPercent: number; rssMb: number } | undefined {
    // A process that has exited but is not yet waited for (a zombie) holds no memory: a tree of
    // only those has ended, and a sample of it would read 0 MB.
    const tree = processTree(this.rootPid).filter((s) => s.state !== 'Z' && s.state !== 'X');
    if (!tree.length) return undefined;
    const ticks = new Map(tree.map((s) => [s.pid, s.cpuTicks]));
    let cpuPercent = 0;
    if (this.last) {
      let used = 0;
      for (const [pid, t] of ticks) used += t - (this.last.ticks.get(pid) ?? 0);
      const seconds = (now - this.last.at) / 1000;
      cpuPercent = seconds > 0 ? (Math.max(0, used) / TICKS_PER_SECOND / seconds) * 100 : 0;
    }
    this.last = { at: now, ticks };
    const rssMb = tree.reduce((sum, s) => sum + s.rssPages, 0) * (PAGE_BYTES / (1024 * 1024));
    return { cpuPercent, rssMb };
  }
}
