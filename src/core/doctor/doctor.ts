import { loadConfig } from '../config/loadConfig';
import type { ConfigProblem } from '../config/types';
import { latestSchemaVersion } from '../store/migrations';
import { storeLayout } from '../store/layout';
import { openDriver } from '../store/driver';
import { Store, storeExists } from '../store/store';

export interface DoctorReport {
  ok: boolean;
  workspace: string;
  runtime: { node: string; abi: string; electron?: string; platform: string; arch: string };
  store: { path: string; exists: boolean; driver?: string; schemaVersion?: number; latestSchemaVersion: number; error?: string };
  config: { path: string; exists: boolean; valid: boolean; problems: ConfigProblem[] };
}

/** Everything a user needs to see to tell why the workbench does not work here. Never creates the store. */
export function runDoctor(workspaceRoot: string): DoctorReport {
  const v = process.versions as NodeJS.ProcessVersions & { electron?: string };
  const loaded = loadConfig(workspaceRoot);
  const exists = storeExists(workspaceRoot);
  const store: DoctorReport['store'] = { path: storeLayout(workspaceRoot).database, exists, latestSchemaVersion };
  try {
    if (exists) {
      const s = Store.open(workspaceRoot);
      store.driver = s.driverName;
      store.schemaVersion = s.schemaVersion();
      s.close();
    } else {
      // Doctor only looks: it probes the driver in memory rather than creating .mlops/.
      const probe = openDriver(':memory:');
      store.driver = probe.name;
      probe.close();
    }
  } catch (err) {
    store.error = err instanceof Error ? err.message : String(err);
  }
  const valid = loaded.problems.length === 0;
  return {
    ok: valid && !store.error,
    workspace: workspaceRoot,
    runtime: { node: v.node, abi: v.modules, electron: v.electron, platform: process.platform, arch: process.arch },
    store,
    config: { path: loaded.file, exists: loaded.exists, valid, problems: loaded.problems },
  };
}
