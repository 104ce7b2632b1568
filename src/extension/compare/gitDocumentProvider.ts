import * as vscode from 'vscode';
import { codeDiff, codeDiffDocument, fileAtCommit, repositoryRoot } from '../../core/tracking/codeDiff';
import { getRun } from '../../core/tracking/runRecords';
import type { WorkbenchState } from '../workbenchState';

export const GIT_SCHEME = 'mlops-git';

/** `mlops-git:/<commit>/<repo path>`: a file as that commit holds it (`git show <commit>:<path>`). */
export function gitFileUri(commit: string, file: string): vscode.Uri {
  return vscode.Uri.from({ scheme: GIT_SCHEME, path: `/${commit}/${file}` });
}

/** `mlops-git:/compare/<runA>/<runB>/code.diff`: the commits' patch plus both uncommitted diffs. */
export function codeDiffUri(a: { id: string }, b: { id: string }): vscode.Uri {
  return vscode.Uri.from({ scheme: GIT_SCHEME, path: `/compare/${a.id}/${b.id}/code.diff` });
}

/** Read-only documents of code as runs ran it; computed from git and the store on every read. */
export class GitDocumentProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly state: WorkbenchState) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const root = this.state.root;
    if (!root) return 'Open a folder first.\n';
    const [, first, ...rest] = uri.path.split('/');
    if (first === 'compare') {
      const store = this.state.existingStore();
      const [a, b] = [rest[0], rest[1]].map((id) => (store ? getRun(store, id) : undefined));
      if (!a || !b) return `Run ${a ? rest[1] : rest[0]} is not in the store any more.\n`;
      try {
        return codeDiffDocument(await codeDiff(root, a, b));
      } catch (err) {
        return `# ${err instanceof Error ? err.message : String(err)}\n`;
      }
    }
    const repo = await repositoryRoot(root);
    const bytes = repo ? await fileAtCommit(repo, first, rest.join('/')) : undefined;
    // A side without the file (added or deleted) shows as empty, as git's own diff does.
    return bytes?.toString('utf8') ?? '';
  }
}
