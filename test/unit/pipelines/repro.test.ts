// startRepro against real stage processes, a real store and real files.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { getStageState } from '../../../src/core/pipelines/stageState';
import { getPipelineRun, ReproBusyError, stageRuns } from '../../../src/core/pipelines/pipelineRuns';
import { metricHistory } from '../../../src/core/tracking/metricRecords';
import { getRun } from '../../../src/core/tracking/runRecords';
import { outcomes, reproWorkspace, stagesConfig } from './reproFixture';

const chain = (train: object = {}) =>
  stagesConfig({
    prepare: { out: 'clean.txt', ins: ['raw.txt'] },
    train: { out: 'model.txt', ins: ['clean.txt'], args: '--tag lr=${params.lr}', params: { lr: 0.1 }, ...train },
    evaluate: { out: 'report.txt', ins: ['model.txt'] },
    other: { out: 'other.txt', ins: ['raw.txt'] },
  });

test('stages run in dependency order; --jobs 2 runs two independent stages at once', async () => {
  // a and b each wait until the other has started: only a repro running both at once finishes them.
  const ws = reproWorkspace(
    stagesConfig({
      a: { out: 'a.txt', ins: ['raw.txt'], args: '--barrier b' },
      b: { out: 'b.txt', ins: ['raw.txt'], args: '--barrier a' },
      c: { out: 'c.txt', ins: ['a.txt', 'b.txt'] },
    }),
  );
  ws.write('raw.txt', 'x');
  const r = await ws.repro({ jobs: 2 });
  assert.equal(r.status, 'finished', JSON.stringify(r.stages));
  assert.deepEqual(outcomes(r), { a: 'ran', b: 'ran', c: 'ran' });
  assert.ok(ws.stamp('a', 'start') < ws.stamp('b', 'end') && ws.stamp('b', 'start') < ws.stamp('a', 'end'), 'a and b overlapped');
  assert.ok(ws.stamp('c', 'start') >= Math.max(ws.stamp('a', 'end'), ws.stamp('b', 'end')), 'c started after both');
  assert.equal(ws.read('c.txt'), 'c:a:x|b:x');
  // Each stage is an ordinary run of experiment p, named p/STAGE and linked to the pipeline run.
  const run = getRun(ws.store, r.stages.find((s) => s.stage === 'c')!.runId!)!;
  assert.deepEqual([run.experiment, run.name, run.pipelineRunId, run.stage, run.status], ['p', 'p/c', r.pipelineRunId, 'c', 'finished']);
  const pr = getPipelineRun(ws.store, r.pipelineRunId)!;
  assert.deepEqual([pr.status, pr.pipeline, pr.launcherPid], ['finished', 'p', undefined]);
});

test('unchanged stages are up to date: no process starts, the stage rows point at the runs that made the outs', async () => {
  const ws = reproWorkspace(chain());
  ws.write('raw.txt', 'x');
  const first = await ws.repro();
  assert.deepEqual(outcomes(first), { prepare: 'ran', other: 'ran', train: 'ran', evaluate: 'ran' });
  const runs = ws.runCount();
  const second = await ws.repro();
  assert.equal(second.status, 'finished');
  assert.deepEqual(outcomes(second), { prepare: 'up-to-date', other: 'up-to-date', train: 'up-to-date', evaluate: 'up-to-date' });
  assert.equal(ws.runCount(), runs);
  for (const s of stageRuns(ws.store, second.pipelineRunId)) {
    assert.equal(s.runId, first.stages.find((f) => f.stage === s.stage)!.runId, s.stage);
  }
});

test('content switched back (a branch switch) is restored from the run cache without starting a process', async () => {
  const ws = reproWorkspace(chain());
  ws.write('raw.txt', 'A');
  const a = await ws.repro();
  ws.write('raw.txt', 'B');
  const b = await ws.repro();
  assert.deepEqual(outcomes(b), { prepare: 'ran', other: 'ran', train: 'ran', evaluate: 'ran' });
  assert.equal(ws.read('report.txt'), 'evaluate:lr=0.1:prepare:B');
  const runs = ws.runCount();
  ws.write('raw.txt', 'A');
  const back = await ws.repro();
  assert.deepEqual(outcomes(back), { prepare: 'restored', other: 'restored', train: 'restored', evaluate: 'restored' });
  assert.equal(ws.runCount(), runs, 'no run started');
  assert.equal(ws.read('report.txt'), 'evaluate:lr=0.1:prepare:A');
  assert.equal(ws.read('other.txt'), 'other:A');
  // The state now stands for A's executions, so the next repro is a no-op.
  assert.equal(getStageState(ws.store, 'p', 'evaluate')!.runId, a.stages.find((s) => s.stage === 'evaluate')!.runId);
  assert.deepEqual(outcomes(await ws.repro()), { prepare: 'up-to-date', other: 'up-to-date', train: 'up-to-date', evaluate: 'up-to-date' });
});

test('a param change re-runs only its stage and what depends on it', async () => {
  const ws = reproWorkspace(chain());
  ws.write('raw.txt', 'x');
  await ws.repro();
  ws.setConfig(chain({ params: { lr: 0.2 } }));
  const events: string[] = [];
  const r = await ws.repro({ onEvent: (e) => e.type === 'stage-start' && events.push(`${e.stage}: ${e.reasons.map((x) => x.kind).join(',')}`) });
  assert.deepEqual(outcomes(r), { prepare: 'up-to-date', other: 'up-to-date', train: 'ran', evaluate: 'ran' });
  // The param is in the command too, so both are said.
  assert.deepEqual(events, ['train: command,param', 'evaluate: upstream']);
  assert.equal(ws.read('report.txt'), 'evaluate:lr=0.2:prepare:x');
  assert.match(stageRuns(ws.store, r.pipelineRunId).find((s) => s.stage === 'train')!.reason, /param lr changed 0\.1 -> 0\.2/);
});

test('a failed stage puts its outs back, its downstream stages do not run, an independent branch still runs', async () => {
  const ws = reproWorkspace(chain());
  ws.write('raw.txt', 'x');
  await ws.repro();
  const before = ws.read('model.txt');
  ws.write('raw.txt', 'y'); // every stage is stale, train will fail
  ws.setConfig(chain({ args: '--fail' }));
  const r = await ws.repro();
  assert.equal(r.status, 'failed');
  assert.deepEqual(outcomes(r), { prepare: 'ran', other: 'ran', train: 'failed', evaluate: 'not-run' });
  assert.equal(ws.read('model.txt'), before, 'model.txt as it was before the failed run');
  assert.equal(ws.read('other.txt'), 'other:y');
  const rows = Object.fromEntries(stageRuns(ws.store, r.pipelineRunId).map((s) => [s.stage, s]));
  assert.equal(rows.evaluate.reason, 'upstream stage train failed');
  assert.match(rows.train.reason, /exit code 1/);
  assert.equal(getRun(ws.store, rows.train.runId!)!.status, 'failed');
  assert.equal(getPipelineRun(ws.store, r.pipelineRunId)!.status, 'failed');
  // The failed execution was not recorded: train is still stale.
  assert.notEqual(getStageState(ws.store, 'p', 'train')!.runId, rows.train.runId);
});

test('a stage that exits 0 without writing its out fails, and an out it did not have before is removed', async () => {
  const ws = reproWorkspace({ pipelines: { p: { stages: { s: { command: 'node -e "require(\'fs\').writeFileSync(\'extra.txt\', \'1\')"', deps: [], outs: ['extra.txt', 'never.txt'] } } } } });
  const r = await ws.repro();
  assert.deepEqual(outcomes(r), { s: 'failed' });
  assert.match(r.stages[0].reason, /declared out never\.txt but did not write it/);
  assert.equal(ws.read('extra.txt'), undefined, 'the rollback removed the out the stage created');
});

test('a dry run says what would run and why, and writes nothing', async () => {
  const ws = reproWorkspace(chain());
  ws.write('raw.txt', 'x');
  const auditBefore = ws.store.db.prepare('SELECT count(*) AS n FROM audit_log').get<{ n: number }>()!.n;
  const r = await ws.repro({ dryRun: true });
  assert.equal(r.dryRun, true);
  assert.deepEqual(outcomes(r), { prepare: 'ran', other: 'ran', train: 'ran', evaluate: 'ran' });
  assert.match(r.stages.find((s) => s.stage === 'train')!.reason, /upstream stage prepare will run/);
  assert.equal(ws.runCount(), 0);
  assert.equal(ws.store.db.prepare('SELECT count(*) AS n FROM pipeline_runs').get<{ n: number }>()!.n, 0);
  assert.equal(ws.store.db.prepare('SELECT count(*) AS n FROM audit_log').get<{ n: number }>()!.n, auditBefore);
  assert.equal(ws.read('clean.txt'), undefined);
  // After a real repro and a switch back, the dry run says "restored" for the cached stages.
  await ws.repro();
  ws.write('raw.txt', 'z');
  await ws.repro();
  ws.write('raw.txt', 'x');
  const again = await ws.repro({ dryRun: true });
  assert.equal(outcomes(again).prepare, 'restored');
  assert.equal(ws.read('clean.txt'), 'prepare:z', 'nothing restored by a dry run');
});

test("a stage's metrics file is logged into its run (numbers only, nested keys joined with '/') and kept in the run cache", async () => {
  const ws = reproWorkspace(stagesConfig({ train: { out: 'model.txt', ins: ['raw.txt'], metrics: 'metrics.json' } }));
  ws.write('raw.txt', 'x');
  const r = await ws.repro();
  const runId = r.stages[0].runId!;
  const keys = ws.store.db.prepare("SELECT key FROM metrics WHERE run_id = ? AND key NOT LIKE 'system/%' ORDER BY key").all<{ key: string }>(runId).map((k) => k.key);
  assert.deepEqual(keys, ['auc', 'val/loss', 'val/n']);
  assert.deepEqual(metricHistory(ws.store, runId, 'val/loss').map((p) => [p.step, p.value]), [[0, 0.25]]);
  const cached = ws.store.db.prepare('SELECT metrics_json FROM stage_cache WHERE run_id = ?').get<{ metrics_json: string }>(runId)!;
  assert.deepEqual(JSON.parse(cached.metrics_json), { auc: 0.91, 'val/loss': 0.25, 'val/n': 3 });
});

test('cancel stops the running stage, puts its outs back, leaves the rest not run; the pipeline run is killed', async () => {
  const ws = reproWorkspace(chain({ args: '--hold' }));
  ws.write('raw.txt', 'x');
  ws.write('model.txt', 'the model before');
  const { handle } = ws.start();
  // Positive signal: the held stage has written its partial out.
  while (ws.read('stamps/train.holding') === undefined) await new Promise((r) => setTimeout(r, 20));
  assert.equal(ws.read('model.txt'), 'partial');
  handle.cancel();
  const r = await handle.done;
  assert.equal(r.status, 'killed');
  assert.equal(outcomes(r).train, 'killed');
  assert.equal(outcomes(r).evaluate, 'not-run');
  assert.equal(ws.read('model.txt'), 'the model before');
  assert.equal(getRun(ws.store, r.stages.find((s) => s.stage === 'train')!.runId!)!.status, 'killed');
  assert.equal(getPipelineRun(ws.store, r.pipelineRunId)!.status, 'killed');
});

test('the pipeline run sums its stages\' cost and the cost the run cache saved; both are audited', async () => {
  const ws = reproWorkspace(chain());
  ws.write('raw.txt', 'x');
  const first = await ws.repro();
  // Prices apply in the launcher; here each stage's run is given a cost as the launcher records it.
  for (const s of first.stages) ws.store.db.prepare('UPDATE runs SET cost = ?, currency = ? WHERE id = ?').run(0.25, 'USD', s.runId!);
  ws.setConfig(chain({ params: { lr: 0.3 } }));
  const r = await ws.repro();
  assert.deepEqual(outcomes(r), { prepare: 'up-to-date', other: 'up-to-date', train: 'ran', evaluate: 'ran' });
  assert.equal(r.savedCost, 0.5);
  const pr = getPipelineRun(ws.store, r.pipelineRunId)!;
  assert.equal(pr.savedCost, 0.5);
  assert.equal(pr.cost, r.cost);
  const audit = ws.store.db
    .prepare('SELECT action, details_json FROM audit_log WHERE object = ? ORDER BY seq')
    .all<{ action: string; details_json: string }>(r.pipelineRunId)
    .map((a) => ({ action: a.action, details: JSON.parse(a.details_json) as Record<string, unknown> }));
  assert.deepEqual(audit.map((a) => a.action), ['pipeline.started', 'pipeline.finished']);
  assert.deepEqual(audit[1].details.stages, { 'up-to-date': 2, ran: 2 });
  assert.equal(audit[1].details.savedCost, 0.5);
  assert.equal(audit[1].details.status, 'finished');
});

test('an unknown stage is refused before anything is recorded', () => {
  const ws = reproWorkspace(chain());
  ws.write('raw.txt', 'x');
  assert.throws(() => ws.start({ stage: 'nope' }), /no stage "nope"/);
  assert.equal(ws.store.db.prepare('SELECT count(*) AS n FROM pipeline_runs').get<{ n: number }>()!.n, 0);
});

test('a stage that registers and promotes: its version carries the metrics file; a refused gate fails the stage and leaves the alias', async () => {
  const pipeline = (threshold: number) => ({
    models: { churn: { metric: 'auc', gate: { auc: { threshold } } } },
    ...stagesConfig({
      train: { out: 'model.txt', ins: ['raw.txt'], metrics: 'metrics.json', registers: { model: 'churn', promote: 'champion' } },
      publish: { out: 'published.txt', ins: ['model.txt'] },
    }),
  });
  const ws = reproWorkspace(pipeline(0.9));
  ws.write('raw.txt', 'x');
  const r = await ws.repro({ env: { PINNED_BATCH: 'b7' }, tags: { 'mlops.drift_check': '12' } });
  assert.deepEqual(outcomes(r), { train: 'ran', publish: 'ran' }, JSON.stringify(r.stages));
  const trainRun = r.stages[0].runId!;
  const v1 = ws.store.db.prepare('SELECT version, metrics_json FROM model_versions WHERE run_id = ?').get<{ version: number; metrics_json: string }>(trainRun)!;
  assert.equal(JSON.parse(v1.metrics_json).auc, 0.91);
  const alias = () => ws.store.db.prepare("SELECT v.version FROM model_aliases a JOIN model_versions v ON v.id = a.version_id WHERE a.model = 'churn' AND a.alias = 'champion'").get<{ version: number }>()?.version;
  assert.equal(alias(), v1.version);
  // The repro's extra tags reach every stage run.
  assert.equal(ws.store.db.prepare("SELECT value FROM run_tags WHERE run_id = ? AND key = 'mlops.drift_check'").get<{ value: string }>(trainRun)?.value, '12');

  ws.setConfig(pipeline(0.95));
  ws.write('raw.txt', 'y');
  const refused = await ws.repro();
  assert.equal(refused.status, 'failed');
  assert.deepEqual(outcomes(refused), { train: 'failed', publish: 'not-run' });
  assert.match(refused.stages[0].reason, /did not move/);
  assert.equal(alias(), v1.version, 'the alias stayed');
  assert.equal(ws.store.db.prepare("SELECT count(*) AS n FROM model_versions WHERE model = 'churn'").get<{ n: number }>()!.n, 2, 'the refused version stays registered');
});

test('the repro\'s env reaches every stage command', async () => {
  const ws = reproWorkspace({ pipelines: { p: { stages: { s: { command: 'node -e "require(\'fs\').writeFileSync(\'env.txt\', process.env.PINNED_BATCH)"', outs: ['env.txt'] } } } } });
  const r = await ws.repro({ env: { PINNED_BATCH: 'batch-7' } });
  assert.equal(r.status, 'finished', JSON.stringify(r.stages));
  assert.equal(ws.read('env.txt'), 'batch-7');
});

test('a second repro of a pipeline that is running is refused; once the first ends it goes ahead', async () => {
  const ws = reproWorkspace(chain({ args: '--hold' }));
  ws.write('raw.txt', 'x');
  const { handle } = ws.start();
  while (ws.read('stamps/train.holding') === undefined) await new Promise((r) => setTimeout(r, 20));
  assert.throws(() => ws.start(), (err: Error) => err instanceof ReproBusyError && /already being reproduced in this window/.test(err.message));
  handle.cancel();
  await handle.done;
  ws.setConfig(chain());
  assert.equal((await ws.repro()).status, 'finished');
});

test('a folder out is stored whole and restored whole; file outs are the run\'s artifacts', async () => {
  const write = `const fs = require('fs'); const t = fs.readFileSync('raw.txt', 'utf8'); fs.rmSync('model', { recursive: true, force: true }); fs.mkdirSync('model/sub', { recursive: true }); fs.writeFileSync('model/w.txt', t); if (t === 'A') fs.writeFileSync('model/sub/only-a.txt', t); fs.writeFileSync('card.txt', 'card ' + t)`;
  const ws = reproWorkspace({ pipelines: { p: { stages: { s: { command: `node -e "${write}"`, deps: ['raw.txt'], outs: ['model', 'card.txt'] } } } } });
  ws.write('raw.txt', 'A');
  const a = await ws.repro();
  assert.equal(a.status, 'finished', JSON.stringify(a.stages));
  const output = a.events.flatMap((e) => (e.type === 'stage-output' ? [e.data.toString()] : [])).join('');
  assert.doesNotMatch(output, /could not store/);
  const artifacts = ws.store.db.prepare('SELECT path FROM artifacts WHERE run_id = ?').all<{ path: string }>(a.stages[0].runId!).map((r) => r.path);
  assert.deepEqual(artifacts, ['card.txt']);
  ws.write('raw.txt', 'B');
  await ws.repro();
  assert.equal(ws.read('model/sub/only-a.txt'), undefined);
  ws.write('raw.txt', 'A');
  const back = await ws.repro();
  assert.deepEqual(outcomes(back), { s: 'restored' });
  assert.deepEqual([ws.read('model/w.txt'), ws.read('model/sub/only-a.txt'), ws.read('card.txt')], ['A', 'A', 'card A']);
});

test('--stage brings that stage and what it depends on up to date, nothing downstream or beside it', async () => {
  const ws = reproWorkspace(chain());
  ws.write('raw.txt', 'x');
  const r = await ws.repro({ stage: 'train' });
  assert.deepEqual(outcomes(r), { prepare: 'ran', train: 'ran' });
  assert.equal(getPipelineRun(ws.store, r.pipelineRunId)!.targetStage, 'train');
  assert.deepEqual([ws.read('report.txt'), ws.read('other.txt')], [undefined, undefined]);
});
