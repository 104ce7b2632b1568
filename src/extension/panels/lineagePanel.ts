import * as vscode from 'vscode';
import { lineageOf } from '../../core/lineage/lineage';
import type { LineageGraph, LineageNode } from '../../core/lineage/types';
import { lineageView, type LineageData, type LineageDirectionShape, type LineageGraphShape } from '../../shared/lineageData';
import { parseLineageToHost, type LineageToHost, type LineageToWebview } from '../../shared/protocol';
import type { Log } from '../log';
import type { WorkbenchState } from '../workbenchState';
import { PanelHost } from './panelHost';
import { webviewOptions } from './webviewHtml';

// src/shared mirrors core's graph: this line stops compiling the day the two part ways.
const asShape = (g: LineageGraph): LineageGraphShape => g;

function graphOf(state: WorkbenchState, ref: string, direction: LineageDirectionShape): LineageGraph {
  const store = state.existingStore();
  if (!store) throw new Error('This workspace has no store yet (.mlops/store.db): run something or version a dataset first.');
  return lineageOf(store, state.config.config, ref, { direction });
}

/** `Lineage: churn@2`, `Lineage: run bold-fox-12`, `Lineage: train@3 (data/train.csv)`: the root as drawn, not as typed. */
function titleOf(graph: LineageGraph): string {
  const root = lineageView(asShape({ ...graph, nodes: graph.nodes.filter((n) => n.id === graph.root), edges: [] })).nodes[0];
  return `Lineage: ${root?.label ?? graph.root}`;
}

/** What Show Lineage reports (and tests read): the graph the panel was sent, or why there is none. */
export interface LineageShown {
  ref: string;
  title: string;
  direction: LineageDirectionShape;
  data?: LineageData;
  error?: string;
}

/** Opens what a node stands for (a run, a dataset version, a model version, code). */
export type LineageOpener = (node: LineageNode) => Promise<void>;

/** "Lineage": the graph around one run, dataset version or model version. One panel, reused. */
export class LineagePanel extends PanelHost<LineageToHost, LineageToWebview> {
  static readonly viewType = 'mlops.lineage';
  private static current: LineagePanel | undefined;
  private direction: LineageDirectionShape = 'both';
  private graph: LineageGraph | undefined;
  private data: LineageData | undefined;
  private error: string | undefined;
  /** Nodes opened from the panel, oldest first (what tests read). */
  readonly opened: string[] = [];

  /**
   * Shows the lineage of `ref`. A reference that names nothing (or a workspace without a store)
   * throws before any panel opens, so the command reports it as the error it is.
   */
  static show(extensionUri: vscode.Uri, state: WorkbenchState, log: Log, ref: string, open: LineageOpener): LineageShown {
    const title = titleOf(graphOf(state, ref, 'both'));
    let p = LineagePanel.current;
    if (p) p.panel.reveal();
    else {
      const panel = vscode.window.createWebviewPanel(LineagePanel.viewType, title, vscode.ViewColumn.Active, webviewOptions(extensionUri));
      p = LineagePanel.current = new LineagePanel(panel, extensionUri, state, log, ref, open);
    }
    p.ref = ref;
    p.direction = 'both';
    return p.load();
  }

  /** The open panel's last graph (tests and the Verify command read it). */
  static shown(): LineageShown | undefined {
    return LineagePanel.current?.summary();
  }

  static openedNodes(): readonly string[] {
    return LineagePanel.current?.opened ?? [];
  }

  private constructor(
    panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    state: WorkbenchState,
    log: Log,
    private ref: string,
    private readonly open: LineageOpener,
  ) {
    super(panel, extensionUri, 'lineage', state, log, parseLineageToHost, 'Lineage');
    // PanelHost passes store changes on once the webview is ready; until then the graph (what the
    // command and the API report) is kept current here.
    this.disposables.push(state.onDidChange(() => !this.ready && this.load()));
  }

  protected async onMessage(msg: LineageToHost): Promise<void> {
    // Ready (again, after the panel was hidden): the store may have changed meanwhile.
    if (msg.type === 'ready') this.load();
    else if (msg.type === 'direction') {
      this.direction = msg.direction;
      this.load();
    } else {
      // Only a node of the graph shown: the webview cannot point the host at anything else.
      const shown = this.data?.nodes.find((n) => n.id === msg.node);
      const node = this.graph?.nodes.find((n) => n.id === msg.node);
      if (!shown?.openable || !node) return this.log.warn(`Lineage: ignored "open" for ${msg.node}, which the panel does not show as openable`);
      this.opened.push(node.id);
      await this.open(node);
    }
  }

  /** A new run, version, validation or alias move may add to the graph or change a status. */
  protected onStoreChanged(): void {
    this.load();
  }

  private load(): LineageShown {
    try {
      this.graph = graphOf(this.state, this.ref, this.direction);
      this.data = lineageView(asShape(this.graph));
      this.panel.title = titleOf(this.graph);
      this.error = undefined;
    } catch (err) {
      this.graph = this.data = undefined;
      this.error = err instanceof Error ? err.message : String(err);
      this.log.warn(`Lineage of ${this.ref}: ${this.error}`);
    }
    this.send();
    return this.summary();
  }

  private summary(): LineageShown {
    return { ref: this.ref, title: this.panel.title, direction: this.direction, data: this.data, error: this.error };
  }

  private send(): void {
    if (!this.ready) return;
    if (this.data) this.post({ type: 'lineage', title: this.panel.title, data: this.data });
    else this.post({ type: 'error', message: this.error ?? 'No lineage to show.' });
  }

  override dispose(): void {
    LineagePanel.current = undefined;
    super.dispose();
  }
}
