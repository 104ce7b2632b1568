import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONFIG_FILE } from '../config/loadConfig';

/** Walks up from `start` to the nearest folder holding mlops.json or .mlops/. */
export function findWorkspaceRoot(start: string): string | undefined {
  let dir = path.resolve(start);
  for (;;) {
    if (fs.existsSync(path.join(dir, CONFIG_FILE)) || isDirectory(path.join(dir, '.mlops'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}
