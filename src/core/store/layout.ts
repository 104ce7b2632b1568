import * as path from 'node:path';

/** Where the workspace-local state lives, relative to the workspace root. */
export function storeLayout(workspaceRoot: string) {
  const dir = path.join(workspaceRoot, '.mlops');
  return {
    dir,
    database: path.join(dir, 'store.db'),
    gitignore: path.join(dir, '.gitignore'),
    objects: path.join(dir, 'objects'),
    runs: path.join(dir, 'runs'),
  };
}
