import * as fs from 'node:fs';
import { configPath } from '../config/loadConfig';
import { starterConfigText } from '../config/starter';
import { ensureStoreFolders, Store } from '../store/store';

export interface InitResult {
  root: string;
  configFile: string;
  /** False when mlops.json was already there: init never overwrites it. */
  configCreated: boolean;
  created: string[];
  schemaVersion: number;
}

/** What `mlops init` and "MLOps: Initialize Workspace" do: starter mlops.json, .mlops/, the store. */
export function initWorkspace(root: string): InitResult {
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) {
    throw new Error(`Cannot initialize ${root}: it is not a folder.`);
  }
  const configFile = configPath(root);
  const created = ensureStoreFolders(root);
  const configCreated = createWhole(configFile, starterConfigText());
  if (configCreated) created.push(configFile);
  const store = Store.open(root);
  try {
    return { root, configFile, configCreated, created, schemaVersion: store.schemaVersion() };
  } finally {
    store.close();
  }
}

/**
 * Creates `file` with `text` unless it exists (then false). Written whole under a temporary name and
 * linked in, so a reader (the editor's watcher of mlops.json, which loads it at once) never sees it
 * empty or half-written; the link fails like an exclusive create when the file is there, so an
 * existing config, or a concurrent init's, is never clobbered. Where the file system has no hard
 * links, an exclusive create does.
 */
function createWhole(file: string, text: string): boolean {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  try {
    fs.linkSync(tmp, file);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw err;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  try {
    fs.writeFileSync(file, text, { flag: 'wx' });
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}
