import * as vscode from 'vscode';
import { codeDiff, codeDiffDocument, fileAtCommit, repositoryRoot } from '../../core/tracking/codeDiff';
import { getRun } from '../../core/tracking/runRecords';
import type { WorkbenchState } from '../workbenchState';

export const GIT_SCHEME = 'mlops-git';

/**
 * `mlops-git:/<repo path>?commit=<sha>`: a file as that commit holds it (`git show <commit>:<path>`).
 * The commit sits in the query so both sides of a diff share one path (no false "renamed" mark).
 */
export function gitFileUri(commit: string, file: string): vscode.Uri {
  return vscode.Uri.from({ scheme: GIT_SCHEME, path: `/${file}`, query: `commit=${commit}` });
}

/** `mlops-git:/compare/<runA>/<runB>/code.diff?runs=<a>,<b>`: the commits' patch plus both uncommitted diffs. */
export function codeDiffUri(a: { id: string }, b: { id: string }): vscode.Uri {
  return vscode.Uri.from({ scheme: GIT_SCHEME, path: `/compare/${a.id}/${b.id}/code.diff`, query: `runs=${a.id},${b.id}` });
}

/** Read-only documents of code as runs ran it; computed from git and the store on every read. */
export class GitDocumentProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly state: WorkbenchState) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const root = this.state.root;
    if (!root) return 'Open a folder first.\n';
    const query = new URLSearchParams(uri.query);
    const runs = query.get('runs')?.split(',');
    if (runs) {
      const store = this.state.existingStore();
      const [a, b] = [runs[0], runs[1]].map((id) => (store && id ? getRun(store, id) : undefined));
      if (!a || !b) return `Run ${a ? runs[1] : runs[0]} is not in the store any more.\n`;
      try {
        return codeDiffDocument(await codeDiff(root, a, b));
      } catch (err) {
        return `# ${err instanceof Error ? err.message : String(err)}\n`;
      }
    }
    const repo = await repositoryRoot(root);
    const bytes = repo ? await fileAtCommit(repo, query.get('commit') ?? '', uri.path.slice(1)) : undefined;
    // A side without the file (added or deleted) shows as empty, as git's own diff does.
    return bytes?.toString('utf8') ?? '';
  }
}
