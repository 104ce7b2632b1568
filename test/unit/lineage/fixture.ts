// A workspace with a history to trace: train versioned twice, run r1 read train@1 and run r2 read
// train@2 (each through recordInputs, as the launcher records them), churn@1 registered from r1 with
// the alias champion, train@1 validated and profiled, and two monitors over train: "drift" names
// train@1 and was checked once, "bare" names the dataset and is not pinned yet.
import type { MlopsConfig } from '../../../src/core/config/types';
import { getVersion, type DatasetVersion } from '../../../src/core/data/datasetVersions';
import { versionDataset } from '../../../src/core/data/versionDataset';
import { insertCheck } from '../../../src/core/monitors/checkRecords';
import { profileForVersion } from '../../../src/core/quality/profileStore';
import { validateVersion } from '../../../src/core/quality/validationStore';
import type { Store } from '../../../src/core/store/store';
import { recordInputs } from '../../../src/core/tracking/inputs';
import { insertRun } from '../../../src/core/tracking/runRecords';
import { dataWorkspace } from '../data/helpers';

export interface LineageFixture {
  root: string;
  store: Store;
  config: MlopsConfig;
  train1: DatasetVersion;
  train2: DatasetVersion;
}

export const R1 = 'r1aaaaaaaaaaaaaaaaaaaaaa';
export const R2 = 'r2bbbbbbbbbbbbbbbbbbbbbb';
export const DIFF = 'd'.repeat(64);

export async function lineageFixture(): Promise<LineageFixture> {
  const w = dataWorkspace({ train: 'data/train.csv', incoming: 'data/incoming.csv' });
  const config: MlopsConfig = {
    ...w.config,
    monitors: { drift: { reference: 'train@1', current: 'incoming' }, bare: { reference: 'train', current: 'incoming' }, other: { reference: 'incoming@1', current: 'incoming' } },
    models: { churn: { metric: 'auc', direction: 'maximize', description: 'Churn classifier' } },
  };
  const { store, root } = w;
  w.write('data/train.csv', 'a,b\n1,x\n2,y\n');
  insertRun(store, {
    id: R1,
    name: 'train',
    experiment: 'churn',
    status: 'finished',
    command: 'python train.py',
    cwd: '.',
    params: { lr: 0.1, epochs: 3 },
    createdAt: 1000,
    git: { commit: 'c0ffee0123456789', branch: 'main', dirty: true, diff: DIFF },
    environment: { python: '3.11.4', os: 'linux', node: '20.11.0' },
  });
  await recordInputs(store, root, config, R1, ['data/train.csv']);
  w.write('data/train.csv', 'a,b\n1,x\n2,y\n3,z\n');
  insertRun(store, { id: R2, name: 'train', experiment: 'churn', status: 'finished', command: 'python train.py', cwd: '.', params: { lr: 0.2 }, createdAt: 2000 });
  await recordInputs(store, root, config, R2, ['data/train.csv']);
  const versions = store.db.prepare("SELECT id FROM dataset_versions WHERE dataset = 'train' ORDER BY version").all<{ id: number }>();
  const train1 = getVersion(store, Number(versions[0].id))!;
  const train2 = getVersion(store, Number(versions[1].id))!;
  await validateVersion(store, train1, [{ expect: 'notNull', column: 'a' }]);
  await profileForVersion(store, train1);

  // A model version as the registry stores it (registerModel's own tests cover how it gets there).
  store.db.prepare("INSERT INTO models (name, description, created_at, last_version) VALUES ('churn', 'Churn classifier', 1, 1)").run();
  store.db
    .prepare(
      `INSERT INTO model_versions (model, version, run_id, artifact_hash, artifact_path, artifact_kind, artifact_size, description, metrics_json, registered_by, created_at)
       VALUES ('churn', 1, ?, ?, 'model.pkl', 'file', 10, 'first', '{"auc":0.91}', 'Ada <ada@example.com>', 3000)`,
    )
    .run(R1, 'e'.repeat(64));
  const v1 = store.db.prepare("SELECT id FROM model_versions WHERE model = 'churn' AND version = 1").get<{ id: number }>()!.id;
  store.db.prepare("INSERT INTO model_aliases (model, alias, version_id, moved_at) VALUES ('churn', 'champion', ?, 3000)").run(v1);

  w.write('data/incoming.csv', 'a,b\n9,q\n');
  const batch = (await versionDataset(store, root, config, 'incoming')).items[0].version!;
  insertCheck(store, {
    monitor: 'drift',
    batchVersionId: batch.id,
    referenceVersionId: train1.id,
    batchLabel: 'incoming:data/incoming.csv@1',
    referenceLabel: 'train:data/train.csv@1',
    checkedAt: 4000,
    outcome: 'drift',
    report: { drift: null },
  });
  return { root, store, config, train1, train2 };
}
