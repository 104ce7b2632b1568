import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { MlopsConfig, Prices, Scalar } from '../config/types';
import { costOf } from '../cost/prices';
import type { RunUsage } from '../cost/types';
import { UsageMeter } from '../cost/usage';
import { putFile } from '../data/objectCache';
import { storeLayout } from '../store/layout';
import type { Store } from '../store/store';
import { captureEnvironment } from './environment';
import { watchAppends } from './appendWatch';
import { captureGitState } from './gitState';
import { isDiskFull } from '../store/diskFull';
import { EventIngestor, type IngestProblem } from './ingest';
import { recordInputs } from './inputs';
import { insertMetrics } from './metricRecords';
import { OutputLog } from './outputLog';
import { killTree, TreeSampler } from './processTree';
import { resolveRunCwd } from './runCwd';
import { configuredRegistration, registerRunModels, type RegistrationRequest } from './runRegistrations';
import { newRunId, newRunName } from './runId';
import { addArtifact, forgetUnstoredArtifact, getRun, insertRun, unstoredArtifactPaths, updateRun, type RunStatus } from './runRecords';

export interface LaunchSpec {
  workspaceRoot: string;
  store: Store;
  config: MlopsConfig;
  /** The shell command, after ${params.*} substitution. */
  command: string;
  /** Working folder; relative paths are taken from the workspace root. */
  cwd?: string;
  experiment: string;
  name?: string;
  params: Record<string, Scalar>;
  inputs?: string[];
  outputs?: string[];
  /** mlops.json's `registers`: the model this run's artifact becomes a version of when it finishes with exit code 0. */
  registers?: { model: string; artifact?: string };
  env?: Record<string, string>;
  sweepId?: string;
  /** Prices that turn the run's measured CPU and GPU time into its cost (core/cost); none: no cost. */
  prices?: Prices;
  /** A queued run (from a sweep) to start instead of creating a new one. */
  runId?: string;
  /** Folder holding mlops_workbench.py, put on PYTHONPATH. */
  sdkDir: string;
  /** Ask child programs for colors although their output is a pipe (for a terminal that shows them). */
  colors?: boolean;
  systemMetricsMs?: number;
  /** Dataset inputs' files at least this big are versioned on a worker thread (see FileHashOptions). */
  offThreadBytes?: number;
  ingestMs?: number;
  killGraceMs?: number;
  /** Output as it arrives; first called on a later tick than launchRun returns, never during it. */
  onOutput?: (data: Buffer, stream: 'stdout' | 'stderr', runId: string) => void;
  onProblem?: (problem: IngestProblem) => void;
  onChange?: () => void;
}

export interface RunOutcome {
  runId: string;
  status: RunStatus;
  exitCode: number | null;
}

export interface RunHandle {
  runId: string;
  name: string;
  pid: number | undefined;
  folder: string;
  /** Ends the run's process tree (SIGTERM, then SIGKILL after the grace period); the run is "killed". */
  stop(): void;
  /** CPU and GPU time used so far over the run's process tree (live; final once `done` resolves). */
  usage(): RunUsage;
  done: Promise<RunOutcome>;
}

export function runFolder(workspaceRoot: string, runId: string): string {
  return path.join(storeLayout(workspaceRoot).runs, runId);
}

/** Creates the run record (status queued) for a run that starts later, e.g. a sweep member. */
export function queueRun(spec: Omit<LaunchSpec, 'runId'>): string {
  const id = newRunId();
  insertRun(spec.store, {
    id,
    name: spec.name ?? newRunName(),
    experiment: spec.experiment,
    status: 'queued',
    command: spec.command,
    cwd: spec.cwd ?? '.',
    params: spec.params,
    createdAt: Date.now(),
    launcherPid: process.pid,
    sweepId: spec.sweepId,
  });
  return id;
}

function exitCodeOf(code: number | null, signal: NodeJS.Signals | null): number | null {
  if (code !== null) return code;
  const n = signal ? os.constants.signals[signal] : undefined;
  return n ? 128 + n : null;
}

/**
 * Starts a run: records it, spawns the command in its own process group with the logging
 * environment, tees its output to output.log, ingests its events as they arrive, samples system
 * metrics, and on exit stores declared outputs and logged artifacts and sets the final status.
 */
export function launchRun(spec: LaunchSpec): RunHandle {
  const { store, workspaceRoot } = spec;
  const cwdRel = spec.cwd ?? '.';
  // Checked again here, not only in mlops.json's problems: an ad-hoc run from the editor passes a cwd too.
  const cwd = resolveRunCwd(workspaceRoot, cwdRel);
  const startedAt = Date.now();
  let runId = spec.runId;
  let name = spec.name ?? newRunName();
  if (runId) {
    const queued = getRun(store, runId);
    if (!queued) throw new Error(`No queued run ${runId}`);
    name = queued.name;
    updateRun(store, runId, { status: 'running', startedAt, launcherPid: process.pid });
  } else {
    runId = newRunId(startedAt);
    insertRun(store, {
      id: runId,
      name,
      experiment: spec.experiment,
      status: 'running',
      command: spec.command,
      cwd: cwdRel,
      params: spec.params,
      createdAt: startedAt,
      startedAt,
      launcherPid: process.pid,
      sweepId: spec.sweepId,
    });
  }
  const id = runId;
  const folder = runFolder(workspaceRoot, id);
  fs.mkdirSync(folder, { recursive: true });
  const eventsFile = path.join(folder, 'events.jsonl');
  fs.closeSync(fs.openSync(eventsFile, 'a'));
  let child: ChildProcess | undefined;
  // output.log failed (a full disk): the run's record can no longer be kept whole, since its output
  // is lost from here on and its events and checkpoints share the same disk. A run going on unseen
  // is worse than one stopped and recorded as failed with the reason, so its process tree is ended
  // as Stop does: nothing is left orphaned, and the terminal says why.
  const log = new OutputLog(path.join(folder, 'output.log'), (reason) => {
    spec.onOutput?.(Buffer.from(`\n[mlops] ${reason}: the run is stopped and recorded as failed. Free some space and run it again.\n`), 'stderr', id);
    if (child?.pid && child.exitCode === null && child.signalCode === null) void killTree(child.pid, spec.killGraceMs ?? 5000);
  });

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...spec.env,
    MLOPS_RUN_ID: id,
    MLOPS_EVENTS_FILE: eventsFile,
    MLOPS_WORKSPACE: workspaceRoot,
    PYTHONPATH: [spec.sdkDir, process.env.PYTHONPATH].filter(Boolean).join(path.delimiter),
    PYTHONUNBUFFERED: '1',
  };
  if (spec.colors) Object.assign(env, { FORCE_COLOR: '1', CLICOLOR_FORCE: '1', PY_COLORS: '1', TERM: process.env.TERM ?? 'xterm-256color' });

  try {
    // Its own process group (detached), so Stop reaches every process the command starts.
    child = spawn(process.platform === 'win32' ? 'cmd.exe' : '/bin/sh', process.platform === 'win32' ? ['/d', '/s', '/c', spec.command] : ['-c', spec.command], {
      cwd,
      env,
      detached: process.platform !== 'win32',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (err) {
    updateRun(store, id, { status: 'failed', endedAt: Date.now() });
    void log.end();
    throw err;
  }
  if (child.pid) updateRun(store, id, { pid: child.pid });
  spec.onChange?.();

  for (const [stream, name_] of [
    [child.stdout!, 'stdout'],
    [child.stderr!, 'stderr'],
  ] as const) {
    stream.on('data', (data: Buffer) => {
      log.write(data);
      spec.onOutput?.(data, name_, id);
    });
  }

  const ingestor = new EventIngestor(store, id, eventsFile);
  // register_model calls, kept until the run ends: only a successful run registers.
  const registrations: RegistrationRequest[] = [];
  const pendingArtifacts: Promise<void>[] = [];
  // Artifact paths are workspace-relative (as the helper logs them and mlops.json declares outputs) or absolute.
  const storeArtifact = (rel: string) => {
    const abs = path.resolve(workspaceRoot, rel);
    const inside = path.relative(workspaceRoot, abs);
    const recorded = inside.startsWith('..') || path.isAbsolute(inside) ? abs : inside.split(path.sep).join('/');
    if (!fs.existsSync(abs)) {
      log.write(`[mlops] artifact ${rel} does not exist; nothing stored\n`);
      forgetUnstoredArtifact(store, id, recorded);
      return;
    }
    pendingArtifacts.push(
      putFile(workspaceRoot, abs, store).then(
        (o) => addArtifact(store, id, { path: recorded, hash: o.hash, size: o.size }),
        (err) => {
          log.write(`\n[mlops] could not store artifact ${rel}: ${(err as Error).message}\n`);
        },
      ),
    );
  };
  const ingest = () => {
    try {
      const r = ingestor.ingest();
      for (const p of r.problems) spec.onProblem?.(p);
      for (const g of r.registrations) registrations.push({ model: g.model, artifact: g.path, description: g.description, tags: g.tags });
      if (r.lines) spec.onChange?.();
    } catch (err) {
      log.write(`\n[mlops] event ingestion failed (it will retry): ${(err as Error).message}\n`);
    }
  };
  const ingestTimer = setInterval(ingest, spec.ingestMs ?? 500);
  // What the run appends is ingested as it lands, so its first points reach the Metrics panel at once;
  // the interval stays for file systems whose changes fs.watch misses.
  const eventsWatch = watchAppends(eventsFile, ingest);

  // CPU and GPU time for the run's record and its cost, sampled each second (the metrics below every 5 s).
  const meter = child.pid ? new UsageMeter(child.pid) : undefined;
  let sampleStep = 0;
  const sampler = child.pid ? new TreeSampler(child.pid) : undefined;
  sampler?.sample();
  const sampleTimer = setInterval(() => {
    const s = sampler?.sample();
    if (!s) return;
    const t = Date.now();
    try {
      store.transaction(() =>
        insertMetrics(store, id, [
          { key: 'system/cpu_percent', step: sampleStep, value: Math.round(s.cpuPercent * 10) / 10, timestamp: t },
          { key: 'system/rss_mb', step: sampleStep, value: Math.round(s.rssMb * 10) / 10, timestamp: t },
          ...gpuMetric(meter?.currentGpuUtil(), sampleStep, t),
        ]),
      );
      sampleStep++;
    } catch {
      /* the store is busy: the next sample will do */
    }
  }, spec.systemMetricsMs ?? 5000);

  // What a run records at start; gathered while the command already runs, so launching stays fast.
  const captures = Promise.all([
    captureGitState(workspaceRoot, store).then((git) => updateRun(store, id, { git })),
    captureEnvironment(spec.command).then((environment) => updateRun(store, id, { environment })),
    recordInputs(store, workspaceRoot, spec.config, id, spec.inputs ?? [], { offThreadBytes: spec.offThreadBytes }),
  ]).catch((err) => log.write(`[mlops] ${(err as Error).message}\n`));

  let stopRequested = false;
  // Set by Stop: a run's end still waiting for space is given up (the run is left to be marked lost).
  let giveUpEnd = false;
  const finish = async (code: number | null, signal: NodeJS.Signals | null): Promise<RunOutcome> => {
    clearInterval(ingestTimer);
    eventsWatch.close();
    clearInterval(sampleTimer);
    // Where /proc never saw the process (not Linux) the run's CPU time is unknown, and so its cost.
    const measuredUsage = meter?.stop();
    const usage = meter?.measured ? measuredUsage : undefined;
    const cost = usage && costOf(usage, spec.prices);
    await captures;
    ingest();
    for (const p of unstoredArtifactPaths(store, id)) storeArtifact(p);
    for (const o of spec.outputs ?? []) storeArtifact(o);
    await Promise.all(pendingArtifacts);
    // The output is in output.log before the run reads as ended: whoever reads it then reads it whole
    // (a chatty run's last 4,000 lines were still buffered when its status said finished).
    await log.flushed();
    const exitCode = exitCodeOf(code, signal);
    const reason = log.failed;
    const status: RunStatus = reason ? 'failed' : stopRequested ? 'killed' : exitCode === 0 ? 'finished' : 'failed';
    await whenSpace(
      () => {
        // The reason joins the run's note (shown with the run), after what the user wrote there.
        const note = reason ? [getRun(store, id)?.note, reason].filter(Boolean).join('\n') : undefined;
        updateRun(store, id, {
          status,
          endedAt: Date.now(),
          exitCode,
          launcherPid: null,
          note,
          cpuSeconds: usage?.cpuSeconds,
          gpuSeconds: usage?.gpuSeconds,
          gpuUtil: usage?.gpuUtil,
          cost: cost?.amount,
          currency: cost?.currency,
        });
      },
      () => spec.onOutput?.(Buffer.from(`[mlops] disk full: the run's end is recorded once some space is free (stopping here leaves it to be marked lost).\n`), 'stderr', id),
      () => giveUpEnd,
    );
    if (status === 'finished') {
      const configured = configuredRegistration(spec.registers, spec.outputs);
      const requests = configured ? [configured, ...registrations] : registrations;
      if (requests.length) {
        await registerRunModels(store, spec.config, id, requests, (line) => {
          log.write(line);
          spec.onOutput?.(Buffer.from(line), 'stderr', id);
        });
      }
    }
    await log.end();
    spec.onChange?.();
    return { runId: id, status, exitCode };
  };
  const done = new Promise<RunOutcome>((resolve, reject) => {
    child.once('error', (err) => log.write(`[mlops] could not start the command: ${err.message}\n`));
    // A failure while recording the end (the store, an artifact) rejects `done`, never leaves it pending.
    child.once('close', (code, signal) => {
      finish(code, signal).then(resolve, reject);
    });
  });

  const started = child;
  return {
    runId: id,
    name,
    pid: started.pid,
    folder,
    stop() {
      giveUpEnd = true;
      if (stopRequested || started.exitCode !== null || !started.pid) return;
      stopRequested = true;
      void killTree(started.pid, spec.killGraceMs ?? 5000);
    },
    usage: () => meter?.usage() ?? { cpuSeconds: 0 },
    done,
  };
}

/** The system/gpu_util point, only while the run is on a GPU. */
function gpuMetric(util: number | undefined, step: number, timestamp: number) {
  return util === undefined ? [] : [{ key: 'system/gpu_util', step, value: Math.round(util * 10) / 10, timestamp }];
}

/**
 * Runs a store write, retrying each second while the disk is full; onWait is called once, on the
 * first wait. Once givenUp() is true the disk-full error is thrown instead of waiting again.
 */
async function whenSpace(write: () => void, onWait: () => void, givenUp: () => boolean): Promise<void> {
  for (let waited = false; ; ) {
    try {
      return write();
    } catch (err) {
      if (!isDiskFull(err) || givenUp()) throw err;
      if (!waited) onWait();
      waited = true;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}
