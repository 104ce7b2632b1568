import * as vscode from 'vscode';
import { buildPipelineGraph } from '../../core/pipelines/graph';
import { pipelineStatus } from '../../core/pipelines/pipelineStatus';
import { reasonText } from '../../core/pipelines/reasonText';
import type { ReproEvent, StageEdge, StageState } from '../../core/pipelines/types';
import type { DagState } from '../../shared/dagData';
import { LastShown } from '../lastShown';
import type { Log } from '../log';
import type { WorkbenchState } from '../workbenchState';

// The DAG panel's states are core's: this line stops compiling the day the two part ways.
const asDagState = (s: StageState): DagState => s;

export interface StageView {
  pipeline: string;
  stage: string;
  description?: string;
  state: DagState;
  /** Why it would run (reasonText of each), or how it failed. */
  reasons: string[];
  /** The run that made its outs, or the run now making them. */
  runId?: string;
  lastCost?: number;
}

export interface PipelineView {
  name: string;
  description?: string;
  stages: StageView[];
  edges: StageEdge[];
  /** Why its graph or status cannot be had (an invalid graph, an unreadable store). */
  error?: string;
  running: boolean;
}

/** How long a burst of changes (a save, a store write, a repro's events) waits before status is recomputed. */
const RECOMPUTE_MS = 300;

/** What a repro in this window said about a stage, drawn over the computed status until the next repro. */
interface LiveStage {
  state: DagState;
  runId?: string;
  message?: string;
  /** The last status computation started before this event: one started after it knows better. */
  seenBy: number;
}

/**
 * Every pipeline of mlops.json with each stage's state and reasons, kept current: recomputed
 * (throttled) when mlops.json, the store or a dependency changes, and overlaid live with what a
 * running repro reports. pipelineStatus goes through the stat cache, so a recompute reads only the
 * files that changed.
 */
export class PipelineStates implements vscode.Disposable {
  private views: PipelineView[] = [];
  private readonly live = new Map<string, Map<string, LiveStage>>();
  private readonly running = new Set<string>();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly shown = new LastShown();
  readonly onDidChange = this.changed.event;
  private timer: NodeJS.Timeout | undefined;
  private computing: Promise<void> | undefined;
  private again = false;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly state: WorkbenchState,
    private readonly log: Log,
  ) {
    this.subscription = state.onDidChange(() => this.schedule());
    this.schedule(0);
  }

  pipelines(): readonly PipelineView[] {
    return this.views;
  }

  pipeline(name: string): PipelineView | undefined {
    return this.views.find((p) => p.name === name);
  }

  isRunning(pipeline: string): boolean {
    return this.running.has(pipeline);
  }

  /** Recompute soon; changes within the wait are one recompute. */
  schedule(wait = RECOMPUTE_MS): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.state.track(this.recompute());
    }, wait);
  }

  /** Resolves once no recompute is pending or running (tests; the first Show DAG). */
  async settled(): Promise<void> {
    while (this.timer || this.computing) {
      if (this.computing) await this.computing;
      else await new Promise((r) => setTimeout(r, RECOMPUTE_MS));
    }
  }

  /** A repro of `pipeline` starts here: what the last one said is dropped. */
  reproStarted(pipeline: string): void {
    this.running.add(pipeline);
    this.live.set(pipeline, new Map());
    this.apply();
  }

  reproEvent(pipeline: string, e: ReproEvent): void {
    if (e.type === 'stage-output' || e.type === 'outs-put-back') return;
    const live = this.live.get(pipeline) ?? new Map<string, LiveStage>();
    this.live.set(pipeline, live);
    const seenBy = this.started;
    if (e.type === 'stage-start') live.set(e.stage, { state: 'running', runId: e.runId, seenBy });
    else if (e.outcome === 'failed' || e.outcome === 'killed') live.set(e.stage, { state: 'failed', runId: e.runId, message: e.message ?? `stage ${e.outcome}`, seenBy });
    else if (e.outcome === 'restored') live.set(e.stage, { state: 'restored', runId: e.runId, seenBy });
    // Ran or up to date: shown so at once, until a status computed since says otherwise.
    else if (e.outcome === 'ran' || e.outcome === 'up-to-date') live.set(e.stage, { state: 'up-to-date', runId: e.runId, seenBy });
    else live.delete(e.stage);
    this.apply();
    this.schedule();
  }

  reproEnded(pipeline: string): void {
    this.running.delete(pipeline);
    // A stage the repro never said the end of (it threw) is not running any more.
    const live = this.live.get(pipeline);
    for (const [stage, l] of live ?? []) if (l.state === 'running') live!.delete(stage);
    this.apply();
    this.schedule(0);
  }

  private computed: PipelineView[] = [];
  /** Status computations started, and the number of the one `computed` came from. */
  private started = 0;
  private computedBy = 0;

  private async recompute(): Promise<void> {
    if (this.computing) {
      this.again = true;
      return this.computing;
    }
    this.computing = (async () => {
      do {
        this.again = false;
        const n = ++this.started;
        this.computed = await this.compute();
        this.computedBy = n;
        this.apply();
      } while (this.again);
    })().finally(() => (this.computing = undefined));
    return this.computing;
  }

  private async compute(): Promise<PipelineView[]> {
    const root = this.state.root;
    const config = this.state.config.config;
    if (!root) return [];
    const store = this.state.existingStore();
    const out: PipelineView[] = [];
    for (const [name, p] of Object.entries(config.pipelines)) {
      const describe = (stage: string) => p.stages[stage]?.description;
      const view: PipelineView = { name, description: p.description, stages: [], edges: [], running: false };
      out.push(view);
      try {
        const graph = buildPipelineGraph(root, config, name);
        view.edges = graph.edges;
        if (!store) {
          // No store yet: nothing has run, and viewing never creates .mlops/.
          view.stages = graph.stages.map((s) => ({ pipeline: name, stage: s.name, description: describe(s.name), state: 'stale', reasons: ['never run'] }));
          continue;
        }
        const status = await pipelineStatus(store, root, config, name);
        view.stages = status.stages.map((s) => ({
          pipeline: name,
          stage: s.stage,
          description: describe(s.stage),
          state: asDagState(s.state),
          reasons: s.reasons.map(reasonText),
          runId: s.lastRunId,
          lastCost: s.lastCost,
        }));
      } catch (err) {
        view.error = err instanceof Error ? err.message : String(err);
        // Each stage says why its state is unknown, not a bare "stale".
        const why = `could not be checked: ${view.error}`;
        view.stages = Object.keys(p.stages).map((s) => ({ pipeline: name, stage: s, description: describe(s), state: 'stale', reasons: [why] }));
        this.log.warn(`Pipeline ${name}: ${view.error}`);
      }
    }
    return out;
  }

  /** The computed views with what running repros said drawn over them. */
  private apply(): void {
    this.views = this.computed.map((p) => {
      const live = this.live.get(p.name);
      const running = this.running.has(p.name);
      return {
        ...p,
        running,
        stages: p.stages.map((s) => {
          const l = live?.get(s.stage);
          if (!l) return s;
          // A failure or a restore stays shown until the stage's status moves on (fixed, or run again);
          // an outcome the computed status cannot know yet (computed before it) is shown over it.
          const older = this.computedBy <= l.seenBy;
          if (l.state === 'running' || (l.state === 'failed' && s.state !== 'up-to-date') || (l.state === 'restored' && (s.state === 'up-to-date' || older)) || (l.state === 'up-to-date' && older)) {
            const reasons = l.state === 'failed' || l.state === 'running' ? [...(l.message ? [l.message] : []), ...s.reasons] : [];
            return { ...s, state: l.state, runId: l.runId ?? s.runId, reasons };
          }
          return s;
        }),
      };
    });
    // Every store change recomputes; the tree, the code lenses and the DAG panel hear of it only when
    // a state, a reason or a cost reads differently (each is a message to the workbench).
    if (this.shown.differs(JSON.stringify(this.views))) this.changed.fire();
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.subscription.dispose();
    this.changed.dispose();
  }
}
