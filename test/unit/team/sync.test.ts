// pushAll / pullAll / teamStatus against a real PostgreSQL and a folder remote: the order (objects
// before the records that need them), what happens with only one of the two configured, the status
// bar's numbers, and a cancelled sync saying what completed.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { loadConfig } from '../../../src/core/config/loadConfig';
import { hasObject } from '../../../src/core/data/objectCache';
import { versionDataset } from '../../../src/core/data/versionDataset';
import { Store } from '../../../src/core/store/store';
import { pullAll, pushAll } from '../../../src/core/team/sync';
import { isSkipped, SyncCancelledError } from '../../../src/core/team/syncTypes';
import { connectTeam } from '../../../src/core/team/teamConnect';
import { teamStatus } from '../../../src/core/team/teamStatus';
import { TeamConfigError } from '../../../src/core/team/types';
import { startPostgres, teamDatabase, type PgCluster } from '../cli/teamCliSetup';
import { tempWorkspace } from '../tempWorkspace';

let cluster: PgCluster;
before(async () => {
  cluster = await startPostgres();
});
after(async () => {
  await cluster?.stop();
});

interface Ws {
  root: string;
  store: Store;
  config: ReturnType<typeof loadConfig>['config'];
}

/** A workspace with a dataset train -> data/train.csv holding `csv`, versioned once. */
async function workspace(settings: { database?: string; remote?: string }, csv = 'a,b\n1,2\n'): Promise<Ws> {
  const root = tempWorkspace('mlops-sync-');
  const config: Record<string, unknown> = { datasets: { train: 'data/train.csv' } };
  if (settings.remote) config.remotes = { shared: { url: settings.remote } };
  if (settings.database) config.team = { database: settings.database };
  fs.writeFileSync(path.join(root, 'mlops.json'), JSON.stringify(config));
  fs.mkdirSync(path.join(root, 'data'));
  fs.writeFileSync(path.join(root, 'data', 'train.csv'), csv);
  const store = Store.open(root);
  const loaded = loadConfig(root).config;
  await versionDataset(store, root, loaded, 'train', { source: 'cli' });
  return { root, store, config: loaded };
}

const env = {};

test('neither a remote nor a team store: a TeamConfigError naming both of mlops.json\'s sections', async () => {
  const ws = await workspace({});
  await assert.rejects(pushAll(ws.store, ws.root, ws.config, { env }), (err: Error) => err instanceof TeamConfigError && /"remotes"/.test(err.message) && /"team"/.test(err.message));
  await assert.rejects(pullAll(ws.store, ws.root, ws.config, { env }), TeamConfigError);
  ws.store.close();
});

test('a team store without a remote: records needing objects stay here, and the report says why', async () => {
  const db = await teamDatabase(cluster, 'noremote');
  const ws = await workspace({ database: db });
  const report = await pushAll(ws.store, ws.root, ws.config, { env });
  assert.ok(isSkipped(report.objects));
  assert.match(report.objects.skipped, /no remote/);
  assert.ok(!isSkipped(report.records));
  assert.equal(report.records.pushed.dataset_version, 0);
  assert.deepEqual(report.records.skipped.map((s) => s.kind), ['dataset_version']);
  assert.match(report.records.skipped[0].reason, /not on the remote/);
  ws.store.close();
});

test('Alice pushes, Bob is behind until he pulls; pull brings the records, then their objects', async () => {
  const db = await teamDatabase(cluster, 'status');
  const remote = tempWorkspace('mlops-sync-remote-');
  const alice = await workspace({ database: db, remote }, 'a,b\n1,2\n');
  const bob = await workspace({ database: db, remote }, 'a,b\n3,4\n');
  const team = await connectTeam(db);
  try {
    const before = await teamStatus(alice.store, team);
    assert.equal(before.ahead.dataset_version, 1);
    assert.equal(before.pushedAt, undefined);

    const phases: string[] = [];
    const pushed = await pushAll(alice.store, alice.root, alice.config, { env, onProgress: (p) => phases.push(p.part) });
    assert.ok(!isSkipped(pushed.objects) && !isSkipped(pushed.records));
    assert.equal(pushed.objects.report.transferred, 1);
    assert.equal(pushed.records.pushed.dataset_version, 1);
    assert.ok(phases.indexOf('objects') < phases.indexOf('records'), `objects before records: ${phases.join(',')}`);

    const aliceAfter = await teamStatus(alice.store, team);
    assert.equal(aliceAfter.ahead.dataset_version, 0);
    assert.equal(aliceAfter.behind, 0, 'her own push is nothing to pull');
    assert.ok(aliceAfter.pushedAt);

    const bobBefore = await teamStatus(bob.store, team);
    assert.ok(bobBefore.behind > 0);
    assert.equal(bobBefore.ahead.dataset_version, 1);

    const pulled = await pullAll(bob.store, bob.root, bob.config, { env });
    assert.ok(!isSkipped(pulled.records) && !isSkipped(pulled.objects));
    assert.equal(pulled.records.pulled.dataset_version, 1);
    assert.equal(pulled.objects.report.transferred, 1, "Alice's object");
    const aliceHash = alice.store.db.prepare('SELECT hash FROM dataset_versions').get<{ hash: string }>()!.hash;
    assert.ok(hasObject(bob.root, aliceHash));
    const bobAfter = await teamStatus(bob.store, team);
    assert.equal(bobAfter.behind, 0);
    assert.ok(bobAfter.pulledAt);
  } finally {
    await team.close();
    alice.store.close();
    bob.store.close();
  }
});

test('a cancelled push says what had completed; the next one finishes', async () => {
  const db = await teamDatabase(cluster, 'cancel');
  const remote = tempWorkspace('mlops-sync-remote-');
  const ws = await workspace({ database: db, remote });
  const controller = new AbortController();
  // Cancel as the records part starts: the objects part has completed.
  const onProgress = (p: { part: string }) => {
    if (p.part === 'records') controller.abort();
  };
  await assert.rejects(pushAll(ws.store, ws.root, ws.config, { env, signal: controller.signal, onProgress }), (err: Error) => {
    assert.ok(err instanceof SyncCancelledError, String(err));
    assert.match(err.message, /completed before: pushed 1 object to shared/);
    return true;
  });
  const again = await pushAll(ws.store, ws.root, ws.config, { env });
  assert.ok(!isSkipped(again.objects) && !isSkipped(again.records));
  assert.equal(again.objects.report.transferred, 0);
  const team = await connectTeam(db);
  try {
    assert.equal((await teamStatus(ws.store, team)).ahead.dataset_version, 0);
    assert.equal((await team.query<{ n: number }>('SELECT count(*)::int AS n FROM mlops.dataset_versions')).rows[0].n, 1);
  } finally {
    await team.close();
    ws.store.close();
  }
});
