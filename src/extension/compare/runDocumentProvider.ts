import * as vscode from 'vscode';
import { compareKeys, runDocument } from '../../core/tracking/compareRuns';
import { runDetails } from '../../core/tracking/runDetails';
import { StoreDocumentProvider } from '../storeDocuments';
import type { WorkbenchState } from '../workbenchState';

export const RUN_SCHEME = 'mlops-run';

// The name only labels the tab: the id is what the provider reads.
const fileName = (name: string) => name.replace(/[^\w.-]+/g, '-') || 'run';

/**
 * `mlops-run:/<runId>/<name>.mlops-run?compare=<id>,<id>`: a run as read-only text. The query names
 * every run of the comparison, so each side lists the union of their keys on the same lines. The
 * extension gives the documents the language mlops-run, whose default (package.json) wraps long lines.
 */
export function runDocumentUri(run: { id: string; name: string }, compareIds: string[]): vscode.Uri {
  return vscode.Uri.from({ scheme: RUN_SCHEME, path: `/${run.id}/${fileName(run.name)}.mlops-run`, query: `compare=${compareIds.map(encodeURIComponent).join(',')}` });
}

export function parseRunDocumentUri(uri: vscode.Uri): { runId: string; compareIds: string[] } {
  const runId = uri.path.split('/')[1] ?? '';
  const listed = new URLSearchParams(uri.query).get('compare')?.split(',').filter(Boolean) ?? [];
  return { runId, compareIds: listed.includes(runId) ? listed : [runId, ...listed] };
}

/** Serves mlops-run: documents, refreshed while open as the store changes (a run still going). */
export class RunDocumentProvider extends StoreDocumentProvider {
  constructor(state: WorkbenchState) {
    super(state, RUN_SCHEME);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const { runId, compareIds } = parseRunDocumentUri(uri);
    const store = this.state.existingStore();
    if (!store) return `No MLOps store in this workspace (.mlops/store.db): run ${runId} cannot be shown.\n`;
    const all = compareIds.map((id) => runDetails(store, id)).filter((d) => d !== undefined);
    const run = all.find((d) => d.id === runId);
    if (!run) return `Run ${runId} is not in the store any more (deleted?).\n`;
    return runDocument(run, compareKeys(all));
  }
}
