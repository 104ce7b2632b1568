import { StringDecoder } from 'node:string_decoder';
import * as vscode from 'vscode';
import type { RunConfig, Scalar } from '../../core/config/types';
import { costOf, resolvePrices } from '../../core/cost/prices';
import type { Cost, Prices } from '../../core/cost/types';
import { launchRetrain } from '../../core/monitors/retrain';
import { launchRun, type LaunchSpec, type RunHandle, type RunOutcome } from '../../core/tracking/launcher';
import { substituteParams } from '../../core/tracking/params';
import { isAlive, killTree } from '../../core/tracking/processTree';
import { reconcileRuns } from '../../core/tracking/reconcile';
import { getRun } from '../../core/tracking/runRecords';
import { findSdkDir } from '../../core/tracking/sdkDir';
import { expandSweep } from '../../core/tracking/sweep';
import { SweepRunner } from '../../core/tracking/sweepRunner';
import { formatDuration } from '../../shared/format';
import { executeCommand } from '../commands/registry';
import { OFF_THREAD_BYTES } from '../data/datasetWatching';
import type { Log } from '../log';
import type { WorkbenchState } from '../workbenchState';
import { RunTerminal } from './runTerminal';

/** What this window's executing runs have used so far; `cost` sums the runs that have prices. */
export interface LiveUsage {
  runs: number;
  cpuSeconds: number;
  cost?: Cost;
}

/** Where a run launched from the editor shows its Metrics panel (the setting `mlops.runs.openMetrics`). */
function openMetricsSetting(): 'beside' | 'notification' {
  return vscode.workspace.getConfiguration('mlops').get<string>('runs.openMetrics') === 'notification' ? 'notification' : 'beside';
}

export class UntrustedWorkspaceError extends Error {
  constructor() {
    super('This workspace is not trusted: MLOps Workbench runs nothing here. Trust the workspace (Manage Workspace Trust) to launch runs.');
  }
}

/**
 * Launches runs from the editor (run configs, sweeps, ad-hoc commands), shows each in its own
 * terminal, stops them, and settles runs whose launcher died elsewhere. Only in trusted workspaces.
 */
export class RunController implements vscode.Disposable {
  private readonly active = new Map<string, { handle: RunHandle; terminal: RunTerminal; prices?: Prices }>();
  private readonly sweeps = new Set<SweepRunner>();
  private readonly reconcileTimer: NodeJS.Timeout;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeActive = this.changed.event;

  constructor(
    private readonly state: WorkbenchState,
    private readonly log: Log,
    private readonly extensionPath: string,
    /** Opens a run's Metrics panel beside the editor, leaving the focus where it is. */
    private readonly showMetricsBeside: (runId: string) => void,
  ) {
    // Runs started by a CLI that has since died are found and settled here.
    this.reconcileTimer = setInterval(() => this.reconcile(), 5000);
  }

  runningCount(): number {
    return this.active.size;
  }

  isOurs(runId: string): boolean {
    return this.active.has(runId);
  }

  /** Read live from each run's meter (the status bar polls it); undefined while none of ours executes. */
  liveUsage(): LiveUsage | undefined {
    if (!this.active.size) return undefined;
    let cpuSeconds = 0;
    let cost: Cost | undefined;
    for (const { handle, prices } of this.active.values()) {
      const usage = handle.usage();
      cpuSeconds += usage.cpuSeconds;
      const c = costOf(usage, prices);
      // One currency per sum: a run priced in another is left out rather than added as if the same.
      if (c && (!cost || c.currency === cost.currency)) cost = { amount: (cost?.amount ?? 0) + c.amount, currency: c.currency };
    }
    return { runs: this.active.size, cpuSeconds, ...(cost ? { cost } : {}) };
  }

  private assertTrusted(): void {
    if (!vscode.workspace.isTrusted) throw new UntrustedWorkspaceError();
  }

  private baseSpec(): Pick<LaunchSpec, 'store' | 'workspaceRoot' | 'config' | 'sdkDir' | 'colors' | 'offThreadBytes'> {
    const root = this.state.root;
    if (!root) throw new Error('Open a folder first: runs are recorded in its .mlops/ store.');
    return {
      store: this.state.openStore(),
      workspaceRoot: root,
      config: this.state.config.config,
      sdkDir: findSdkDir(`${this.extensionPath}/dist`),
      colors: true,
      // A run's dataset inputs are versioned at its start, in this (the extension host's) process.
      offThreadBytes: OFF_THREAD_BYTES,
    };
  }

  private readonly decoders = new Map<string, { stdout: StringDecoder; stderr: StringDecoder }>();

  /** Routes a run's output to its terminal; launchRun emits none before attach() ran. */
  private readonly onOutput = (data: Buffer, stream: 'stdout' | 'stderr', runId: string) => {
    const d = this.decoders.get(runId);
    if (d) this.active.get(runId)?.terminal.write(d[stream].write(data));
  };

  private attach(handle: RunHandle, label: string, command: string, reveal: boolean, prices: Prices | undefined): void {
    const terminal = new RunTerminal(`MLOps: ${label} (${handle.name})`, () => this.stop(handle.runId), this.state.terminalPace);
    terminal.write(`\x1b[2m[mlops] run ${handle.name} (${handle.runId}): ${command}\x1b[0m\n`);
    this.decoders.set(handle.runId, { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') });
    this.active.set(handle.runId, { handle, terminal, prices });
    if (reveal) terminal.terminal.show(true);
    this.changed.fire();
    this.state.notifyStoreChanged();
    this.log.info(`Run ${handle.name} (${handle.runId}) started: ${command}`);
    void handle.done.then((o) => this.settle(o, handle, terminal));
  }

  private settle(o: RunOutcome, handle: RunHandle, terminal: RunTerminal): void {
    const run = getRun(this.state.openStore(), o.runId);
    const took = run?.startedAt && run.endedAt ? ` in ${formatDuration(run.endedAt - run.startedAt)}` : '';
    terminal.finish(`[mlops] run ${handle.name} ${o.status}${took} (exit code ${o.exitCode ?? 'none'})`);
    this.log.info(`Run ${handle.name} (${o.runId}) ${o.status}${took}, exit code ${o.exitCode ?? 'none'}`);
    this.active.delete(o.runId);
    this.decoders.delete(o.runId);
    this.changed.fire();
    this.state.notifyStoreChanged();
    if (o.status === 'failed') {
      void vscode.window.showWarningMessage(`MLOps: run ${handle.name} failed (exit code ${o.exitCode ?? 'none'}).`, 'Show Output').then((a) => a && terminal.terminal.show());
    }
  }

  private launch(spec: Omit<LaunchSpec, 'store' | 'workspaceRoot' | 'config' | 'sdkDir' | 'colors'>, label: string): RunHandle {
    const handle = launchRun({
      ...this.baseSpec(),
      ...spec,
      onOutput: this.onOutput,
      onProblem: (p) => this.log.warn(`Run ${spec.name ?? ''} events.jsonl line ${p.line}: ${p.message} (skipped)`),
      onChange: () => this.state.notifyStoreChanged(),
    });
    this.attach(handle, label, spec.command, true, spec.prices);
    this.offerMetrics(handle);
    return handle;
  }

  /**
   * The run's charts as it starts (sweeps, with many runs at once, offer Compare at the end instead).
   * Opened beside the editor by default: the panel then loads while the run's interpreter starts, so
   * its first points are drawn as they are logged. `mlops.runs.openMetrics: "notification"` offers it
   * in the start notification instead.
   */
  private offerMetrics(handle: RunHandle): void {
    if (openMetricsSetting() === 'beside') {
      this.showMetricsBeside(handle.runId);
      return;
    }
    void vscode.window.showInformationMessage(`MLOps: run ${handle.name} started.`, 'Open Metrics').then((a) => a && executeCommand('mlops.showMetrics', handle.runId));
  }

  /** A run config from mlops.json, with optional param overrides. */
  runConfig(name: string, overrides: Record<string, Scalar> = {}, runName?: string): RunHandle {
    this.assertTrusted();
    const run = this.configOf(name);
    const params = { ...(run.params ?? {}), ...overrides };
    return this.launch(
      {
        command: substituteParams(run.command, params),
        experiment: name,
        name: runName,
        params,
        cwd: run.cwd,
        inputs: run.inputs,
        outputs: run.outputs,
        registers: run.registers,
        env: run.env,
        prices: resolvePrices(this.state.config.config, { run: name }),
      },
      name,
    );
  }

  /** A monitor's retrain: the run config with the checked batch pinned as an input and the run tagged with the check. */
  retrain(name: string, checkId: number): RunHandle {
    this.assertTrusted();
    const run = this.configOf(name);
    const base = this.baseSpec();
    const handle = launchRetrain(base.store, base.workspaceRoot, base.config, name, checkId, {
      sdkDir: base.sdkDir,
      colors: true,
      onOutput: this.onOutput,
      onProblem: (p) => this.log.warn(`Run ${name} events.jsonl line ${p.line}: ${p.message} (skipped)`),
      onChange: () => this.state.notifyStoreChanged(),
    });
    this.attach(handle, `${name} (retrain)`, substituteParams(run.command, run.params ?? {}), true, resolvePrices(base.config, { run: name }));
    return handle;
  }

  /** Any command, e.g. the current Python file. */
  runCommand(command: string, experiment = 'adhoc', cwd?: string): RunHandle {
    this.assertTrusted();
    // An ad-hoc run has no run config: the top-level prices apply.
    return this.launch({ command, experiment, params: {}, cwd, prices: resolvePrices(this.state.config.config) }, experiment);
  }

  /** Queues every member of a run config's sweep and runs them `parallel` at a time. */
  async sweep(name: string, parallel?: number): Promise<RunOutcome[]> {
    this.assertTrusted();
    const run = this.configOf(name);
    const members = expandSweep(run).map((params) => ({ params, command: substituteParams(run.command, params) }));
    const prices = resolvePrices(this.state.config.config, { run: name });
    const runner = new SweepRunner(
      {
        ...this.baseSpec(),
        experiment: name,
        cwd: run.cwd,
        inputs: run.inputs,
        outputs: run.outputs,
        env: run.env,
        prices,
        onOutput: this.onOutput,
        onChange: () => this.state.notifyStoreChanged(),
      },
      members,
      parallel ?? run.sweep?.parallel ?? 1,
      (handle) => this.attach(handle, `${name} sweep`, getRun(this.state.openStore(), handle.runId)?.command ?? name, false, prices),
    );
    this.sweeps.add(runner);
    this.state.notifyStoreChanged();
    this.log.info(`Sweep ${runner.sweepId}: ${members.length} runs of ${name} queued`);
    try {
      return await runner.run();
    } finally {
      this.sweeps.delete(runner);
    }
  }

  private configOf(name: string): RunConfig {
    const run = this.state.config.config.runs[name];
    if (!run) throw new Error(`No run "${name}" in mlops.json${this.state.config.problems.length ? ' (mlops.json has problems: see the Problems panel)' : ''}.`);
    return run;
  }

  /**
   * Stops a run: ours directly; a queued sweep member by cancelling it; one launched by a CLI by
   * signalling that launcher, which then ends the run's tree and records it as killed.
   */
  stop(runId: string): void {
    const ours = this.active.get(runId);
    if (ours) return ours.handle.stop();
    for (const s of this.sweeps) if (s.runIds.includes(runId)) return s.cancel(runId);
    const run = getRun(this.state.openStore(), runId);
    if (!run || (run.status !== 'running' && run.status !== 'queued')) return;
    if (run.launcherPid && isAlive(run.launcherPid)) process.kill(run.launcherPid, 'SIGINT');
    else if (run.pid && isAlive(run.pid)) void killTree(run.pid).then(() => this.reconcile());
  }

  reconcile(): void {
    // Only once something opened the store: a window nobody looks at stays idle.
    const store = this.state.storeIsOpen() ? this.state.existingStore() : undefined;
    if (!store) return;
    try {
      const lost = reconcileRuns(store, this.state.root!);
      if (lost.length) {
        this.log.warn(`Marked ${lost.length} run(s) lost: their launcher and process are gone (${lost.join(', ')})`);
        this.state.notifyStoreChanged();
      }
    } catch (err) {
      this.log.error('Checking for lost runs failed', err);
    }
  }

  dispose(): void {
    clearInterval(this.reconcileTimer);
    // Closing the window ends what it launched; their runs are recorded as killed.
    for (const { handle } of this.active.values()) handle.stop();
    for (const s of this.sweeps) s.cancel();
    this.changed.dispose();
  }
}
