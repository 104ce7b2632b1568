import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { DatasetVersion } from '../../core/data/datasetVersions';
import { readManifest } from '../../core/data/directoryManifest';
import { hasObject, objectPath, readObject } from '../../core/data/objectCache';
import { CorruptObjectError, MissingObjectError } from '../../core/data/objectQuarantine';
import { ensureObjects } from '../../core/remote/fetchObject';
import { RemoteAccessError, RemoteConfigError } from '../../core/remote/types';
import type { WorkbenchState } from '../workbenchState';

export const DATA_SCHEME = 'mlops-data';

/** Past this, a version is not loaded into an editor (it would all sit in the extension host's memory). */
const MAX_DOCUMENT_BYTES = 50 * 1024 * 1024;

/**
 * `mlops-data:/<dataset>@v<N>/<item path>?hash=<sha256>&kind=file|directory`: the path ends in the
 * item's own file name so the editor picks the language (CSV, JSON, ...); the hash in the query is
 * what is served, so the document stays right even if the version row is deleted.
 */
export function versionUri(v: DatasetVersion): vscode.Uri {
  const shown = v.kind === 'directory' ? `${v.item}.manifest.txt` : v.item;
  return vscode.Uri.from({ scheme: DATA_SCHEME, path: `/${v.dataset}@v${v.version}/${shown}`, query: `hash=${v.hash}&kind=${v.kind}` });
}

/** A read-only text (a table diff summary) served under the same scheme. */
export function summaryUri(id: number, title: string): vscode.Uri {
  return vscode.Uri.from({ scheme: DATA_SCHEME, path: `/summary/${id}/${title.replace(/[^\w.@-]+/g, '-')}.txt` });
}

/** Serves dataset versions' bytes (read-only) and table diff summaries. */
export class DataDocumentProvider implements vscode.TextDocumentContentProvider {
  private readonly summaries = new Map<number, string>();
  private nextSummary = 1;

  constructor(private readonly state: WorkbenchState) {}

  addSummary(title: string, text: string): vscode.Uri {
    const id = this.nextSummary++;
    this.summaries.set(id, text);
    return summaryUri(id, title);
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const summary = /^\/summary\/(\d+)\//.exec(uri.path);
    if (summary) return this.summaries.get(Number(summary[1])) ?? 'This summary is gone (the window was reloaded): compare again.\n';
    const q = new URLSearchParams(uri.query);
    const hash = q.get('hash') ?? '';
    const root = this.state.root;
    if (!root || !/^[0-9a-f]{64}$/.test(hash)) return `Not a dataset version: ${uri.toString()}\n`;
    if (!hasObject(root, hash)) {
      const fetched = await this.fetch(root, hash, uri);
      if (fetched !== undefined) return fetched;
    }
    // Read objects are checked against their hash: a corrupted one is quarantined and the document says so.
    const opts = { store: this.state.openStore(), what: `Opening ${uri.path.replace(/^\//, '')}` };
    try {
      if (q.get('kind') === 'directory') {
        return readManifest(root, hash, opts).map((e) => `${e.sha256.slice(0, 12)}  ${String(e.size).padStart(12)}  ${e.path}`).join('\n') + '\n';
      }
      const size = fs.statSync(objectPath(root, hash)).size;
      if (size > MAX_DOCUMENT_BYTES) {
        return `This version is ${(size / 1048576).toFixed(0)} MB, too big for an editor. Bring it back with Restore This Version, or \`mlops data checkout\`; compare it with \`mlops data diff\`.\n`;
      }
      return readObject(root, hash, opts).toString('utf8');
    } catch (err) {
      if (err instanceof CorruptObjectError || err instanceof MissingObjectError) return `${err.message}\n`;
      throw err;
    }
  }

  /**
   * A version only on the team's remote (a teammate's, pulled as a record) is fetched before it is
   * shown, verified like any pull; returns the text to show instead when it cannot be. Only in a
   * trusted workspace: the remote is one mlops.json names.
   */
  private async fetch(root: string, hash: string, uri: vscode.Uri): Promise<string | undefined> {
    const config = this.state.config.config;
    if (!Object.keys(config.remotes ?? {}).length) return `The content of this version (${hash}) is not in .mlops/objects any more (deleted or collected), and mlops.json names no remote to fetch it from.\n`;
    if (!vscode.workspace.isTrusted) return `The content of this version (${hash}) is on the team's remote, not here: trust this workspace to fetch it, or run \`mlops pull\`.\n`;
    const what = `Opening ${uri.path.replace(/^\//, '')}`;
    try {
      await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `MLOps: fetching ${uri.path.replace(/^\//, '')} from the remote` }, () =>
        ensureObjects(this.state.openStore(), root, config, [hash], { what }),
      );
      return undefined;
    } catch (err) {
      if (err instanceof MissingObjectError || err instanceof RemoteAccessError || err instanceof RemoteConfigError) return `${err.message}\n`;
      throw err;
    }
  }
}
