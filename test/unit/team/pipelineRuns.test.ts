// A run's usage and cost, and pipeline runs, through a real PostgreSQL team store: Alice runs a
// priced pipeline with the real repro (real stage processes, CPU time measured, prices from
// mlops.json), pushes; Bob pulls into his own workspace. What arrives equals what was sent, his
// Runs view groups her stage runs under her pipeline run, in whichever order they arrive, and a run
// pushed before usage travelled (an old-format record) still verifies.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import { getPipelineRun, listPipelineRuns, stageRuns } from '../../../src/core/pipelines/pipelineRuns';
import { Store } from '../../../src/core/store/store';
import { getRun, setTags } from '../../../src/core/tracking/runRecords';
import { recordDigest } from '../../../src/core/team/recordDigest';
import type { RunRecord } from '../../../src/core/team/recordTypes';
import { pullRecords } from '../../../src/core/team/pullRecords';
import { aheadCounts } from '../../../src/core/team/pushPlan';
import { pushRecords } from '../../../src/core/team/pushRecords';
import { runObjects, runRecord } from '../../../src/core/team/runRecord';
import { runUsageColumns } from '../../../src/core/team/runRecordFields';
import { connectTeam, type TeamDb } from '../../../src/core/team/teamConnect';
import { grantTeamRole } from '../../../src/core/team/teamGrant';
import { initTeam } from '../../../src/core/team/teamInit';
import { emptyCounts, TeamConflictError } from '../../../src/core/team/types';
import { outcomes, reproWorkspace, stagesConfig, type ReproWorkspace } from '../pipelines/reproFixture';
import { tempWorkspace } from '../tempWorkspace';
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

async function team(): Promise<TeamDb> {
  const { name, url } = await freshDatabase(cluster, 'pipes');
  databaseName = name;
  await initTeam(url);
  const db = await connectTeam(url);
  open.push(db);
  return db;
}

/** A login holding only the team role `level` on the last team() database: the grants on the new table are checked too. */
async function login(admin: TeamDb, user: string, level: 'reader' | 'writer'): Promise<TeamDb> {
  await cluster.createLogin(user, `${user}-pw`);
  await grantTeamRole(admin, user, level);
  const db = await connectTeam(cluster.urlFor(user, `${user}-pw`, databaseName));
  open.push(db);
  return db;
}

function identify(root: string, name: string): void {
  execFileSync('git', ['init', '-q', root]);
  execFileSync('git', ['-C', root, 'config', 'user.name', name]);
  execFileSync('git', ['-C', root, 'config', 'user.email', `${name.toLowerCase()}@example.com`]);
}

const config = (lr: number) => ({
  ...stagesConfig({
    // Busy long enough to be sampled: a stage that ends between the meter's first samples (a
    // loaded machine delays them) is measured at 0 CPU seconds, and so costs nothing.
    prepare: { out: 'clean.txt', ins: ['raw.txt'], args: '--spin 300' },
    train: { out: 'model.txt', ins: ['clean.txt'], args: '--tag lr=${params.lr} --spin 300', params: { lr } },
  }),
  cost: { cpuHour: 36, currency: 'EUR' },
});

/** Alice's workspace after two repros: both stages ran, then a param change re-ran train only. */
async function alicePipeline(): Promise<ReproWorkspace> {
  const ws = reproWorkspace(config(0.1));
  identify(ws.root, 'Alice');
  open.push({ close: () => ws.store.close() });
  ws.write('raw.txt', 'x');
  assert.deepEqual(outcomes(await ws.repro()), { prepare: 'ran', train: 'ran' });
  ws.setConfig(config(0.2));
  assert.deepEqual(outcomes(await ws.repro()), { prepare: 'up-to-date', train: 'ran' });
  return ws;
}

function bobWorkspace(): { root: string; store: Store } {
  const root = tempWorkspace('mlops-bob-');
  identify(root, 'Bob');
  const store = Store.open(root);
  open.push({ close: () => store.close() });
  return { root, store };
}

const usage = (store: Store) =>
  store.db
    .prepare(`SELECT id, ${runUsageColumns.join(', ')} FROM runs ORDER BY id`)
    .all()
    .map((r) => ({ ...r }));

const pipelineRuns = (store: Store) => listPipelineRuns(store).map((p) => ({ ...p, stages: stageRuns(store, p.id) }));

const changeSeq = async (db: TeamDb) => Number((await db.query<{ n: string }>('SELECT last_value AS n FROM mlops.change_seq')).rows[0].n);

test('a priced pipeline run travels: Bob gets the CPU seconds, cost, currency and stage of each run, grouped under the pipeline run; a second push changes nothing', async () => {
  const admin = await team();
  const db = await login(admin, 'pipes_writer', 'writer');
  const reader = await login(admin, 'pipes_reader', 'reader');
  const alice = await alicePipeline();
  const sent = usage(alice.store);
  assert.equal(sent.length, 3);
  for (const r of sent) {
    assert.ok(Number(r.cpu_seconds) > 0 && Number(r.cost) > 0, `run ${String(r.id)} is priced: ${JSON.stringify(r)}`);
    assert.equal(r.currency, 'EUR');
  }

  const pushed = await pushRecords(alice.store, alice.root, db);
  assert.equal(pushed.pushed.run, 3);
  assert.equal(pushed.pushed.pipeline_run, 2);
  assert.deepEqual(aheadCounts(alice.store), emptyCounts());
  const seq = await changeSeq(db);
  assert.deepEqual((await pushRecords(alice.store, alice.root, db)).pushed, emptyCounts());
  assert.equal(await changeSeq(db), seq, 'a second push writes nothing');

  const bob = bobWorkspace();
  const pulled = await pullRecords(bob.store, bob.root, reader);
  assert.equal(pulled.pulled.run, 3);
  assert.equal(pulled.pulled.pipeline_run, 2);
  assert.deepEqual(pulled.authors, ['Alice <alice@example.com>']);
  assert.deepEqual(usage(bob.store), sent, 'CPU seconds, cost (to the last bit), currency, pipeline run and stage');
  assert.deepEqual(pipelineRuns(bob.store), pipelineRuns(alice.store), 'status, times, cost, saved cost and every stage outcome');
  const [latest] = listPipelineRuns(bob.store);
  assert.ok(latest.savedCost! > 0, 'what the run cache saved arrived');

  // The Runs view groups a run under runs.pipeline_run_id and reads that pipeline run.
  const trainRun = stageRuns(bob.store, latest.id).find((s) => s.stage === 'train')!.runId!;
  const run = getRun(bob.store, trainRun)!;
  assert.equal(run.pipelineRunId, latest.id);
  assert.equal(run.stage, 'train');
  assert.equal(getPipelineRun(bob.store, run.pipelineRunId)?.pipeline, 'p');

  // Nothing pulled is ahead; Bob's tag on a pulled stage run goes back without a conflict, which
  // needs his copy to rebuild Alice's record exactly.
  assert.deepEqual(aheadCounts(bob.store), emptyCounts());
  setTags(bob.store, trainRun, { reviewed: 'bob' });
  const bobPushed = await pushRecords(bob.store, bob.root, db);
  assert.equal(bobPushed.pushed.run, 1);
  assert.equal(bobPushed.pushed.pipeline_run, 0);

  // Alice's own records come back as marks only; Bob's tag is the one change.
  const back = await pullRecords(alice.store, alice.root, db);
  assert.deepEqual(back.pulled, { ...emptyCounts(), run: 1 });
  assert.deepEqual(pipelineRuns(alice.store), pipelineRuns(bob.store));
  assert.deepEqual(aheadCounts(alice.store), emptyCounts());
});

test('stage runs and their pipeline run join up in whichever order they arrive', async () => {
  const db = await team();
  const alice = await alicePipeline();
  const [latest] = listPipelineRuns(alice.store);

  // Pushed while the second repro still ran: its stage runs go, it waits.
  alice.store.db.prepare(`UPDATE pipeline_runs SET status = 'running' WHERE id = ?`).run(latest.id);
  const early = await pushRecords(alice.store, alice.root, db);
  assert.deepEqual(early.skipped, [{ kind: 'pipeline_run', key: latest.id, reason: 'still running' }]);
  const bob = bobWorkspace();
  await pullRecords(bob.store, bob.root, db);
  const trainRun = stageRuns(alice.store, latest.id).find((s) => s.stage === 'train')!.runId!;
  assert.equal(getRun(bob.store, trainRun)!.pipelineRunId, undefined, 'its pipeline run is not here yet');
  assert.equal(getRun(bob.store, trainRun)!.stage, 'train');

  alice.store.db.prepare(`UPDATE pipeline_runs SET status = 'finished' WHERE id = ?`).run(latest.id);
  assert.equal((await pushRecords(alice.store, alice.root, db)).pushed.pipeline_run, 1);
  await pullRecords(bob.store, bob.root, db);
  assert.equal(getRun(bob.store, trainRun)!.pipelineRunId, latest.id, 'joined when its pipeline run arrived');
  assert.deepEqual(pipelineRuns(bob.store), pipelineRuns(alice.store));

  // The other order: a pipeline run whose stage run could not go (its out is not on the remote).
  const again = reproWorkspace(config(0.1));
  identify(again.root, 'Alice');
  open.push({ close: () => again.store.close() });
  again.write('raw.txt', 'y');
  const r = await again.repro();
  const prepareRun = r.stages.find((s) => s.stage === 'prepare')!.runId!;
  // An object only the prepare run needs (its out is the train run's input too).
  const trainObjects = new Set(runObjects(runRecord(again.store, r.stages.find((s) => s.stage === 'train')!.runId!).record));
  const own = runObjects(runRecord(again.store, prepareRun).record).filter((h) => !trainObjects.has(h));
  assert.ok(own.length, 'the prepare run needs an object of its own');
  const partial = await pushRecords(again.store, again.root, db, { unavailableObjects: new Set(own) });
  assert.equal(partial.pushed.pipeline_run, 1);
  assert.deepEqual(partial.skipped.map((s) => s.key), [prepareRun]);
  await pullRecords(bob.store, bob.root, db);
  const stageRow = () => stageRuns(bob.store, r.pipelineRunId).find((s) => s.stage === 'prepare')!;
  assert.equal(stageRow().outcome, 'ran');
  assert.equal(stageRow().runId, undefined, 'the run is not here yet');
  await pushRecords(again.store, again.root, db);
  await pullRecords(bob.store, bob.root, db);
  assert.equal(getRun(bob.store, prepareRun)!.pipelineRunId, r.pipelineRunId);
  assert.equal(stageRow().runId, prepareRun, 'the stage row names its run once it arrived');
});

/** The record an mlops from before usage travelled pushed: the same run without those fields. */
function oldFormat(record: RunRecord): RunRecord {
  const run = { ...record.run };
  for (const c of runUsageColumns) delete run[c];
  return { ...record, run };
}

test('an old-format record (pushed before usage travelled) still verifies: re-pushing it is no conflict, it pulls; another cost is refused', async () => {
  const db = await team();
  const alice = await alicePipeline();
  const [runId, otherId] = usage(alice.store).map((r) => String(r.id));

  // A run without usage has exactly the record, and so the digest, it had before the fields existed.
  alice.store.db.prepare(`UPDATE runs SET ${runUsageColumns.map((c) => `${c} = NULL`).join(', ')} WHERE id = ?`).run(otherId);
  const bare = runRecord(alice.store, otherId);
  assert.deepEqual(Object.keys(bare.record.run).sort(), Object.keys(oldFormat(runRecord(alice.store, runId).record).run).sort());
  assert.equal(bare.digest, recordDigest(oldFormat(bare.record)));

  // The team store holds runId as an older mlops pushed it.
  const old = oldFormat(runRecord(alice.store, runId).record);
  assert.notEqual(recordDigest(old), runRecord(alice.store, runId).digest);
  await db.query(`INSERT INTO mlops.runs (id, seq, digest, author, workspace_id, record) VALUES ($1, 0, $2, 'Alice <alice@example.com>', 'elsewhere', $3::jsonb)`, [
    runId,
    recordDigest(old),
    JSON.stringify(old),
  ]);
  const pushed = await pushRecords(alice.store, alice.root, db);
  assert.equal(pushed.pushed.run, 2, 'the other runs; the old one is already there');
  assert.deepEqual((await db.query<{ record: RunRecord }>('SELECT record FROM mlops.runs WHERE id = $1', [runId])).rows[0].record, old, 'left as it was pushed');
  setTags(alice.store, runId, { kept: 'yes' });
  assert.equal((await pushRecords(alice.store, alice.root, db)).pushed.run, 1, 'a tag edit on it goes through');

  // Bob pulls it: no usage (it never travelled), and his copy verifies when he pushes a tag.
  const bob = bobWorkspace();
  await pullRecords(bob.store, bob.root, db);
  assert.equal(getRun(bob.store, runId)!.cost, undefined);
  assert.equal(getRun(bob.store, runId)!.experiment, 'p');
  setTags(bob.store, runId, { seen: 'bob' });
  assert.equal((await pushRecords(bob.store, bob.root, db)).pushed.run, 1);

  // A field both sides carry must match: the same run with another cost is a conflict.
  const forged = { ...runRecord(alice.store, runId).record };
  forged.run = { ...forged.run, cost: 99 };
  await db.query('UPDATE mlops.runs SET digest = $2, record = $3::jsonb WHERE id = $1', [runId, recordDigest(forged), JSON.stringify(forged)]);
  setTags(alice.store, runId, { kept: 'still' });
  await assert.rejects(pushRecords(alice.store, alice.root, db), (err: unknown) => err instanceof TeamConflictError && err.key === runId);
});
