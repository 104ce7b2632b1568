// Which GPUs a set of processes is on, and how busy those GPUs are, as nvidia-smi reports it. Where
// nvidia-smi is not on PATH there is nothing to ask, and a run's GPU time stays unknown (not zero).
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';

/** One nvidia-smi reading: the GPUs some of `pids` run on, and their mean utilisation (percent). */
export interface GpuReading {
  gpus: number;
  /** Undefined when none of the pids is on a GPU. */
  util?: number;
}

/** The executable's path on PATH, or undefined. */
export function findOnPath(name: string, searchPath = process.env.PATH ?? ''): string | undefined {
  for (const dir of searchPath.split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      /* not here */
    }
  }
  return undefined;
}

const execFileAsync = promisify(execFile);

async function query(exe: string, args: string[]): Promise<string> {
  return (await execFileAsync(exe, args, { timeout: 5000 })).stdout;
}

/** "pid, GPU-uuid" lines -> pid -> the GPUs it is on. */
export function parseComputeApps(text: string): Map<number, Set<string>> {
  const out = new Map<number, Set<string>>();
  for (const line of text.split('\n')) {
    const [pid, uuid] = line.split(',').map((f) => f.trim());
    if (!pid || !uuid || !/^\d+$/.test(pid)) continue;
    out.set(Number(pid), (out.get(Number(pid)) ?? new Set()).add(uuid));
  }
  return out;
}

/** "GPU-uuid, 87" lines -> uuid -> utilisation percent ("[N/A]" left out). */
export function parseUtilization(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const [uuid, util] = line.split(',').map((f) => f.trim());
    const n = Number(util);
    if (uuid && util && Number.isFinite(n)) out.set(uuid, n);
  }
  return out;
}

/** Asks nvidia-smi (at `exe`) which GPUs `pids` are on and how busy those GPUs are. */
export async function readGpus(exe: string, pids: ReadonlySet<number>): Promise<GpuReading> {
  const [apps, utils] = await Promise.all([
    query(exe, ['--query-compute-apps=pid,gpu_uuid', '--format=csv,noheader']),
    query(exe, ['--query-gpu=uuid,utilization.gpu', '--format=csv,noheader,nounits']),
  ]);
  const used = new Set<string>();
  for (const [pid, gpus] of parseComputeApps(apps)) if (pids.has(pid)) for (const g of gpus) used.add(g);
  const util = parseUtilization(utils);
  const known = [...used].filter((g) => util.has(g)).map((g) => util.get(g)!);
  return { gpus: used.size, util: known.length ? known.reduce((a, b) => a + b, 0) / known.length : undefined };
}
