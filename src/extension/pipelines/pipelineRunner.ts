import { StringDecoder } from 'node:string_decoder';
import * as vscode from 'vscode';
import { startRepro, type ReproHandle } from '../../core/pipelines/repro';
import { putBackText } from '../../core/pipelines/reasonText';
import type { ReproEvent, ReproResult, StageOutcome } from '../../core/pipelines/types';
import { findSdkDir } from '../../core/tracking/sdkDir';
import { OFF_THREAD_BYTES } from '../data/datasetWatching';
import type { Log } from '../log';
import { UntrustedWorkspaceError } from '../runs/runController';
import { RunTerminal } from '../runs/runTerminal';
import type { WorkbenchState } from '../workbenchState';
import type { PipelineStates } from './pipelineStates';
import { firstFailure, outcomeWords, reproSummary } from './reproSummary';

/** "failed (exit code 3)", "stopped; its outs were put back" (a message that starts with the outcome is not repeated). */
const outcomeLine = (outcome: StageOutcome, message?: string): string => {
  const words = outcomeWords[outcome];
  if (!message) return words;
  return message.startsWith(words) ? message : `${words} (${message})`;
};

export interface ReproRequest {
  pipeline: string;
  /** Only this stage and what it depends on. */
  stage?: string;
  force?: boolean;
  /** Extra env and tags for every stage run (a monitor's retrain: its check). */
  env?: Record<string, string>;
  tags?: Record<string, string>;
  /** Also given every event, before the view (a retrain pins its batch on the stage runs). */
  onEvent?: (e: ReproEvent) => void;
  /** Why it runs, said in the terminal, the progress and the outcome ("retrain for check 3 of ..."). */
  because?: string;
}

/** A repro this runner started: its pipeline run, and its result once it has ended and been reported. */
export interface StartedRepro {
  pipelineRunId: string;
  done: Promise<ReproResult>;
}

/**
 * Runs a pipeline from the editor (Run Pipeline, Run Stage, a monitor's Retrain): `mlops repro` in this process, with a
 * progress notification whose Cancel stops it, the stages' output in one terminal, the Pipelines
 * view and the DAG panel following its events, and a notification of the outcome. One repro per
 * pipeline at a time; trusted workspaces only.
 */
export class PipelineRunner implements vscode.Disposable {
  private readonly active = new Map<string, ReproHandle>();

  constructor(
    private readonly state: WorkbenchState,
    private readonly log: Log,
    private readonly states: PipelineStates,
    private readonly extensionPath: string,
  ) {}

  isRunning(pipeline: string): boolean {
    return this.active.has(pipeline);
  }

  cancel(pipeline: string): void {
    this.active.get(pipeline)?.cancel();
  }

  /** Runs it and resolves with its result once reported; undefined when refused (already running). */
  async run(req: ReproRequest): Promise<ReproResult | undefined> {
    return this.start(req)?.done;
  }

  /**
   * Starts it and returns at once; undefined when the pipeline is already running (the user is
   * told). An unknown stage or an invalid graph throws here, before anything runs.
   */
  start(req: ReproRequest): StartedRepro | undefined {
    if (!vscode.workspace.isTrusted) throw new UntrustedWorkspaceError();
    const root = this.state.root;
    if (!root) throw new Error('Open a folder first: pipelines run in its workspace.');
    const { pipeline } = req;
    if (this.active.has(pipeline)) {
      void vscode.window.showInformationMessage(`MLOps: pipeline ${pipeline} is already running; wait for it or cancel it first.`);
      return undefined;
    }
    const what = `${req.stage ? `stage ${req.stage} of pipeline ${pipeline}` : `pipeline ${pipeline}`}${req.because ? ` (retrain for ${req.because})` : ''}`;
    // Created once the repro has started; its Ctrl+C and closing it stop the repro.
    const terminal: { current?: RunTerminal } = {};
    let progress: vscode.Progress<{ message?: string }> | undefined;
    const decoders = new Map<string, StringDecoder>();
    const onEvent = (e: ReproEvent) => {
      req.onEvent?.(e);
      this.states.reproEvent(pipeline, e);
      if (e.type === 'stage-start') progress?.report({ message: `running ${e.stage}` });
      const t = terminal.current;
      if (!t) return;
      if (e.type === 'stage-start') t.write(`\x1b[1m[mlops] stage ${e.stage} (run ${e.runId})\x1b[0m\n`);
      else if (e.type === 'stage-output') {
        const d = decoders.get(`${e.stage}:${e.stream}`) ?? new StringDecoder('utf8');
        decoders.set(`${e.stage}:${e.stream}`, d);
        t.write(d.write(e.data));
      } else if (e.type === 'outs-put-back') t.write(`\x1b[2m[mlops] ${putBackText(e)}\x1b[0m\n`);
      else t.write(`\x1b[2m[mlops] ${e.stage}: ${outcomeLine(e.outcome, e.message)}\x1b[0m\n`);
    };
    const handle = startRepro({
      workspaceRoot: root,
      store: this.state.openStore(),
      config: this.state.config.config,
      pipeline,
      stage: req.stage,
      force: req.force,
      env: req.env,
      tags: req.tags,
      sdkDir: findSdkDir(`${this.extensionPath}/dist`),
      colors: true,
      offThreadBytes: OFF_THREAD_BYTES,
      onEvent,
    });
    this.active.set(pipeline, handle);
    this.states.reproStarted(pipeline);
    const term = (terminal.current = new RunTerminal(`MLOps: pipeline ${pipeline}`, () => handle.cancel(), this.state.terminalPace));
    term.terminal.show(true);
    term.write(`\x1b[2m[mlops] ${req.force ? 'force-running' : 'reproducing'} ${what} (pipeline run ${handle.pipelineRunId})\x1b[0m\n`);
    this.log.info(`Repro of ${what} started (${handle.pipelineRunId})`);
    this.state.notifyStoreChanged();
    const progressed = vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `MLOps: ${what}`, cancellable: true }, (p, token) => {
      progress = p;
      token.onCancellationRequested(() => handle.cancel());
      return handle.done;
    });
    const done = Promise.resolve(progressed)
      .finally(() => {
        this.active.delete(pipeline);
        this.states.reproEnded(pipeline);
        this.state.notifyStoreChanged();
      })
      .then((result) => this.report(req, what, term, result));
    return { pipelineRunId: handle.pipelineRunId, done };
  }

  /** The terminal's last line, the log, and one notification of the outcome. */
  private report(req: ReproRequest, what: string, term: RunTerminal, result: ReproResult): ReproResult {
    const { pipeline } = req;
    const summary = reproSummary(pipeline, result, this.state.config.config.cost?.currency ?? 'USD');
    const said = req.because ? `${summary} (retrain for ${req.because})` : summary;
    term.finish(`[mlops] ${summary} (${result.status})`);
    this.log.info(`Repro of ${what} ${result.status}: ${summary}`);
    const failed = firstFailure(result);
    const showOutput = () => term.terminal.show();
    if (failed) {
      void vscode.window.showErrorMessage(`MLOps: pipeline ${pipeline}: stage ${failed.stage} failed: ${failed.reason}`, 'Show Output').then((a) => a && showOutput());
    } else if (result.status === 'killed') {
      // "1 stopped" already says it, unless it was stopped between stages.
      const stopped = result.stages.some((s) => s.outcome === 'killed') ? said : `${said} (stopped)`;
      void vscode.window.showWarningMessage(`MLOps: ${stopped}`, 'Show Output').then((a) => a && showOutput());
    } else {
      void vscode.window.showInformationMessage(`MLOps: ${said}`);
    }
    return result;
  }

  dispose(): void {
    // Closing the window stops what it started; each stage's outs are put back.
    for (const h of this.active.values()) h.cancel();
  }
}
