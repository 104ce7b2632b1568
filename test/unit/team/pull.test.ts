// Pull against a real PostgreSQL team store seeded as push writes it: every kind of record arrives
// in the local store with its origin, author and team number, metrics keep NaN and Infinity, and a
// second pull with nothing new costs exactly one query.
import { strict as assert } from 'node:assert';
import { after, before, test } from 'node:test';
import { Store } from '../../../src/core/store/store';
import { pullRecords } from '../../../src/core/team/pullRecords';
import { aheadCounts } from '../../../src/core/team/pushPlan';
import { tempWorkspace } from '../tempWorkspace';
import { ALICE, ALICE_WS, Seeder, startCluster, teamDatabase, type Cluster } from './pullFixtures';

let cluster: Cluster;
before(async () => {
  cluster = await startCluster();
});
after(async () => {
  await cluster?.stop();
});

const BOB_WS = 'b0b00000000000000000000000000000';

test('a teammate\'s records arrive with origin, author and the team\'s numbers', async () => {
  const { pool } = await teamDatabase(cluster);
  const alice = new Seeder(pool);
  await alice.workspace();
  await alice.dataset('train', 'data/train.csv');
  const validation = { expectations_json: '[{"type":"not_null","column":"id"}]', success: 1, result_json: '{"ok":true}', validated_at: 1_700_000_000_900 };
  const v1 = await alice.datasetVersion({ dataset: 'train', item: 'data/train.csv', hash: 'a'.repeat(64), record: { validation, note: 'first' } });
  const v2 = await alice.datasetVersion({ dataset: 'train', item: 'data/train.csv', hash: 'b'.repeat(64) });
  const folder = await alice.datasetVersion({ dataset: 'train', item: 'data/images', kind: 'directory', hash: 'c'.repeat(64), record: { children: ['d'.repeat(64), 'e'.repeat(64)] } });
  const runId = '01jrun0000000000000000000a';
  await alice.run(runId, {
    record: { inputs: [{ path: 'data/train.csv', hash: 'b'.repeat(64), dataset_version_uid: v2.uid }, { path: 'extra.txt', hash: 'f'.repeat(64), dataset_version_uid: null }], artifacts: [{ path: 'model.pkl', hash: '1'.repeat(64), size: 42 }] },
    tags: { stage: 'exp' },
    note: 'baseline',
    metrics: [
      ['loss', 0, 0.5, 1_700_000_001_200],
      ['loss', 1, null, 1_700_000_001_300],
      ['loss', 2, Infinity, 1_700_000_001_400],
      ['loss', 3, -Infinity, 1_700_000_001_500],
      ['acc', 9_007_199_254_740_991, 0.25, 1_700_000_001_600],
      ['tab\tkey\\ü\nx', 0, 1e-300, 1],
    ],
  });
  await alice.model('churn', 'predicts churn');
  const m1 = await alice.modelVersion({ model: 'churn', runId, hash: '1'.repeat(64), tags: { owner: 'alice' } });
  await alice.moveAlias('churn', 'champion', null, m1.uid, [null, m1.number]);
  await alice.audit('run.created', runId);
  await alice.audit('model.registered', 'churn@1');
  const check = await alice.driftCheck({ monitor: 'incoming', batchUid: v2.uid, referenceUid: v1.uid });

  const root = tempWorkspace('mlops-pull-');
  const store = Store.open(root);
  try {
    const report = await pullRecords(store, root, pool);
    assert.deepEqual(report.pulled, { run: 1, pipeline_run: 0, dataset_version: 3, model_version: 1, alias_event: 1, audit: 2, drift_check: 1 });
    assert.deepEqual(report.renumbered, []);
    assert.deepEqual(report.authors, [ALICE]);
    const maxSeq = Number((await pool.query('SELECT max(seq) AS m FROM mlops.changes_since(0, 100000)')).rows[0].m);
    assert.equal(report.seq, maxSeq);
    assert.equal(store.db.prepare('SELECT pulled_seq FROM team_sync').get<{ pulled_seq: number }>()!.pulled_seq, maxSeq);

    const versions = store.db.prepare('SELECT item, version, hash, uid, author, origin, shared, note, kind FROM dataset_versions ORDER BY id').all();
    assert.deepEqual(
      versions.map((v) => ({ ...v })),
      [
        { item: 'data/train.csv', version: 1, hash: 'a'.repeat(64), uid: v1.uid, author: ALICE, origin: 'team', shared: 1, note: 'first', kind: 'file' },
        { item: 'data/train.csv', version: 2, hash: 'b'.repeat(64), uid: v2.uid, author: ALICE, origin: 'team', shared: 1, note: '', kind: 'file' },
        { item: 'data/images', version: 1, hash: 'c'.repeat(64), uid: folder.uid, author: ALICE, origin: 'team', shared: 1, note: '', kind: 'directory' },
      ],
    );
    assert.equal(store.db.prepare('SELECT path FROM datasets WHERE name = ?').get<{ path: string }>('train')!.path, 'data/train.csv');
    const valid = store.db.prepare('SELECT v.expectations_json, v.success FROM validations v JOIN dataset_versions d ON d.id = v.dataset_version_id WHERE d.uid = ?').get(v1.uid);
    assert.deepEqual({ ...valid }, { expectations_json: validation.expectations_json, success: 1 });
    assert.deepEqual(store.db.prepare('SELECT child FROM object_refs WHERE parent = ? ORDER BY child').all('c'.repeat(64)).map((r) => r.child), ['d'.repeat(64), 'e'.repeat(64)]);

    const run = store.db.prepare('SELECT name, status, author, origin, note, created_at, pid FROM runs WHERE id = ?').get(runId);
    assert.deepEqual({ ...run }, { name: 'run-000a', status: 'finished', author: ALICE, origin: 'team', note: 'baseline', created_at: 1_700_000_001_000, pid: null });
    assert.deepEqual(store.db.prepare('SELECT key, value FROM run_params WHERE run_id = ?').all(runId).map((r) => ({ ...r })), [{ key: 'lr', value: '0.01' }]);
    assert.deepEqual(store.db.prepare('SELECT key, value FROM run_tags WHERE run_id = ?').all(runId).map((r) => ({ ...r })), [{ key: 'stage', value: 'exp' }]);
    const inputs = store.db.prepare('SELECT i.path, d.uid FROM run_inputs i LEFT JOIN dataset_versions d ON d.id = i.dataset_version_id WHERE run_id = ? ORDER BY i.path').all(runId);
    assert.deepEqual(inputs.map((r) => ({ ...r })), [{ path: 'data/train.csv', uid: v2.uid }, { path: 'extra.txt', uid: null }]);
    assert.deepEqual(store.db.prepare('SELECT path, hash, size FROM artifacts WHERE run_id = ?').all(runId).map((r) => ({ ...r })), [{ path: 'model.pkl', hash: '1'.repeat(64), size: 42 }]);
    const metrics = store.db.prepare('SELECT key, step, value, timestamp FROM metrics WHERE run_id = ? ORDER BY key, step').all<{ key: string; step: number; value: number | null; timestamp: number }>(runId);
    assert.deepEqual(
      metrics.map((m) => [m.key, Number(m.step), m.value, Number(m.timestamp)]),
      [
        ['acc', 9_007_199_254_740_991, 0.25, 1_700_000_001_600],
        ['loss', 0, 0.5, 1_700_000_001_200],
        ['loss', 1, null, 1_700_000_001_300],
        ['loss', 2, Infinity, 1_700_000_001_400],
        ['loss', 3, -Infinity, 1_700_000_001_500],
        ['tab\tkey\\ü\nx', 0, 1e-300, 1],
      ],
    );

    const mv = store.db.prepare('SELECT id, version, run_id, origin, shared, uid, registered_by, metrics_json FROM model_versions').get<{ id: number }>()!;
    assert.deepEqual({ ...mv, id: 0 }, { id: 0, version: 1, run_id: runId, origin: 'team', shared: 1, uid: m1.uid, registered_by: ALICE, metrics_json: '{"acc":0.9}' });
    assert.deepEqual({ ...store.db.prepare('SELECT description, last_version FROM models WHERE name = ?').get<object>('churn') }, { description: 'predicts churn', last_version: 1 });
    assert.deepEqual(store.db.prepare('SELECT key, value FROM model_version_tags WHERE version_id = ?').all(mv.id).map((r) => ({ ...r })), [{ key: 'owner', value: 'alice' }]);
    assert.equal(store.db.prepare('SELECT version_id FROM model_aliases WHERE model = ? AND alias = ?').get<{ version_id: number }>('churn', 'champion')!.version_id, mv.id);
    const events = store.db.prepare('SELECT old_version, new_version, actor, origin FROM alias_events').all();
    assert.deepEqual(events.map((e) => ({ ...e })), [{ old_version: null, new_version: 1, actor: ALICE, origin: 'team' }]);

    const audit = store.db.prepare('SELECT workspace_id, seq, action, object FROM team_audit ORDER BY seq').all();
    assert.deepEqual(audit.map((a) => ({ ...a })), [
      { workspace_id: ALICE_WS, seq: 1, action: 'run.created', object: runId },
      { workspace_id: ALICE_WS, seq: 2, action: 'model.registered', object: 'churn@1' },
    ]);
    // Nothing pulled is written to this workspace's own chain.
    assert.equal(store.db.prepare('SELECT count(*) AS n FROM audit_log').get<{ n: number }>()!.n, 0);

    const dc = store.db.prepare('SELECT c.id, c.monitor, c.origin, c.author, c.outcome, b.uid AS batch, r.uid AS ref FROM drift_checks c LEFT JOIN dataset_versions b ON b.id = c.batch_version_id LEFT JOIN dataset_versions r ON r.id = c.reference_version_id').get<{ id: number }>()!;
    assert.deepEqual({ ...dc, id: 0 }, { id: 0, monitor: 'incoming', origin: 'team', author: ALICE, outcome: 'drift', batch: v2.uid, ref: v1.uid });
    assert.equal(store.db.prepare('SELECT count(*) AS n FROM drift_check_columns WHERE check_id = ?').get<{ n: number }>(dc.id)!.n, 2);

    const records = store.db.prepare('SELECT kind, count(*) AS n FROM team_records GROUP BY kind ORDER BY kind').all();
    assert.deepEqual(records.map((r) => ({ ...r })), [
      { kind: 'alias_event', n: 1 },
      { kind: 'dataset_version', n: 3 },
      { kind: 'drift_check', n: 1 },
      { kind: 'model_version', n: 1 },
      { kind: 'run', n: 1 },
    ]);
    assert.equal(store.db.prepare("SELECT digest FROM team_records WHERE kind = 'drift_check'").get<{ digest: string }>()!.digest, `digest-${check}`);

    // Nothing new: one query, nothing changes.
    pool.queries = 0;
    const again = await pullRecords(store, root, pool);
    assert.equal(pool.queries, 1);
    assert.deepEqual(again.pulled, { run: 0, pipeline_run: 0, dataset_version: 0, model_version: 0, alias_event: 0, audit: 0, drift_check: 0 });
    assert.equal(again.seq, maxSeq);
    assert.equal(store.db.prepare('SELECT count(*) AS n FROM metrics').get<{ n: number }>()!.n, 6);
  } finally {
    store.close();
    await pool.end();
  }
});

test('a teammate\'s later tag and note edit replaces them here; this workspace\'s own records come back only as marks', async () => {
  const { pool } = await teamDatabase(cluster);
  const root = tempWorkspace('mlops-pull-');
  const store = Store.open(root);
  try {
    const ownWs = store.db.prepare("SELECT value FROM workspace_meta WHERE key = 'workspace_id'").get<{ value: string }>()!.value;
    const alice = new Seeder(pool);
    const me = new Seeder(pool, ownWs, 'Me <me@example.com>');
    const runId = '01jrun0000000000000000000b';
    await alice.run(runId, { tags: { a: '1' }, note: 'n1' });
    await me.audit('run.created', 'x');
    const bob = new Seeder(pool, BOB_WS, 'Bob <bob@example.com>');
    await bob.audit('run.created', 'y');
    let report = await pullRecords(store, root, pool);
    assert.equal(report.pulled.run, 1);
    assert.equal(report.pulled.audit, 1, 'only the teammate\'s entry');
    assert.equal(store.db.prepare('SELECT count(*) AS n FROM team_audit').get<{ n: number }>()!.n, 1);
    const own = store.db.prepare("SELECT key, digest, server_seq FROM team_records WHERE kind = 'audit'").get<{ key: string; server_seq: number }>()!;
    assert.equal(own.key, '1');
    assert.ok(Number(own.server_seq) > 0);

    await alice.runTags(runId, { a: '2', b: 'x' }, 'n2');
    report = await pullRecords(store, root, pool);
    assert.equal(report.pulled.run, 1);
    assert.deepEqual(store.db.prepare('SELECT key, value FROM run_tags WHERE run_id = ? ORDER BY key').all(runId).map((r) => ({ ...r })), [
      { key: 'a', value: '2' },
      { key: 'b', value: 'x' },
    ]);
    assert.equal(store.db.prepare('SELECT note FROM runs WHERE id = ?').get<{ note: string }>(runId)!.note, 'n2');
    assert.equal(store.db.prepare('SELECT count(*) AS n FROM runs').get<{ n: number }>()!.n, 1);

    // A tag edited here since is kept against a later team edit (the next push sends it; the last push wins).
    store.db.prepare("UPDATE run_tags SET value = 'mine' WHERE run_id = ? AND key = 'b'").run(runId);
    await alice.runTags(runId, { a: '3' }, 'n3');
    report = await pullRecords(store, root, pool);
    assert.equal(report.pulled.run, 0);
    assert.deepEqual(store.db.prepare('SELECT key, value FROM run_tags WHERE run_id = ? ORDER BY key').all(runId).map((r) => ({ ...r })), [
      { key: 'a', value: '2' },
      { key: 'b', value: 'mine' },
    ]);
    assert.equal(aheadCounts(store).run, 1, 'the edit is ahead');

  } finally {
    store.close();
    await pool.end();
  }
});

test('a run still running here is never touched by a pull', async () => {
  const { pool } = await teamDatabase(cluster);
  const root = tempWorkspace('mlops-pull-');
  const store = Store.open(root);
  try {
    const runId = '01jrun0000000000000000000c';
    store.db
      .prepare("INSERT INTO runs (id, name, experiment, status, command, cwd, created_at, note) VALUES (?, 'mine', 'default', 'running', 'python x.py', '.', 1, 'local note')")
      .run(runId);
    await new Seeder(pool).run(runId, { tags: { t: '1' }, note: 'team note', metrics: [['loss', 0, 1, 1]] });
    const report = await pullRecords(store, root, pool);
    assert.equal(report.pulled.run, 0);
    assert.deepEqual(report.authors, []);
    assert.deepEqual({ ...store.db.prepare('SELECT status, note, origin FROM runs WHERE id = ?').get<object>(runId) }, { status: 'running', note: 'local note', origin: 'local' });
    assert.equal(store.db.prepare('SELECT count(*) AS n FROM run_tags').get<{ n: number }>()!.n, 0);
    assert.equal(store.db.prepare('SELECT count(*) AS n FROM metrics').get<{ n: number }>()!.n, 0);
  } finally {
    store.close();
    await pool.end();
  }
});


test('a workspace pointed at another team store pulls that one from its start', async () => {
  const first = await teamDatabase(cluster);
  const second = await teamDatabase(cluster);
  const root = tempWorkspace('mlops-pull-');
  const store = Store.open(root);
  try {
    for (const [i, db] of [first, second].entries()) {
      const s = new Seeder(db.pool);
      for (let r = 0; r < 3 + i; r++) await s.run(`01jrun${i}${String(r).padStart(19, '0')}`);
    }
    const one = { query: first.pool.query.bind(first.pool), display: 'postgresql://me@db1/team' };
    const two = { query: second.pool.query.bind(second.pool), display: 'postgresql://me@db2/team' };
    assert.equal((await pullRecords(store, root, one)).pulled.run, 3);
    assert.equal(store.db.prepare('SELECT team FROM team_sync').get<{ team: string }>()!.team, 'postgresql://me@db1/team');
    // The second store's sequence is shorter than the first's: resuming from the first's would miss runs.
    assert.equal((await pullRecords(store, root, two)).pulled.run, 4);
    assert.equal(store.db.prepare('SELECT team FROM team_sync').get<{ team: string }>()!.team, 'postgresql://me@db2/team');
  } finally {
    store.close();
    await first.pool.end();
    await second.pool.end();
  }
});

test('a teammate\'s monitor check equal to one made here (same monitor, batch and reference) is not stored twice', async () => {
  const { pool } = await teamDatabase(cluster);
  const root = tempWorkspace('mlops-pull-');
  const store = Store.open(root);
  try {
    const alice = new Seeder(pool);
    await alice.dataset('incoming', 'incoming.csv');
    const ref = await alice.datasetVersion({ dataset: 'incoming', item: 'incoming.csv', hash: 'a'.repeat(64) });
    const batch = await alice.datasetVersion({ dataset: 'incoming', item: 'incoming.csv', hash: 'b'.repeat(64) });
    await pullRecords(store, root, pool);
    const id = (uid: string) => store.db.prepare('SELECT id FROM dataset_versions WHERE uid = ?').get<{ id: number }>(uid)!.id;
    store.db
      .prepare("INSERT INTO drift_checks (monitor, batch_version_id, reference_version_id, batch_label, reference_label, checked_at, outcome, report_json) VALUES ('incoming', ?, ?, 'b', 'r', 1, 'ok', '{}')")
      .run(id(batch.uid), id(ref.uid));
    const same = await alice.driftCheck({ monitor: 'incoming', batchUid: batch.uid, referenceUid: ref.uid });
    const adhoc = await alice.driftCheck({ monitor: null, batchUid: batch.uid, referenceUid: ref.uid });
    const report = await pullRecords(store, root, pool);
    assert.equal(report.pulled.drift_check, 1, 'only the ad-hoc check');
    const checks = store.db.prepare('SELECT uid, monitor, origin FROM drift_checks ORDER BY id').all<{ uid: string; monitor: string | null; origin: string }>();
    assert.deepEqual(checks.map((c) => [c.monitor, c.origin]), [['incoming', 'local'], [null, 'team']]);
    assert.equal(checks[1].uid, adhoc);
    // Both are marked as on the team store, so neither is asked for again.
    assert.equal(store.db.prepare("SELECT count(*) AS n FROM team_records WHERE kind = 'drift_check' AND key IN (?, ?)").get<{ n: number }>(same, adhoc)!.n, 2);
  } finally {
    store.close();
    await pool.end();
  }
});
