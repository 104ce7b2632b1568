import * as path from 'node:path';
import * as vscode from 'vscode';
import { listVersions, versionedItems } from '../../core/data/datasetVersions';
import { toRel } from '../../core/data/workspacePaths';
import type { Log } from '../log';
import { formatSize } from '../views/datasetsTree';
import { DATA_SCHEME } from './dataDocuments';
import type { WorkbenchState } from '../workbenchState';

// The Timeline API is still a proposal (vscode.proposed.timeline.d.ts, enabled through
// package.json's enabledApiProposals): these are the parts of it used here.
interface TimelineItem {
  timestamp: number;
  label: string;
  id?: string;
  description?: string;
  tooltip?: string | vscode.MarkdownString;
  iconPath?: vscode.ThemeIcon;
  command?: vscode.Command;
  contextValue?: string;
}
interface TimelineProvider {
  readonly onDidChange?: vscode.Event<{ uri?: vscode.Uri; reset?: boolean } | undefined>;
  readonly id: string;
  readonly label: string;
  provideTimeline(uri: vscode.Uri, options: unknown, token: vscode.CancellationToken): { items: TimelineItem[] };
}
type RegisterTimeline = (scheme: string | string[], provider: TimelineProvider) => vscode.Disposable;

/** "Dataset Versions" in the Explorer's Timeline: each version of a dataset file; a click diffs it with the file. */
export class DatasetTimeline implements TimelineProvider, vscode.Disposable {
  readonly id = 'mlops.datasetVersions';
  readonly label = 'Dataset Versions';
  private readonly changed = new vscode.EventEmitter<undefined>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly state: WorkbenchState) {
    this.subscription = state.onDidChange(() => this.changed.fire(undefined));
  }

  items(uri: vscode.Uri): TimelineItem[] {
    const root = this.state.root;
    const store = this.state.existingStore();
    if (!root || !store) return [];
    // A version document (mlops-data:/<dataset>@v<N>/<item>) shows the history of its item too.
    const version = uri.scheme === DATA_SCHEME ? /^\/[^/]+@v\d+\/(.+)$/.exec(uri.path)?.[1] : undefined;
    if (uri.scheme !== 'file' && uri.scheme !== 'vscode-remote' && !version) return [];
    const rel = version ?? toRel(root, uri.scheme === 'file' ? uri.fsPath : uri.path);
    if (rel.startsWith('..') || path.isAbsolute(rel)) return [];
    const out: TimelineItem[] = [];
    for (const dataset of Object.keys(this.state.config.config.datasets)) {
      if (!versionedItems(store, dataset).some((i) => i.item === rel)) continue;
      for (const v of listVersions(store, dataset, rel)) {
        out.push({
          id: `mlops-data-${v.id}`,
          timestamp: v.createdAt,
          label: `${dataset} v${v.version}`,
          description: `${formatSize(v.size)} · ${v.hash.slice(0, 10)} · ${v.source}`,
          tooltip: `${dataset} v${v.version} of ${v.item}\n${v.hash}${v.note ? `\n${v.note}` : ''}`,
          iconPath: new vscode.ThemeIcon('database'),
          contextValue: 'datasetVersion',
          command: { command: 'mlops.data.compareWithCurrent', title: 'Compare with Current', arguments: [{ versionId: v.id }] },
        });
      }
    }
    return out.sort((a, b) => b.timestamp - a.timestamp);
  }

  provideTimeline(uri: vscode.Uri): { items: TimelineItem[] } {
    return { items: this.items(uri) };
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

/** Registers the provider if this VS Code lets the extension use the proposal; logs why not otherwise. */
export function registerTimeline(provider: DatasetTimeline, log: Log): vscode.Disposable | undefined {
  try {
    const register = (vscode.workspace as unknown as { registerTimelineProvider?: RegisterTimeline }).registerTimelineProvider;
    if (!register) throw new Error('this VS Code has no Timeline API');
    // vscode-remote: in a remote window (code-server, SSH) the Timeline asks with the remote URI.
    return register(['file', 'vscode-remote', DATA_SCHEME], provider);
  } catch (err) {
    log.warn(`Dataset versions are not shown in the Timeline: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  }
}
