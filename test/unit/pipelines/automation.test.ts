// Drift -> retrain -> register -> gate -> alias with no hand in between, as a user runs it: the built
// CLI in real child processes, stages as real node processes, the monitor's drifting batch as real
// files. A monitor's retrain names the pipeline; its train stage registers churn and promotes it to
// champion through the gate. Then the store is read back: the alias move, its gate, the tags and the
// pinned batch on the stage runs, lineage from churn@champion to the pipeline run, the audit log.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { listAudit } from '../../../src/core/audit/auditQuery';
import { loadConfig } from '../../../src/core/config/loadConfig';
import { lineageOf } from '../../../src/core/lineage/lineage';
import { aliasHistory, aliasVersion } from '../../../src/core/registry/aliases';
import { versionsFromRun } from '../../../src/core/registry/modelVersions';
import { Store } from '../../../src/core/store/store';
import { getInputs, getTags, listRuns } from '../../../src/core/tracking/runRecords';
import { mlops } from '../cli/runCli';
import { tempWorkspace } from '../tempWorkspace';

const rows = (n: number, shift = 0) => ['age,city', ...Array.from({ length: n }, (_, i) => `${((i * 7919) % 97) + shift},${['a', 'b', 'c'][i % 3]}`)].join('\n') + '\n';

// prepare: every row of train.csv and of each batch in incoming/ into features.csv. train: "auc"
// grows with the rows it saw (more data, a better model), written to metrics.json; the model file
// names the row count. evaluate: a report from the model.
const prepareJs = `const fs = require('fs');
const files = ['train.csv', ...fs.readdirSync('incoming').sort().map((f) => 'incoming/' + f)];
const rows = files.flatMap((f) => fs.readFileSync(f, 'utf8').trim().split('\\n').slice(1));
fs.writeFileSync('features.csv', rows.join('\\n') + '\\n');`;
const trainJs = `const fs = require('fs');
const n = fs.readFileSync('features.csv', 'utf8').trim().split('\\n').length;
fs.writeFileSync('model.bin', 'rows=' + n + ' batch=' + (process.env.MLOPS_BATCH || '') + '\\n');
fs.writeFileSync('metrics.json', JSON.stringify({ auc: Math.min(0.99, 0.5 + n / 1000) }));`;

function workspace() {
  const root = fs.realpathSync(tempWorkspace('mlops-automation-'));
  const config = {
    datasets: { train: 'train.csv', batches: 'incoming/*.csv' },
    models: { churn: { metric: 'auc', gate: { auc: { threshold: 0.6, minAbsoluteChange: 0.05 } } } },
    pipelines: {
      churn: {
        stages: {
          prepare: { command: 'node prepare.js', deps: ['train', 'incoming', 'prepare.js'], outs: ['features.csv'] },
          train: { command: 'node train.js', deps: ['features.csv', 'train.js'], outs: ['model.bin'], metrics: 'metrics.json', registers: { model: 'churn', artifact: 'model.bin', promote: 'champion' } },
          evaluate: { command: 'node -e "require(\'fs\').writeFileSync(\'report.txt\', require(\'fs\').readFileSync(\'model.bin\'))"', deps: ['model.bin'], outs: ['report.txt'] },
        },
      },
    },
    monitors: { prod: { reference: 'train', current: 'batches', actions: [{ retrain: 'churn' }] } },
  };
  fs.writeFileSync(path.join(root, 'mlops.json'), JSON.stringify(config, null, 2) + '\n');
  fs.writeFileSync(path.join(root, 'train.csv'), rows(200));
  fs.writeFileSync(path.join(root, 'prepare.js'), prepareJs);
  fs.writeFileSync(path.join(root, 'train.js'), trainJs);
  fs.mkdirSync(path.join(root, 'incoming'));
  return root;
}

test('drift on a new batch reproduces the pipeline; churn v2 is registered, passes the gate and becomes champion; lineage and the audit log show every step', () => {
  const root = workspace();
  assert.deepEqual(loadConfig(root).problems, [], 'a retrain naming a pipeline is no problem');

  // The first repro: churn v1 (200 rows, auc 0.7) takes champion on the gate's threshold alone.
  const first = mlops(['repro', 'churn'], root);
  assert.equal(first.code, 0, first.stderr + first.stdout);
  assert.match(first.stderr, /churn@champion: unset -> churn@1 \(gate passed, result \d+\)/);

  // A drifting batch arrives; the check launches the retrain.
  fs.writeFileSync(path.join(root, 'incoming/b1.csv'), rows(100, 40));
  assert.equal(mlops(['data', 'version'], root).code, 0);
  const check = mlops(['monitor', 'check', '--retrain'], root);
  assert.equal(check.code, 0, check.stderr);
  assert.match(check.stdout, /prod/);
  assert.match(check.stderr, /retrain pipeline churn \(pipeline run (\S+)\) started for check 1, with batches:incoming\/b1\.csv@1 pinned as an input of the stages that read it/);
  assert.match(check.stderr, /retrain pipeline churn: prepare ran/);
  assert.match(check.stderr, /churn@champion: churn@1 -> churn@2 \(gate passed, result \d+\)/);
  assert.match(check.stderr, /retrain pipeline churn finished \(3 ran\)/);
  const pipelineRunId = /pipeline run (\S+)\) started/.exec(check.stderr)![1];
  // The stage read the batch the check names (its env), so the model came from it.
  assert.match(fs.readFileSync(path.join(root, 'model.bin'), 'utf8'), /^rows=300 batch=incoming\/b1\.csv$/m);

  // The gate on the CLI: pipeline:churn is v2, the champion itself, so no improvement (exit 1).
  const gate = mlops(['gate', 'churn', '--candidate', 'pipeline:churn', '--json'], root);
  assert.equal(gate.code, 1, gate.stderr);
  assert.equal(JSON.parse(gate.stdout).candidate, 'churn@2');
  const none = mlops(['gate', 'churn', '--candidate', 'pipeline:nope'], root);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /Pipeline "nope" has no finished run to take a candidate from: run `mlops repro nope` first/);

  const store = Store.open(root);
  try {
    const config = loadConfig(root).config;
    assert.equal(aliasVersion(store, 'churn', 'champion'), 2);
    const [move, firstMove] = aliasHistory(store, 'churn', 'champion');
    assert.equal(move.reason, 'pipeline churn stage train: gate passed');
    assert.deepEqual([move.oldVersion, move.newVersion, move.forced, move.gate?.passed, move.gate?.candidate], [1, 2, false, true, 'churn@2']);
    assert.deepEqual([firstMove.oldVersion, firstMove.newVersion, firstMove.gate?.against.version], [null, 1, null]);

    // Every stage run of the retrain carries the check's tags; prepare, which reads incoming/, has the batch pinned.
    const stageRuns = listRuns(store).filter((r) => r.pipelineRunId === pipelineRunId);
    assert.deepEqual(stageRuns.map((r) => r.stage).sort(), ['evaluate', 'prepare', 'train']);
    for (const r of stageRuns) assert.deepEqual([getTags(store, r.id)['mlops.drift_check'], getTags(store, r.id)['mlops.monitor']], ['1', 'prod'], r.stage);
    const prepare = stageRuns.find((r) => r.stage === 'prepare')!;
    const train = stageRuns.find((r) => r.stage === 'train')!;
    assert.ok(getInputs(store, prepare.id).some((i) => i.path === 'incoming/b1.csv' && i.dataset?.name === 'batches' && i.dataset.version === 1), JSON.stringify(getInputs(store, prepare.id)));
    assert.ok(!getInputs(store, train.id).some((i) => i.path === 'incoming/b1.csv'), 'train reads features.csv, not the batch');
    assert.equal(versionsFromRun(store, train.id)[0].version, 2);
    assert.equal(versionsFromRun(store, train.id)[0].metrics.auc, 0.8, 'the metrics file is on the version');

    // churn@champion -> train's run -> the pipeline run and prepare's run -> the batch and the reference it read -> the monitor.
    const up = lineageOf(store, config, 'churn@champion', { direction: 'up' });
    const has = (from: string, to: string, relation: string) => up.edges.some((e) => e.from === from && e.to === to && e.relation === relation);
    assert.ok(has('model-version:churn@2', `run:${train.id}`, 'registered-from'));
    assert.ok(has(`run:${train.id}`, `pipeline-run:${pipelineRunId}`, 'part-of'), JSON.stringify(up.edges));
    assert.ok(has(`run:${train.id}`, `run:${prepare.id}`, 'used-outs-of'), JSON.stringify(up.edges));
    assert.ok(has(`run:${prepare.id}`, 'dataset-version:batches:incoming/b1.csv@1', 'read'));
    assert.ok(has(`run:${prepare.id}`, 'dataset-version:train:train.csv@1', 'read'));
    assert.ok(has('dataset-version:train:train.csv@1', 'monitor:prod', 'monitored-by'), 'the reference the batch drifted from');
    assert.equal(up.nodes.find((n) => n.id === `pipeline-run:${pipelineRunId}`)?.details.status, 'finished');

    // The audit log, oldest first: the retrain's pipeline run, the model registered, its gate, the alias move.
    const actions = listAudit(store, { limit: 1000 })
      .map((e) => `${e.action} ${e.object}`);
    const at = (s: string) => actions.findIndex((a) => a === s);
    assert.ok(at(`pipeline.started ${pipelineRunId}`) >= 0, actions.join('\n'));
    assert.ok(at('model.registered churn@2') > at(`pipeline.started ${pipelineRunId}`), actions.join('\n'));
    const log = actions.join('\n');
    assert.ok(at('gate.evaluated churn@2') > at('model.registered churn@2'), log);
    assert.ok(actions.lastIndexOf('model.alias-moved churn@champion') > at('gate.evaluated churn@2'), log);
    assert.ok(at(`pipeline.finished ${pipelineRunId}`) > actions.lastIndexOf('model.alias-moved churn@champion'), log);
  } finally {
    store.close();
  }
});

test('a retrain naming neither a run nor a pipeline, or both, is a problem at its line', () => {
  const root = fs.realpathSync(tempWorkspace('mlops-automation-problems-'));
  const config = {
    runs: { both: { command: 'true' } },
    datasets: { train: 'train.csv', batches: 'incoming/*.csv' },
    pipelines: { both: { stages: { s: { command: 'true', outs: ['o.txt'] } } } },
    monitors: { m: { reference: 'train', current: 'batches', actions: [{ retrain: 'nothing' }, { retrain: 'both' }] } },
  };
  const text = JSON.stringify(config, null, 2) + '\n';
  fs.writeFileSync(path.join(root, 'mlops.json'), text);
  fs.writeFileSync(path.join(root, 'train.csv'), rows(5));
  const lineOf = (needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;
  const problems = loadConfig(root).problems.filter((p) => p.path.startsWith('/monitors'));
  assert.deepEqual(problems.map((p) => [p.line, p.path]), [
    [lineOf('"retrain": "nothing"'), '/monitors/m/actions/0/retrain'],
    [lineOf('"retrain": "both"'), '/monitors/m/actions/1/retrain'],
  ]);
  assert.match(problems[0].message, /"nothing", which is neither a run under "runs" \(both\) nor a pipeline under "pipelines" \(both\)/);
  assert.match(problems[1].message, /"both", which is both a run under "runs" and a pipeline under "pipelines": the run would be launched/);
});
