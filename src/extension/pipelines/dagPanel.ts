import * as vscode from 'vscode';
import type { DagData } from '../../shared/dagData';
import { parseDagToHost, type DagToHost, type DagToWebview } from '../../shared/protocol';
import type { Log } from '../log';
import { PanelHost } from '../panels/panelHost';
import { webviewOptions } from '../panels/webviewHtml';
import type { WorkbenchState } from '../workbenchState';
import { dagView } from './dagView';
import type { PipelineStates } from './pipelineStates';

/** What Show DAG reports (and tests read): the graph the panel was sent, or why there is none. */
export interface DagShown {
  pipeline: string;
  data?: DagData;
  error?: string;
  /** Stages revealed from the panel, oldest first. */
  revealed: readonly string[];
}

/**
 * "Pipeline: train": the pipeline's stages as a graph coloured by state, live while a repro runs.
 * Clicking a stage reveals it in the Pipelines view. One panel, reused for whichever pipeline.
 */
export class DagPanel extends PanelHost<DagToHost, DagToWebview> {
  static readonly viewType = 'mlops.pipelineDag';
  private static current: DagPanel | undefined;
  private data: DagData | undefined;
  private error: string | undefined;
  private readonly revealed: string[] = [];

  static show(extensionUri: vscode.Uri, state: WorkbenchState, log: Log, states: PipelineStates, pipeline: string, reveal: (stage: string) => Promise<void>): DagShown {
    let p = DagPanel.current;
    if (p) p.panel.reveal();
    else {
      const panel = vscode.window.createWebviewPanel(DagPanel.viewType, `Pipeline: ${pipeline}`, vscode.ViewColumn.Active, webviewOptions(extensionUri));
      p = DagPanel.current = new DagPanel(panel, extensionUri, state, log, states, pipeline, reveal);
    }
    p.pipeline = pipeline;
    p.panel.title = `Pipeline: ${pipeline}`;
    p.load();
    return p.summary();
  }

  static shown(): DagShown | undefined {
    return DagPanel.current?.summary();
  }

  private constructor(
    panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    state: WorkbenchState,
    log: Log,
    private readonly states: PipelineStates,
    private pipeline: string,
    private readonly reveal: (stage: string) => Promise<void>,
  ) {
    super(panel, extensionUri, 'dag', state, log, parseDagToHost, 'Pipeline DAG');
    // Live: every status recompute and every repro event redraws it.
    this.disposables.push(states.onDidChange(() => this.load()));
  }

  protected async onMessage(msg: DagToHost): Promise<void> {
    if (msg.type === 'ready') return this.load();
    // Only a stage of the graph shown: the webview cannot point the host at anything else.
    if (!this.data?.nodes.some((n) => n.id === msg.stage)) return this.log.warn(`Pipeline DAG: ignored "reveal" of ${msg.stage}, not a stage of ${this.pipeline}`);
    this.revealed.push(msg.stage);
    await this.reveal(msg.stage);
  }

  protected onStoreChanged(): void {
    // PipelineStates recomputes on store changes and fires onDidChange, which redraws.
  }

  private load(): void {
    const p = this.states.pipeline(this.pipeline);
    if (!p) {
      this.data = undefined;
      this.error = `mlops.json has no pipeline "${this.pipeline}" (any more).`;
    } else if (p.error) {
      this.data = undefined;
      this.error = p.error;
    } else {
      this.data = dagView(p, this.state.config.config.cost?.currency ?? 'USD');
      this.error = undefined;
    }
    if (!this.ready) return;
    this.post(this.data ? { type: 'dag', data: this.data } : { type: 'error', message: this.error ?? 'Nothing to show.' });
  }

  private summary(): DagShown {
    return { pipeline: this.pipeline, data: this.data, error: this.error, revealed: this.revealed };
  }

  override dispose(): void {
    DagPanel.current = undefined;
    super.dispose();
  }
}
