// Performance in monitor checks on real files and the real store: realised from a labelled batch
// (figures as scikit-learn gives them on the same rows), estimated from scores when the batch has
// no labels, and problems reported instead of failing the check.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadConfig } from '../../../src/core/config/loadConfig';
import { versionDataset } from '../../../src/core/data/versionDataset';
import { checkMonitor } from '../../../src/core/monitors/checkMonitor';
import { engineCompare } from '../../../src/core/monitors/engineCompare';
import { getCheck } from '../../../src/core/monitors/checkRecords';
import type { ClassificationMetrics } from '../../../src/core/performance/classificationMetrics';
import type { RegressionMetrics } from '../../../src/core/performance/regressionMetrics';
import { Store } from '../../../src/core/store/store';
import { tempWorkspace } from '../tempWorkspace';

// scikit-learn 1.9.1 on these ten rows (prediction = score >= 0.5):
//   accuracy_score 0.8, f1_score 0.8, roc_auc_score 0.88, precision_score 0.8, recall_score 0.8
const TARGET = [1, 0, 1, 1, 0, 0, 1, 0, 1, 0];
const SCORE = [0.9, 0.2, 0.4, 0.8, 0.3, 0.6, 0.7, 0.1, 0.55, 0.45];

function workspace(monitor: Record<string, unknown>) {
  const root = fs.realpathSync(tempWorkspace('mlops-monperf-'));
  fs.writeFileSync(path.join(root, 'mlops.json'), JSON.stringify({ datasets: { train: 'train.csv', incoming: 'incoming/*.csv' }, monitors: { prod: { reference: 'train', current: 'incoming', ...monitor } } }));
  fs.mkdirSync(path.join(root, 'incoming'));
  const store = Store.open(root);
  const write = (rel: string, text: string) => fs.writeFileSync(path.join(root, rel), text);
  const run = async () => {
    const { config } = loadConfig(root);
    await versionDataset(store, root, config, 'train');
    await versionDataset(store, root, config, 'incoming');
    return (await checkMonitor(store, root, config, 'prod', { compare: engineCompare(store), trusted: true })).checked;
  };
  return { store, write, run };
}

/** 200 reference rows whose score is well calibrated-ish: label 1 more often at high scores. */
const reference = () =>
  ['churned,pred,proba', ...Array.from({ length: 200 }, (_, i) => {
    const s = ((i * 37) % 100) / 100;
    const y = (i * 53) % 100 < s * 100 ? 1 : 0;
    return `${y},${s >= 0.5 ? 1 : 0},${s}`;
  })].join('\n') + '\n';

test('a labelled batch gets realised classification figures equal to scikit-learn; an unlabelled one an estimate with its band', async () => {
  const w = workspace({ target: 'churned', prediction: 'pred', score: 'proba', ignore: ['churned', 'pred', 'proba'], columns: ['x'] });
  const withX = (rows: string[]) => rows.map((r, i) => (i === 0 ? `x,${r}` : `${i},${r}`)).join('\n') + '\n';
  w.write('train.csv', withX(reference().trim().split('\n')));
  w.write('incoming/a-labelled.csv', withX(['churned,pred,proba', ...TARGET.map((t, i) => `${t},${SCORE[i] >= 0.5 ? 1 : 0},${SCORE[i]}`)]));
  w.write('incoming/b-unlabelled.csv', withX(['churned,pred,proba', ...SCORE.map((s) => `,${s >= 0.5 ? 1 : 0},${s}`)]));
  const [labelled, unlabelled] = await w.run();

  const perf = getCheck(w.store, labelled.check.id)!.report.performance!;
  assert.equal(perf.task, 'classification');
  const r = perf.realised as ClassificationMetrics;
  assert.equal(r.rows, 10);
  assert.equal(r.accuracy, 0.8);
  assert.equal(r.f1, 0.8);
  assert.equal(r.precision, 0.8);
  assert.equal(r.recall, 0.8);
  assert.ok(Math.abs(r.rocAuc!.value - 0.88) < 1e-12);
  assert.deepEqual(perf.realisedVersusEstimated!.map((x) => x.metric), ['accuracy', 'f1', 'rocAuc']);
  assert.equal(perf.realisedVersusEstimated![0].realised, 0.8);

  const est = unlabelled.check.report.performance!;
  assert.equal(est.realised, undefined);
  assert.equal(est.estimated!.rows, 10);
  const acc = est.estimated!.figures.find((f) => f.metric === 'accuracy')!;
  assert.ok(acc.estimated > 0 && acc.estimated < 1);
  assert.ok(acc.lower <= acc.estimated && acc.estimated <= acc.upper);
  assert.deepEqual(est.problems, []);
  w.store.close();
});

test('regression figures for a numeric target with many values; a missing prediction column is a problem, not a failed check', async () => {
  const w = workspace({ target: 'y', prediction: 'yhat' });
  const rows = (n: number, err: number) => ['y,yhat', ...Array.from({ length: n }, (_, i) => `${i},${i + (i % 2 ? err : -err)}`)].join('\n') + '\n';
  w.write('train.csv', rows(100, 1));
  w.write('incoming/a.csv', rows(50, 2));
  w.write('incoming/b.csv', 'y\n1\n2\n3\n');
  const [a, b] = await w.run();
  const r = a.check.report.performance!.realised as RegressionMetrics;
  assert.equal(a.check.report.performance!.task, 'regression');
  assert.equal(r.mae, 2);
  assert.equal(r.rmse, 2);
  assert.equal(b.check.outcome, 'failed', 'yhat is a reference column the batch lacks');
  assert.match(b.check.report.performance!.problems.join(), /the batch has no prediction column "yhat"/);
  w.store.close();
});
