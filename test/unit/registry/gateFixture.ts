// A workspace for gate tests: runs with metric series, registered versions and aliases written as
// the registry stores them (SQL, so the gate is checked apart from registerModel and setAlias), and
// evaluation datasets read by runs through the real input recording.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { emptyConfig, type MlopsConfig } from '../../../src/core/config/types';
import { Store } from '../../../src/core/store/store';
import { insertMetrics } from '../../../src/core/tracking/metricRecords';
import { recordInputs } from '../../../src/core/tracking/inputs';
import { insertRun } from '../../../src/core/tracking/runRecords';
import { tempWorkspace } from '../tempWorkspace';

export function gateWorkspace(models: MlopsConfig['models'], datasets: Record<string, string> = {}) {
  const root = fs.realpathSync(tempWorkspace('mlops-gate-'));
  const config: MlopsConfig = { ...emptyConfig(), models, datasets: Object.fromEntries(Object.entries(datasets).map(([k, p]) => [k, { path: p }])) };
  fs.writeFileSync(path.join(root, 'mlops.json'), JSON.stringify({ datasets, models }, null, 2));
  const store = Store.open(root);
  let created = 0;
  return {
    root,
    config,
    store,
    /** A finished run; a list is a series over steps 0, 1, ... (the gate reads the last). */
    run(id: string, metrics: Record<string, number | number[]>, status: 'finished' | 'running' = 'finished'): string {
      insertRun(store, { id, name: id, experiment: 'train', status, command: 'python train.py', cwd: '.', params: {}, createdAt: ++created });
      const points = Object.entries(metrics).flatMap(([key, v]) => (Array.isArray(v) ? v : [v]).map((value, step) => ({ key, step, value, timestamp: created })));
      store.transaction(() => insertMetrics(store, id, points));
      return id;
    },
    /** Version `version` of `model` from `runId`, with these copied metrics (null: NaN). */
    version(model: string, version: number, runId: string | null, metrics: Record<string, number | null>): number {
      store.db.prepare('INSERT OR IGNORE INTO models (name, description, created_at) VALUES (?, ?, 1)').run(model, '');
      store.db.prepare('UPDATE models SET last_version = MAX(last_version, ?) WHERE name = ?').run(version, model);
      const r = store.db
        .prepare(
          `INSERT INTO model_versions (model, version, run_id, artifact_hash, artifact_path, artifact_kind, artifact_size, metrics_json, registered_by, created_at)
           VALUES (?, ?, ?, ?, 'model.pkl', 'file', 1, ?, 'test', ?)`,
        )
        .run(model, version, runId, 'a'.repeat(64), JSON.stringify(metrics), ++created);
      return Number(r.lastInsertRowid);
    },
    alias(model: string, alias: string, version: number): void {
      const id = store.db.prepare('SELECT id FROM model_versions WHERE model = ? AND version = ?').get<{ id: number }>(model, version)!.id;
      store.db.prepare('INSERT OR REPLACE INTO model_aliases (model, alias, version_id, moved_at) VALUES (?, ?, ?, 1)').run(model, alias, id);
    },
    /** Writes a dataset file and records that `runId` read it (versioning it when it changed). */
    async reads(runId: string, dataset: string, content: string): Promise<void> {
      const file = path.join(root, config.datasets[dataset].path);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, content);
      await recordInputs(store, root, config, runId, [dataset]);
    },
  };
}
