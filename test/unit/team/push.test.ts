// pushRecords against a real PostgreSQL team store (test/harness/postgres.mjs, the schema applied
// by team init) from real local stores built with the real code: runs with metrics and artifacts,
// versioned datasets, registered models, alias moves, the audit chain.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setAlias } from '../../../src/core/registry/aliases';
import { tagModelVersion } from '../../../src/core/registry/modelTags';
import { registerModel } from '../../../src/core/registry/registerModel';
import { insertMetrics } from '../../../src/core/tracking/metricRecords';
import { setTags } from '../../../src/core/tracking/runRecords';
import { aheadCounts, planPush } from '../../../src/core/team/pushPlan';
import { pullRecords } from '../../../src/core/team/pullRecords';
import { pushRecords } from '../../../src/core/team/pushRecords';
import { connectTeam, type TeamDb } from '../../../src/core/team/teamConnect';
import { initTeam } from '../../../src/core/team/teamInit';
import { grantTeamRole } from '../../../src/core/team/teamGrant';
import { TeamAccessError, TeamConflictError } from '../../../src/core/team/types';
import { insertCheck } from '../../../src/core/monitors/checkRecords';
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

let databaseName = '';

async function team(protect: { model: string; alias: string }[] = []): Promise<TeamDb> {
  const { name, url } = await freshDatabase(cluster, 'push');
  databaseName = name;
  await initTeam(url, protect);
  const db = await connectTeam(url);
  open.push(db);
  return db;
}

/** A connection as a login of `level` on the last team() database. */
async function teammate(admin: TeamDb, user: string, level: 'reader' | 'writer' | 'release'): Promise<TeamDb> {
  await cluster.createLogin(user, `${user}-pw`);
  await grantTeamRole(admin, user, level);
  const db = await connectTeam(cluster.urlFor(user, `${user}-pw`, databaseName));
  open.push(db);
  return db;
}

/** A workspace whose actor is `name` (git's user.name/email in the workspace, as currentActor reads it). */
function workspace(name: string): Fixture {
  const f = registryWorkspace({ churn: {} } as never);
  execFileSync('git', ['init', '-q', f.root]);
  execFileSync('git', ['-C', f.root, 'config', 'user.name', name]);
  execFileSync('git', ['-C', f.root, 'config', 'user.email', `${name.toLowerCase()}@example.com`]);
  open.push({ close: () => f.store.close() });
  return f;
}

async function count(db: TeamDb, sql: string, params: unknown[] = []): Promise<number> {
  return Number((await db.query<{ n: string }>(sql, params)).rows[0].n);
}

const nothing = { run: 0, pipeline_run: 0, dataset_version: 0, model_version: 0, alias_event: 0, audit: 0, drift_check: 0 };

describe('pushRecords', () => {
  test('pushes runs, metrics (NaN, infinities), datasets, models and the audit chain once: a second push sends nothing', async () => {
    const db = await team();
    const alice = workspace('Alice');
    const run = await finishedRun(alice, { metrics: { loss: [0.5, 0.25, 0.125] } });
    alice.store.transaction(() =>
      insertMetrics(alice.store, run, [
        { key: 'odd', step: 0, value: NaN, timestamp: 1 },
        { key: 'odd', step: 1, value: Infinity, timestamp: 2 },
        { key: 'odd', step: 2, value: -Infinity, timestamp: 3 },
        { key: 'tab\tkey\\', step: 3, value: 1e-300, timestamp: 4 },
      ]),
    );
    await registerModel(alice.store, alice.config, { model: 'churn', runId: run });
    const running = await finishedRun(alice, { status: 'running' });

    const first = await pushRecords(alice.store, alice.root, db);
    assert.equal(first.pushed.run, 1);
    assert.equal(first.pushed.dataset_version, 1);
    assert.equal(first.pushed.model_version, 1);
    assert.ok(first.pushed.audit > 0);
    assert.deepEqual(first.skipped, [{ kind: 'run', key: running, reason: 'still running' }]);
    assert.deepEqual(first.renumbered, []);

    const local = alice.store.db.prepare('SELECT key, step, value, timestamp FROM metrics WHERE run_id = ? ORDER BY key, step').all<{ key: string; step: number; value: number | null; timestamp: number }>(run);
    const remote = (await db.query<{ key: string; step: string; value: number | null; timestamp: string }>('SELECT key, step, value, timestamp FROM mlops.run_metrics WHERE run_id = $1 ORDER BY key, step', [run])).rows;
    assert.equal(remote.length, 7);
    assert.deepEqual(
      remote.map((r) => ({ key: r.key, step: Number(r.step), value: r.value, timestamp: Number(r.timestamp) })),
      local.map((r) => ({ key: r.key, step: Number(r.step), value: r.value, timestamp: Number(r.timestamp) })),
    );
    assert.deepEqual(remote.filter((r) => r.key === 'odd').map((r) => r.value), [null, Infinity, -Infinity]);
    const author = (await db.query<{ author: string }>('SELECT author FROM mlops.runs WHERE id = $1', [run])).rows[0].author;
    assert.equal(author, 'Alice <alice@example.com>');
    const localAudit = Number(alice.store.db.prepare('SELECT count(*) AS n FROM audit_log').get<{ n: number }>()!.n);
    assert.equal(await count(db, 'SELECT count(*) AS n FROM mlops.audit_entries'), localAudit);
    assert.ok(alice.store.db.prepare('SELECT pushed_at FROM team_sync').get<{ pushed_at: number }>()!.pushed_at > 0);
    assert.deepEqual(aheadCounts(alice.store), nothing);

    const seqBefore = await count(db, "SELECT last_value AS n FROM mlops.change_seq");
    const second = await pushRecords(alice.store, alice.root, db);
    assert.deepEqual(second.pushed, nothing);
    assert.equal(await count(db, 'SELECT count(*) AS n FROM mlops.run_metrics'), 7);
    assert.equal(await count(db, 'SELECT last_value AS n FROM mlops.change_seq'), seqBefore, 'a push with nothing new writes nothing');
  });

  test('a tag or note edit after a push is pushed again (last push wins); a model version tag too', async () => {
    const db = await team();
    const alice = workspace('Alice');
    const run = await finishedRun(alice);
    const v = await registerModel(alice.store, alice.config, { model: 'churn', runId: run });
    await pushRecords(alice.store, alice.root, db);
    setTags(alice.store, run, { reviewed: 'yes' });
    alice.store.db.prepare('UPDATE runs SET note = ? WHERE id = ?').run('best so far', run);
    tagModelVersion(alice.store, `churn@${v.version}`, { stage: 'candidate' });
    const ahead = aheadCounts(alice.store);
    assert.equal(ahead.run, 1);
    assert.equal(ahead.model_version, 1);
    const report = await pushRecords(alice.store, alice.root, db);
    assert.equal(report.pushed.run, 1);
    assert.equal(report.pushed.model_version, 1);
    const row = (await db.query<{ tags: Record<string, string>; note: string }>('SELECT tags, note FROM mlops.runs WHERE id = $1', [run])).rows[0];
    assert.deepEqual(row, { tags: { reviewed: 'yes' }, note: 'best so far' });
    const mv = (await db.query<{ tags: Record<string, string> }>('SELECT tags FROM mlops.model_versions')).rows[0];
    assert.deepEqual(mv.tags, { stage: 'candidate' });
    assert.equal(await count(db, 'SELECT count(*) AS n FROM mlops.run_metrics'), 2, 'metrics are not sent again with the tags');
    assert.deepEqual((await pushRecords(alice.store, alice.root, db)).pushed, nothing);
  });

  test('the same run id with other content is refused, naming the run, and nothing of that batch is written', async () => {
    const db = await team();
    const alice = workspace('Alice');
    const bob = workspace('Bob');
    const id = '01jrunsharedidabcdef0000';
    await finishedRun(alice, { id, metrics: { auc: [0.7] } });
    await finishedRun(bob, { id, metrics: { auc: [0.9, 0.95] } });
    const bobOther = await finishedRun(bob, { id: '01jrunbobonly0000000000000' });
    await pushRecords(alice.store, alice.root, db);
    const before = (await db.query('SELECT record, digest FROM mlops.runs WHERE id = $1', [id])).rows[0];
    await assert.rejects(pushRecords(bob.store, bob.root, db), (err: unknown) => {
      assert.ok(err instanceof TeamConflictError);
      assert.equal(err.kind, 'run');
      assert.equal(err.key, id);
      assert.match(err.message, new RegExp(`^run ${id} was pushed before with other content`));
      return true;
    });
    assert.deepEqual((await db.query('SELECT record, digest FROM mlops.runs WHERE id = $1', [id])).rows[0], before);
    assert.equal(await count(db, 'SELECT count(*) AS n FROM mlops.run_metrics WHERE run_id = $1', [id]), 1);
    assert.equal(await count(db, 'SELECT count(*) AS n FROM mlops.runs WHERE id = $1', [bobOther]), 0, "the batch's other run was rolled back");
    assert.equal(bob.store.db.prepare("SELECT count(*) AS n FROM team_records WHERE kind = 'run'").get<{ n: number }>()!.n, 0);
  });

  test("another workspace pushed first: local versions take the team's numbers, unshared ones holding them move aside", async () => {
    const db = await team();
    const alice = workspace('Alice');
    const bob = workspace('Bob');
    const aliceRun = await finishedRun(alice);
    await registerModel(alice.store, alice.config, { model: 'churn', runId: aliceRun });
    // Bob: train.csv v1 and v2 (other bytes than Alice's), churn@1 and churn@2, an alias on churn@2.
    writeFiles(bob.root, { 'train.csv': 'age,plan,churned\n33,basic,0\n' });
    const bobRun1 = await finishedRun(bob);
    writeFiles(bob.root, { 'train.csv': 'age,plan,churned\n40,pro,1\n' });
    const bobRun2 = await finishedRun(bob);
    await registerModel(bob.store, bob.config, { model: 'churn', runId: bobRun1 });
    await registerModel(bob.store, bob.config, { model: 'churn', runId: bobRun2 });
    setAlias(bob.store, bob.config, { model: 'churn', alias: 'staging', version: 2, reason: 'try it' });
    const uidAt = (table: string, where: string, v: number) => bob.store.db.prepare(`SELECT uid FROM ${table} WHERE ${where} AND version = ?`).get<{ uid: string }>(v)!.uid;
    const data1 = uidAt('dataset_versions', "dataset = 'train'", 1);
    const data2 = uidAt('dataset_versions', "dataset = 'train'", 2);
    const model1 = uidAt('model_versions', "model = 'churn'", 1);
    const model2 = uidAt('model_versions', "model = 'churn'", 2);

    await pushRecords(alice.store, alice.root, db);
    const report = await pushRecords(bob.store, bob.root, db);

    // Team: Alice's v1; Bob's v1 became v2 (his v2 moved to v3 first), then his v2 took v3.
    const numberOf = async (table: string, uid: string) => Number((await db.query<{ number: number }>(`SELECT number FROM mlops.${table} WHERE uid = $1`, [uid])).rows[0].number);
    assert.equal(await numberOf('dataset_versions', data1), 2);
    assert.equal(await numberOf('dataset_versions', data2), 3);
    assert.equal(await numberOf('model_versions', model1), 2);
    assert.equal(await numberOf('model_versions', model2), 3);
    const local = (table: string, uid: string) => bob.store.db.prepare(`SELECT version, shared FROM ${table} WHERE uid = ?`).get<{ version: number; shared: number }>(uid);
    assert.deepEqual({ ...local('dataset_versions', data1) }, { version: 2, shared: 1 });
    assert.deepEqual({ ...local('dataset_versions', data2) }, { version: 3, shared: 1 });
    assert.deepEqual({ ...local('model_versions', model2) }, { version: 3, shared: 1 });
    assert.deepEqual(
      report.renumbered.filter((r) => r.kind === 'dataset_version').map((r) => [r.ref, r.from, r.to]),
      [
        ['train', 2, 3],
        ['train', 1, 2],
      ],
    );
    assert.ok(Number(bob.store.db.prepare("SELECT last_version FROM models WHERE name = 'churn'").get<{ last_version: number }>()!.last_version) >= 3);
    // The alias event now names the team's number, and the team's alias holds Bob's version.
    assert.equal(bob.store.db.prepare("SELECT new_version FROM alias_events WHERE alias = 'staging'").get<{ new_version: number }>()!.new_version, 3);
    assert.equal((await db.query("SELECT version_uid FROM mlops.model_aliases WHERE alias = 'staging'")).rows[0].version_uid, model2);
    const renumbered = bob.store.db.prepare("SELECT object, details_json FROM audit_log WHERE action = 'version.renumbered' ORDER BY seq").all<{ object: string; details_json: string }>();
    assert.ok(renumbered.some((e) => e.object === 'churn@2' && JSON.parse(e.details_json).uid === model1 && JSON.parse(e.details_json).from === 1));
    // Those entries went with the push (audit after versions), and both chains sit side by side.
    const bobLocal = Number(bob.store.db.prepare('SELECT count(*) AS n FROM audit_log').get<{ n: number }>()!.n);
    const aliceLocal = Number(alice.store.db.prepare('SELECT count(*) AS n FROM audit_log').get<{ n: number }>()!.n);
    const chains = (await db.query<{ workspace_id: string; n: string; last: string }>('SELECT workspace_id, count(*) AS n, max(local_seq) AS last FROM mlops.audit_entries GROUP BY workspace_id ORDER BY 2')).rows;
    assert.deepEqual(chains.map((c) => Number(c.n)).sort((a, b) => a - b), [aliceLocal, bobLocal].sort((a, b) => a - b));
    assert.deepEqual(chains.map((c) => Number(c.n)), chains.map((c) => Number(c.last)), 'each chain is whole: 1..n');
    assert.deepEqual(aheadCounts(bob.store), nothing);
  });

  test('an alias a teammate moved first is a conflict naming who and when, recorded so it is not retried', async () => {
    const db = await team();
    const alice = workspace('Alice');
    const bob = workspace('Bob');
    await registerModel(alice.store, alice.config, { model: 'churn', runId: await finishedRun(alice) });
    setAlias(alice.store, alice.config, { model: 'churn', alias: 'champion', version: 1, reason: 'first' });
    await registerModel(bob.store, bob.config, { model: 'churn', runId: await finishedRun(bob) });
    setAlias(bob.store, bob.config, { model: 'churn', alias: 'champion', version: 1, reason: 'mine' });
    const aliceEvent = alice.store.db.prepare('SELECT actor, at FROM alias_events').get<{ actor: string; at: number }>()!;
    await pushRecords(alice.store, alice.root, db);
    const report = await pushRecords(bob.store, bob.root, db);
    assert.equal(report.pushed.alias_event, 0);
    assert.deepEqual(report.aliasConflicts, [
      { model: 'churn', alias: 'champion', expectedNumber: null, wantedNumber: 2, heldNumber: 1, movedBy: 'Alice <alice@example.com>', movedAt: Number(aliceEvent.at) },
    ]);
    assert.equal(aliceEvent.actor, 'Alice <alice@example.com>');
    assert.equal(bob.store.db.prepare("SELECT digest FROM team_records WHERE kind = 'alias_event'").get<{ digest: string }>()!.digest, 'rejected');
    const again = await pushRecords(bob.store, bob.root, db);
    assert.deepEqual(again.aliasConflicts, []);
    assert.equal(await count(db, 'SELECT count(*) AS n FROM mlops.alias_events'), 1);
  });

  test('refs narrow the push as they narrow the objects: a run with the dataset version it read; a model version; a dataset', async () => {
    const db = await team();
    const alice = workspace('Alice');
    const r1 = await finishedRun(alice);
    writeFiles(alice.root, { 'train.csv': 'age,plan,churned\n1,pro,1\n' });
    const r2 = await finishedRun(alice);
    const r3 = await finishedRun(alice);
    await registerModel(alice.store, alice.config, { model: 'churn', runId: r3 });
    const plan = planPush(alice.store, [r1]);
    assert.deepEqual(plan.runs, [r1]);
    assert.equal(plan.datasetVersions.length, 1);
    assert.deepEqual(plan.modelVersions, []);
    const report = await pushRecords(alice.store, alice.root, db, { refs: [r1] });
    assert.equal(report.pushed.run, 1);
    assert.equal(report.pushed.dataset_version, 1);
    assert.deepEqual((await db.query('SELECT id FROM mlops.runs')).rows, [{ id: r1 }]);
    assert.ok(report.pushed.audit > 0, 'the audit chain always goes whole');
    const byModel = await pushRecords(alice.store, alice.root, db, { refs: ['churn@1'] });
    assert.equal(byModel.pushed.model_version, 1);
    assert.equal(byModel.pushed.run, 0, "the source run's objects were not named: it stays");
    assert.deepEqual(planPush(alice.store, ['train']).datasetVersions.length, 1);
    assert.deepEqual(planPush(alice.store).runs, [r2, r3]);
    assert.equal(aheadCounts(alice.store).run, 2);
    assert.throws(() => planPush(alice.store, ['nosuchthing']), /No run "nosuchthing"/);
  });

  test('records whose objects the remote lacks stay here, with the reason', async () => {
    const db = await team();
    const alice = workspace('Alice');
    const run = await finishedRun(alice);
    const artifact = alice.store.db.prepare('SELECT hash FROM artifacts WHERE run_id = ?').get<{ hash: string }>(run)!.hash;
    const report = await pushRecords(alice.store, alice.root, db, { unavailableObjects: new Set([artifact]) });
    assert.equal(report.pushed.run, 0);
    assert.deepEqual(report.skipped, [{ kind: 'run', key: run, reason: `object ${artifact} is not on the remote` }]);
    assert.equal(aheadCounts(alice.store).run, 1);
  });

  test('a push aborted between batches keeps what committed; the rerun completes with nothing doubled', async () => {
    const db = await team();
    const alice = workspace('Alice');
    const runs: string[] = [];
    for (let i = 0; i < 4; i++) runs.push(await finishedRun(alice, { metrics: { loss: [1, 2, 3] } }));
    const controller = new AbortController();
    await assert.rejects(
      pushRecords(alice.store, alice.root, db, {
        signal: controller.signal,
        batch: { runs: 1 },
        onProgress: (p) => {
          if (p.kind === 'run' && p.done === 2) controller.abort();
        },
      }),
      { name: 'AbortError' },
    );
    assert.equal(await count(db, 'SELECT count(*) AS n FROM mlops.runs'), 2);
    assert.equal(await count(db, 'SELECT count(*) AS n FROM mlops.run_metrics'), 6);
    assert.equal(aheadCounts(alice.store).run, 2);
    const rest = await pushRecords(alice.store, alice.root, db);
    assert.equal(rest.pushed.run, 2);
    assert.equal(await count(db, 'SELECT count(*) AS n FROM mlops.runs'), 4);
    assert.equal(await count(db, 'SELECT count(*) AS n FROM mlops.run_metrics'), 12);
    assert.equal(await count(db, 'SELECT count(*) AS n FROM (SELECT run_id, key, step FROM mlops.run_metrics GROUP BY 1, 2, 3 HAVING count(*) > 1) d'), 0);
  });

  test('a batch committed on the server but not noted here (killed in between) is recognised, not doubled', async () => {
    const db = await team();
    const alice = workspace('Alice');
    await finishedRun(alice, { metrics: { loss: [1, 2] } });
    await pushRecords(alice.store, alice.root, db);
    const audit = await count(db, 'SELECT count(*) AS n FROM mlops.audit_entries');
    alice.store.db.exec("DELETE FROM team_records WHERE kind IN ('run', 'dataset_version', 'audit')");
    const again = await pushRecords(alice.store, alice.root, db);
    assert.deepEqual(again.pushed, nothing);
    assert.deepEqual(again.renumbered, []);
    assert.equal(await count(db, 'SELECT count(*) AS n FROM mlops.run_metrics'), 2);
    assert.equal(await count(db, 'SELECT count(*) AS n FROM mlops.audit_entries'), audit);
    assert.deepEqual(aheadCounts(alice.store), nothing);
  });

  test('drift checks go with their dataset versions named by uid; a non-finite statistic travels as null', async () => {
    const db = await team();
    const alice = workspace('Alice');
    await finishedRun(alice);
    writeFiles(alice.root, { 'train.csv': 'age,plan,churned\n1,pro,1\n' });
    await finishedRun(alice);
    const [ref, batch] = alice.store.db.prepare("SELECT id, uid FROM dataset_versions WHERE dataset = 'train' ORDER BY version").all<{ id: number; uid: string }>();
    const report = { drift: { share: 0.5, columns: [{ name: 'age', type: 'numeric', method: 'ks', statistic: Infinity, pValue: 0.01, threshold: 0.05, drift: true }] } };
    insertCheck(alice.store, { monitor: 'm', batchVersionId: batch.id, referenceVersionId: ref.id, batchLabel: 'b', referenceLabel: 'r', checkedAt: 5, outcome: 'drift', report: report as never });
    const pushed = await pushRecords(alice.store, alice.root, db);
    assert.equal(pushed.pushed.drift_check, 1);
    const row = (await db.query<{ batch_uid: string; reference_uid: string; author: string; record: { columns: { statistic: number | null; p_value: number }[] } }>('SELECT batch_uid, reference_uid, author, record FROM mlops.drift_checks')).rows[0];
    assert.equal(row.batch_uid, batch.uid);
    assert.equal(row.reference_uid, ref.uid);
    assert.equal(row.author, 'Alice <alice@example.com>');
    assert.deepEqual(row.record.columns.map((c) => [c.statistic, c.p_value]), [[null, 0.01]]);
    assert.equal((await pushRecords(alice.store, alice.root, db)).pushed.drift_check, 0);
  });

  test('a reader is refused naming mlops_writer; a writer moving a protected alias is refused naming mlops_release', async () => {
    const admin = await team([{ model: 'churn', alias: 'production' }]);
    const suffix = `${process.pid}_${Date.now()}`;
    const alice = workspace('Alice');
    await registerModel(alice.store, alice.config, { model: 'churn', runId: await finishedRun(alice) });
    const reader = await teammate(admin, `push_reader_${suffix}`, 'reader');
    await assert.rejects(pushRecords(alice.store, alice.root, reader), (err: Error) => err instanceof TeamAccessError && err.needed === 'mlops_writer');
    assert.equal(await count(admin, 'SELECT count(*) AS n FROM mlops.runs'), 0);

    const writer = await teammate(admin, `push_writer_${suffix}`, 'writer');
    await pushRecords(alice.store, alice.root, writer);
    setAlias(alice.store, { ...alice.config, models: { churn: {} } } as never, { model: 'churn', alias: 'production', version: 1, reason: 'ship' });
    await assert.rejects(pushRecords(alice.store, alice.root, writer), (err: Error) => err instanceof TeamAccessError && err.needed === 'mlops_release');
    assert.equal(aheadCounts(alice.store).alias_event, 1, 'the refused move stays to push');
    const release = await teammate(admin, `push_release_${suffix}`, 'release');
    assert.equal((await pushRecords(alice.store, alice.root, release)).pushed.alias_event, 1);
  });

  test('a push killed with SIGKILL mid-way, then run again, completes with nothing lost or doubled', async () => {
    const db = await team();
    const url = cluster.urlFor('postgres', undefined, databaseName);
    const alice = workspace('Alice');
    const runs: string[] = [];
    for (let i = 0; i < 6; i++) runs.push(await finishedRun(alice, { metrics: { loss: Array.from({ length: 200 }, (_, k) => k / 7) } }));
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'pushChild.ts'), alice.root, url], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        // Killed while it is pushing the third run, after two batches committed.
        if (/pushed 2\n/.test(out)) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.on('exit', () => reject(new Error(`the child ended before it was killed: ${out}${err}`)));
    });
    assert.equal(await exited, 'SIGKILL');
    const committed = await count(db, 'SELECT count(*) AS n FROM mlops.runs');
    assert.ok(committed >= 2 && committed < 6, `${committed} runs committed before the kill`);
    const rest = await pushRecords(alice.store, alice.root, db);
    assert.ok(rest.pushed.run <= 6 - 2);
    assert.equal(await count(db, 'SELECT count(*) AS n FROM mlops.runs'), 6);
    assert.equal(await count(db, 'SELECT count(*) AS n FROM mlops.run_metrics'), 6 * 200);
    assert.equal(await count(db, 'SELECT count(*) AS n FROM mlops.audit_entries'), Number(alice.store.db.prepare('SELECT count(*) AS n FROM audit_log').get<{ n: number }>()!.n));
    assert.deepEqual(aheadCounts(alice.store), nothing);
  });

  test('an audit entry pushed before with another hash (a copied store pushing as the same workspace) is refused', async () => {
    const db = await team();
    const alice = workspace('Alice');
    const copy = workspace('Carol');
    await finishedRun(alice);
    await finishedRun(copy);
    const id = alice.store.db.prepare("SELECT value FROM workspace_meta WHERE key = 'workspace_id'").get<{ value: string }>()!.value;
    copy.store.db.prepare("UPDATE workspace_meta SET value = ? WHERE key = 'workspace_id'").run(id);
    await pushRecords(alice.store, alice.root, db);
    const entries = await count(db, 'SELECT count(*) AS n FROM mlops.audit_entries');
    await assert.rejects(pushRecords(copy.store, copy.root, db), (e: Error) => e instanceof TeamConflictError && e.kind === 'audit' && e.key === '1' && /^audit entry 1 of workspace/.test(e.message));
    assert.equal(await count(db, 'SELECT count(*) AS n FROM mlops.audit_entries'), entries);
  });

  test('the same bytes versioned in two workspaces are one team version, whether pushed or pulled first', async () => {
    const db = await team();
    const alice = workspace('Alice');
    const bob = workspace('Bob');
    const carol = workspace('Carol');
    await finishedRun(alice);
    await finishedRun(bob);
    await finishedRun(carol);
    const localUid = (w: typeof bob) => w.store.db.prepare("SELECT uid FROM dataset_versions WHERE dataset = 'train' AND version = 1").get<{ uid: string }>()!.uid;
    const aliceUid = localUid(alice);
    await pushRecords(alice.store, alice.root, db);
    // Bob pushes his copy of the same train.csv: it becomes Alice's v1, nothing renumbered, nothing new on the team.
    const report = await pushRecords(bob.store, bob.root, db);
    assert.deepEqual(report.renumbered.filter((r) => r.kind === 'dataset_version'), []);
    assert.equal(report.pushed.dataset_version, 0);
    assert.equal(localUid(bob), aliceUid);
    assert.deepEqual((await db.query("SELECT uid, number FROM mlops.dataset_versions WHERE dataset = 'train'")).rows, [{ uid: aliceUid, number: 1 }]);
    // Carol pulls first: her v1 of the same bytes takes Alice's uid instead of a second version.
    await pullRecords(carol.store, carol.root, db);
    assert.equal(localUid(carol), aliceUid);
    assert.deepEqual(carol.store.db.prepare("SELECT version, shared FROM dataset_versions WHERE dataset = 'train'").all().map((r) => ({ ...r })), [{ version: 1, shared: 1 }]);
    for (const w of [bob, carol]) assert.equal(aheadCounts(w.store).dataset_version, 0);
  });

  test('four workspaces pushing at once: every record arrives once, numbers are unique and each store took its own', async () => {
    const db = await team();
    const names = ['Ann', 'Ben', 'Cat', 'Dan'];
    const spaces = names.map((n) => workspace(n));
    for (const [i, f] of spaces.entries()) {
      writeFiles(f.root, { 'train.csv': `age,plan,churned\n${i},pro,1\n` });
      await registerModel(f.store, f.config, { model: 'churn', runId: await finishedRun(f, { metrics: { loss: [i, i / 2] } }) });
    }
    const reports = await Promise.all(spaces.map((f) => pushRecords(f.store, f.root, db, { batch: { runs: 1, records: 1 } })));
    assert.deepEqual(reports.map((r) => r.pushed.run), [1, 1, 1, 1]);
    const numbers = (await db.query<{ number: number; uid: string }>('SELECT number, uid FROM mlops.model_versions ORDER BY number')).rows;
    assert.deepEqual(numbers.map((r) => r.number), [1, 2, 3, 4]);
    for (const f of spaces) {
      const local = f.store.db.prepare('SELECT uid, version FROM model_versions').get<{ uid: string; version: number }>()!;
      assert.equal(numbers.find((r) => r.uid === local.uid)!.number, Number(local.version));
    }
    assert.deepEqual((await db.query<{ number: number }>("SELECT number FROM mlops.dataset_versions WHERE dataset = 'train' ORDER BY number")).rows.map((r) => r.number), [1, 2, 3, 4]);
    assert.equal(await count(db, 'SELECT count(*) AS n FROM mlops.run_metrics'), 8);
    assert.equal(await count(db, 'SELECT count(DISTINCT workspace_id) AS n FROM mlops.audit_entries'), 4);
  });

  test('after a pull, pulled records and our own coming back are not ahead: push and pull agree on digests', async () => {
    const db = await team();
    const alice = workspace('Alice');
    const bob = workspace('Bob');
    const run = await finishedRun(alice);
    setTags(alice.store, run, { k: 'v' });
    const v = await registerModel(alice.store, alice.config, { model: 'churn', runId: run });
    tagModelVersion(alice.store, `churn@${v.version}`, { stage: 'x' });
    setAlias(alice.store, alice.config, { model: 'churn', alias: 'champion', version: 1, reason: 'go' });
    await pushRecords(alice.store, alice.root, db);
    await pullRecords(bob.store, bob.root, db);
    assert.deepEqual(aheadCounts(bob.store), nothing, "a teammate's records are not pushed back");
    await pullRecords(alice.store, alice.root, db);
    assert.deepEqual(aheadCounts(alice.store), nothing, 'our own records coming back stay pushed');
    assert.deepEqual((await pushRecords(bob.store, bob.root, db)).pushed, nothing);
    setTags(bob.store, run, { k: 'w' });
    assert.equal(aheadCounts(bob.store).run, 1, "a tag edited on a teammate's run goes back");
  });
});
