// `mlops gate` as CI runs it: the built CLI in a child process over a real store (node esbuild.js first).
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { gateWorkspace } from '../registry/gateFixture';
import { mlops } from './runCli';

const models = {
  churn: {
    metric: 'auc',
    evaluationData: ['holdout'],
    gate: { auc: { threshold: 0.8, minAbsoluteChange: 0.05 }, 'val/loss': { minRelativeChange: 0.1, direction: 'minimize' as const } },
  },
  bare: { metric: 'auc' },
};

async function workspace() {
  const w = gateWorkspace(models, { holdout: 'data/holdout.csv' });
  w.run('01champion0000000000000000', { auc: 0.8, 'val/loss': 0.5 });
  await w.reads('01champion0000000000000000', 'holdout', 'x,y\n1,0\n');
  w.version('churn', 1, '01champion0000000000000000', { auc: 0.8, 'val/loss': 0.5 });
  w.alias('churn', 'champion', 1);
  // Passes: 0.8 -> 0.85 is +0.05, 0.5 -> 0.45 is 10% lower.
  w.run('01good00000000000000000000', { auc: 0.85, 'val/loss': 0.45 });
  await w.reads('01good00000000000000000000', 'holdout', 'x,y\n1,0\n');
  // Fails auc's minimum change only: +0.03.
  w.run('01weak00000000000000000000', { auc: 0.83, 'val/loss': 0.4 });
  await w.reads('01weak00000000000000000000', 'holdout', 'x,y\n1,0\n');
  const count = (table: string) => Number(w.store.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get<{ n: number }>()!.n);
  return { ...w, gates: () => count('gate_results'), audits: () => count("audit_log WHERE action = 'gate.evaluated'") };
}

test('exit 0 with PASS and the table when the candidate passes, 1 with FAIL naming the metric; each evaluation recorded', async () => {
  const w = await workspace();
  const pass = mlops(['gate', 'churn', '--candidate', '01good'], w.root);
  assert.equal(pass.code, 0, pass.stderr);
  const lines = pass.stdout.split('\n');
  assert.equal(lines[0], 'Gate for churn: 01good00000000000000000000 against churn@1 (champion)');
  assert.match(pass.stdout, /^METRIC\s+DIRECTION\s+CANDIDATE\s+churn@1\s+CHANGE\s+RULES\s+VERDICT$/m);
  assert.match(pass.stdout, /^auc\s+maximize\s+0\.85\s+0\.8\s+\+0\.05 \(\+6\.25%\)\s+>= 0\.8, \+0\.05\s+pass$/m);
  assert.match(pass.stdout, /^val\/loss\s+minimize\s+0\.45\s+0\.5\s+-0\.05 \(-10%\)\s+-10%\s+pass$/m);
  assert.match(pass.stdout, /^Evaluation data: holdout@1 on both sides\.$/m);
  assert.match(pass.stdout, /^PASS: run 01good00000000000000000000 against churn@1 \(champion\)$/m);
  assert.equal(w.gates(), 1);
  assert.equal(w.audits(), 1);

  const fail = mlops(['gate', 'churn', '--candidate', '01weak'], w.root);
  assert.equal(fail.code, 1, fail.stderr);
  assert.match(fail.stdout, /^auc\s+maximize\s+0\.83\s+0\.8\s+\+0\.03 \(\+3\.75%\)\s+>= 0\.8, \+0\.05\s+FAIL$/m);
  assert.match(fail.stdout, /^ {2}auc: 0\.83 against 0\.8 for churn@1 \(champion\), an improvement of 0\.03: less than the minimum absolute change 0\.05$/m);
  assert.match(fail.stdout, /^FAIL: run 01weak00000000000000000000 against churn@1 \(champion\): auc failed$/m);
  assert.equal(w.gates(), 2);

  // A version number as the candidate, against an alias not set yet.
  const first = mlops(['gate', 'churn', '--candidate', '1', '--against', 'production'], w.root);
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stdout, /^METRIC\s+DIRECTION\s+CANDIDATE\s+production\s+CHANGE/m);
  assert.match(first.stdout, /^auc\s+maximize\s+0\.8\s+-\s+>= 0\.8, \+0\.05\s+pass$/m);
  assert.match(first.stdout, /auc: no production yet: the change rules pass/);
  assert.match(first.stdout, /^PASS: churn@1 against production \(not set\)$/m);
});

test('bad input exits 2 with the reason and records nothing', async () => {
  const w = await workspace();
  const cases: Array<[string[], RegExp]> = [
    [['gate', 'churn'], /--candidate is required/],
    [['gate', '--candidate', '01good'], /Say which model to gate/],
    [['gate', 'bare', '--candidate', '01good'], /Model "bare" has no gate in mlops\.json: add the metrics .* under models\.bare\.gate/],
    [['gate', 'fraud', '--candidate', '01good'], /No model "fraud" under "models" in mlops\.json/],
    [['gate', 'churn', '--candidate', 'nope-no-run'], /No run "nope-no-run"/],
    [['gate', 'churn', '--candidate', '01good', '--json', '--markdown'], /choose one/],
  ];
  for (const [args, message] of cases) {
    const r = mlops(args, w.root);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
    assert.match(r.stderr, message);
  }
  w.run('01noloss000000000000000000', { auc: 0.9 });
  await w.reads('01noloss000000000000000000', 'holdout', 'x,y\n1,0\n');
  const missing = mlops(['gate', 'churn', '--candidate', '01noloss'], w.root);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /mlops gate: The candidate, run 01noloss000000000000000000, has no metric "val\/loss" that the gate checks/);
  assert.equal(w.gates(), 0);
  assert.equal(w.audits(), 0);
});

test('different evaluation data: exit 2 naming both versions; --allow-different-data evaluates and records it', async () => {
  const w = await workspace();
  w.run('01newdata0000000000000000', { auc: 0.9, 'val/loss': 0.3 });
  await w.reads('01newdata0000000000000000', 'holdout', 'x,y\n1,0\n2,1\n');
  const refused = mlops(['gate', 'churn', '--candidate', '01newdata'], w.root);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /run 01newdata0000000000000000 read holdout@2, churn@1 \(champion, run 01champion0000000000000000\) read holdout@1/);
  assert.equal(w.gates(), 0);
  const allowed = mlops(['gate', 'churn', '--candidate', '01newdata', '--allow-different-data', '--json'], w.root);
  assert.equal(allowed.code, 0, allowed.stderr);
  const result = JSON.parse(allowed.stdout);
  assert.equal(result.allowedDifferentData, true);
  assert.deepEqual(result.evaluationData, [{ dataset: 'holdout', candidate: 2, baseline: 1, same: false }]);
  const stored = JSON.parse(w.store.db.prepare('SELECT result_json FROM gate_results WHERE id = ?').get<{ result_json: string }>(result.id)!.result_json);
  assert.equal(stored.allowedDifferentData, true);
});

test('--json is the stored result; --junit writes a case per metric; --markdown prints a pull-request comment', async () => {
  const w = await workspace();
  const json = mlops(['gate', 'churn', '--candidate', '01weak', '--json', '--junit', 'reports/gate.xml'], w.root);
  assert.equal(json.code, 1, json.stderr);
  const r = JSON.parse(json.stdout);
  assert.equal(typeof r.id, 'number');
  assert.equal(r.passed, false);
  assert.equal(r.model, 'churn');
  assert.equal(r.candidate, '01weak00000000000000000000');
  assert.deepEqual(r.against, { alias: 'champion', version: 1, runId: '01champion0000000000000000' });
  assert.match(r.at, /^\d{4}-\d\d-\d\dT/);
  assert.deepEqual(r.metrics.map((m: { metric: string; passed: boolean }) => [m.metric, m.passed]), [['auc', false], ['val/loss', true]]);

  const xml = fs.readFileSync(path.join(w.root, 'reports/gate.xml'), 'utf8');
  assert.match(xml, /<testsuites name="mlops gate" tests="2" failures="1">/);
  assert.match(xml, /<testcase classname="mlops\.gate\.churn" name="auc">\n {6}<failure message="0\.83 against 0\.8 for churn@1 \(champion\), an improvement of 0\.03: less than the minimum absolute change 0\.05" type="gate">/);
  assert.match(xml, /<testcase classname="mlops\.gate\.churn" name="val\/loss">\n {6}<system-out>/);
  assert.match(xml, /<system-out>Evaluation data: holdout@1 on both sides\.<\/system-out>/);

  const md = mlops(['gate', 'churn', '--candidate', '01good', '--markdown'], w.root);
  assert.equal(md.code, 0, md.stderr);
  const lines = md.stdout.split('\n');
  assert.equal(lines[0], '### ✅ Model gate passed: churn');
  assert.ok(lines.includes('Candidate `run 01good00000000000000000000` against `churn@1 (champion)`.'), md.stdout);
  assert.ok(lines.includes('| Metric | Direction | Candidate | churn@1 | Change | Rules | Verdict |'));
  assert.ok(lines.includes('| auc | maximize | 0.85 | 0.8 | +0.05 (+6.25%) | >= 0.8, +0.05 | ✅ pass |'), md.stdout);
  assert.ok(lines.includes('Evaluation data: holdout@1 on both sides.'));
  const failed = mlops(['gate', 'churn', '--candidate', '01weak', '--markdown'], w.root);
  assert.equal(failed.code, 1);
  assert.match(failed.stdout, /^### ❌ Model gate failed: churn$/m);
  assert.match(failed.stdout, /^- \*\*auc\*\*: 0\.83 against 0\.8/m);
  assert.equal(w.gates(), 3, 'every evaluation is recorded, whatever the output');
});
