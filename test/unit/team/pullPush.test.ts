// Two workspaces through one real team store, both sides real code: Alice pushes (pushRecords) and
// Bob pulls (pullRecords), then the other way round. What arrives equals what was sent (metrics
// with NaN and infinities, tags, authors), Bob's unshared versions move aside for Alice's numbers,
// and nothing pulled counts as ahead: a pulled record is never pushed back.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import { setAlias } from '../../../src/core/registry/aliases';
import { tagModelVersion } from '../../../src/core/registry/modelTags';
import { registerModel } from '../../../src/core/registry/registerModel';
import type { Store } from '../../../src/core/store/store';
import { insertMetrics } from '../../../src/core/tracking/metricRecords';
import { setTags } from '../../../src/core/tracking/runRecords';
import { pullRecords } from '../../../src/core/team/pullRecords';
import { aheadCounts } from '../../../src/core/team/pushPlan';
import { pushRecords } from '../../../src/core/team/pushRecords';
import { connectTeam, type TeamDb } from '../../../src/core/team/teamConnect';
import { initTeam } from '../../../src/core/team/teamInit';
import { emptyCounts } from '../../../src/core/team/types';
import { finishedRun, registryWorkspace, writeFiles, type Fixture } from '../registry/registryFixture';
import { freshDatabase, startCluster, type PgCluster } from './initCluster';

let cluster: PgCluster;
const open: { close(): Promise<void> | void }[] = [];
before(async () => {
  cluster = await startCluster();
});
after(async () => {
  for (const o of open.reverse()) await o.close();
  await cluster?.stop();
});

function workspace(name: string): Fixture {
  const f = registryWorkspace({ churn: {} } as never);
  execFileSync('git', ['init', '-q', f.root]);
  execFileSync('git', ['-C', f.root, 'config', 'user.name', name]);
  execFileSync('git', ['-C', f.root, 'config', 'user.email', `${name.toLowerCase()}@example.com`]);
  open.push({ close: () => f.store.close() });
  return f;
}

const metricRows = (store: Store, run: string) =>
  store.db
    .prepare('SELECT key, step, value, timestamp FROM metrics WHERE run_id = ? ORDER BY key, step, timestamp')
    .all<{ key: string; step: number; value: number | null; timestamp: number }>(run)
    .map((m) => [m.key, Number(m.step), m.value, Number(m.timestamp)]);

test('Alice pushes, Bob pulls, Bob pushes, Alice pulls: the same records on both sides, nothing pulled is ahead', async () => {
  const { url } = await freshDatabase(cluster, 'pullpush');
  await initTeam(url);
  const db: TeamDb = await connectTeam(url);
  open.push(db);

  const alice = workspace('Alice');
  const aliceRun = await finishedRun(alice, { metrics: { loss: [0.5, 0.25] } });
  alice.store.transaction(() =>
    insertMetrics(alice.store, aliceRun, [
      { key: 'odd', step: 0, value: NaN, timestamp: 1 },
      { key: 'odd', step: 1, value: Infinity, timestamp: 2 },
      { key: 'odd', step: 2, value: -Infinity, timestamp: 3 },
    ]),
  );
  setTags(alice.store, aliceRun, { stage: 'exp' });
  const aliceModel = await registerModel(alice.store, alice.config, { model: 'churn', runId: aliceRun });
  tagModelVersion(alice.store, 'churn@1', { owner: 'alice' });
  setAlias(alice.store, alice.config, { model: 'churn', alias: 'champion', version: aliceModel.version, reason: 'first' });
  const pushed = await pushRecords(alice.store, alice.root, db);
  assert.equal(pushed.pushed.run, 1);
  assert.deepEqual(aheadCounts(alice.store), emptyCounts());

  // Bob has his own unshared train@1 and churn@1 before his first pull.
  const bob = workspace('Bob');
  writeFiles(bob.root, { 'train.csv': 'age,plan,churned\n40,pro,1\n' });
  const bobRun = await finishedRun(bob, { metrics: { loss: [0.9] }, artifacts: { 'model.pkl': 'bob weights' } });
  await registerModel(bob.store, bob.config, { model: 'churn', runId: bobRun });
  const report = await pullRecords(bob.store, bob.root, db);
  assert.deepEqual(report.authors, ['Alice <alice@example.com>']);
  assert.equal(report.pulled.run, 1);
  assert.equal(report.pulled.dataset_version, 1);
  assert.equal(report.pulled.model_version, 1);
  assert.deepEqual(
    report.renumbered.map((r) => [r.kind, r.from, r.to]),
    [
      ['dataset_version', 1, 2],
      ['model_version', 1, 2],
    ],
  );

  assert.deepEqual(metricRows(bob.store, aliceRun), metricRows(alice.store, aliceRun));
  assert.deepEqual(metricRows(bob.store, aliceRun).find((m) => m[0] === 'odd' && m[1] === 0), ['odd', 0, null, 1]);
  const run = bob.store.db.prepare('SELECT author, origin FROM runs WHERE id = ?').get<{ author: string; origin: string }>(aliceRun)!;
  assert.deepEqual({ ...run }, { author: 'Alice <alice@example.com>', origin: 'team' });
  const champion = bob.store.db
    .prepare("SELECT v.version, v.uid FROM model_aliases a JOIN model_versions v ON v.id = a.version_id WHERE a.model = 'churn' AND a.alias = 'champion'")
    .get<{ version: number; uid: string }>()!;
  assert.equal(champion.version, 1);
  const aliceUid = alice.store.db.prepare('SELECT uid FROM model_versions WHERE version = 1').get<{ uid: string }>()!.uid;
  assert.equal(champion.uid, aliceUid);
  const aliceAudit = alice.store.db.prepare('SELECT count(*) AS n FROM audit_log').get<{ n: number }>()!.n;
  assert.equal(bob.store.db.prepare('SELECT count(*) AS n FROM team_audit').get<{ n: number }>()!.n, aliceAudit, 'Alice\'s whole chain');

  // Only Bob's own work is ahead: his run, his data and model versions (renumbered), his audit entries.
  const bobAhead = aheadCounts(bob.store);
  assert.equal(bobAhead.run, 1);
  assert.equal(bobAhead.dataset_version, 1);
  assert.equal(bobAhead.model_version, 1);
  assert.equal(bobAhead.alias_event, 0);

  // Bob tags Alice's run (the last push wins), pushes; Alice pulls his records and the tag.
  setTags(bob.store, aliceRun, { reviewed: 'bob' });
  const bobPushed = await pushRecords(bob.store, bob.root, db);
  assert.deepEqual(bobPushed.renumbered, []);
  const back = await pullRecords(alice.store, alice.root, db);
  assert.deepEqual(back.authors, ['Bob <bob@example.com>']);
  assert.equal(back.pulled.run, 2, 'Bob\'s run, and Alice\'s run with Bob\'s tag');
  assert.deepEqual(
    alice.store.db.prepare('SELECT key, value FROM run_tags WHERE run_id = ? ORDER BY key').all(aliceRun).map((t) => ({ ...t })),
    [
      { key: 'reviewed', value: 'bob' },
      { key: 'stage', value: 'exp' },
    ],
  );
  assert.deepEqual(metricRows(alice.store, bobRun), metricRows(bob.store, bobRun));
  assert.deepEqual(
    alice.store.db.prepare("SELECT version, origin FROM model_versions WHERE model = 'churn' ORDER BY version").all().map((v) => ({ ...v })),
    [
      { version: 1, origin: 'local' },
      { version: 2, origin: 'team' },
    ],
  );
  assert.deepEqual(aheadCounts(alice.store), emptyCounts(), 'nothing pulled is pushed back');
  assert.deepEqual(aheadCounts(bob.store), emptyCounts());
  assert.deepEqual((await pullRecords(bob.store, bob.root, db)).pulled, emptyCounts(), 'Bob\'s own records come back as marks only');
});
