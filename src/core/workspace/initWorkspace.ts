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
  let configCreated = false;
  try {
    // 'wx' fails if the file exists, so a concurrent init or an existing config is never clobbered.
    fs.writeFileSync(configFile, starterConfigText(), { flag: 'wx' });
    configCreated = true;
    created.push(configFile);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const store = Store.open(root);
  try {
    return { root, configFile, configCreated, created, schemaVersion: store.schemaVersion() };
  } finally {
    store.close();
  }
}
