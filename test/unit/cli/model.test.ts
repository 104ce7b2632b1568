// `mlops model ...` as a user runs it: the built CLI in a real child process over a real store. The
// runs are made through core (registryFixture); everything after is the CLI.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { listAudit } from '../../../src/core/audit/auditQuery';
import { verifyAudit } from '../../../src/core/audit/verifyAudit';
import { Store } from '../../../src/core/store/store';
import { finishedRun, registrySnapshot, registryWorkspace, writeFiles } from '../registry/registryFixture';
import { tempWorkspace } from '../tempWorkspace';
import { mlops, spawnMlops } from './runCli';

const churn = { metric: 'auc', description: 'Who leaves next month', gate: { auc: { threshold: 0.75 } }, protect: ['champion'] };

/** A workspace with runs whose last auc is each of `aucs`; the store closed for the CLI. */
async function workspace(aucs: number[], models: object = { churn }) {
  const f = registryWorkspace(models as never);
  const runs: string[] = [];
  for (const auc of aucs) runs.push(await finishedRun(f, { metrics: { auc: [auc / 2, auc] } }));
  f.store.close();
  return { root: f.root, runs };
}

const snapshot = (root: string) => {
  const store = Store.open(root);
  try {
    return registrySnapshot(store);
  } finally {
    store.close();
  }
};

test('register, list, versions and show, as tables and as JSON', async () => {
  const { root, runs } = await workspace([0.8, 0.9]);
  let r = mlops(['model', 'register', 'churn', '--run', runs[0].slice(0, 8), '--tag', 'team=growth', '--description', 'baseline'], root);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^Registered churn@1 \[latest\], file model\.pkl \(sha256 [0-9a-f]{12}\), registered \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC by /);
  r = mlops(['model', 'register', 'churn', '--run', runs[1], '--json'], root);
  assert.equal(r.code, 0, r.stderr);
  const v2 = JSON.parse(r.stdout);
  assert.equal(v2.ref, 'churn@2');
  assert.equal(v2.runId, runs[1]);
  assert.deepEqual(v2.metrics, { auc: 0.9 });
  assert.match(v2.createdAt, /^\d{4}-\d\d-\d\dT.*Z$/);
  assert.deepEqual(v2.signature.inputs.map((i: { name: string }) => i.name), ['age', 'plan', 'churned']);

  r = mlops(['model', 'list'], root);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^MODEL\s+VERSIONS\s+LATEST\s+ALIASES\s+DESCRIPTION\nchurn\s+2\s+2\s+Who leaves next month\n$/);
  assert.deepEqual(JSON.parse(mlops(['model', 'list', '--json'], root).stdout), [{ name: 'churn', description: 'Who leaves next month', versions: 2, latestVersion: 2, aliases: {} }]);

  r = mlops(['model', 'versions', 'churn'], root);
  assert.match(r.stdout, /^VERSION\s+ALIASES\s+RUN\s+AUC\s+REGISTERED\s+BY\n2\s+latest\s+\S+\s+0\.9\s+.* UTC .*\n1\s+\S+\s+0\.8\s/);
  assert.deepEqual(JSON.parse(mlops(['model', 'versions', 'churn', '--json'], root).stdout).map((v: { version: number }) => v.version), [2, 1]);

  r = mlops(['model', 'show', 'churn@1'], root);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^churn@1\n {2}registered .* UTC by .*\n {2}run {9}\S+\n {2}artifact {4}file model\.pkl, \d+ bytes, sha256 [0-9a-f]{64}\n {2}description baseline\n {2}tags {8}team=growth/);
  assert.match(r.stdout, /Signature \(from train@1, train\.csv\):\nINPUT\s+TYPE\s+NULLABLE\nage\s+integer\s+no\nplan\s+string\s+yes/);
  assert.equal(JSON.parse(mlops(['model', 'show', 'churn', '--json'], root).stdout).version, 2, 'a bare name is latest');
});

test('aliases: the gate passes, fails (exit 1, unmoved), is forced (recorded); a no-op; the history', async () => {
  const { root, runs } = await workspace([0.8, 0.9, 0.6]);
  for (const run of runs) assert.equal(mlops(['model', 'register', 'churn', '--run', run], root).code, 0);
  let r = mlops(['model', 'alias', 'set', 'churn', 'champion', '2', '--reason', 'best auc'], root);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /PASS: churn@2 against champion/);
  assert.match(r.stdout, /churn@champion: - -> 2, by .*: best auc\n$/m);

  const before = snapshot(root);
  r = mlops(['model', 'alias', 'set', 'churn', 'champion', '3', '--reason', 'newer'], root);
  assert.equal(r.code, 1, 'a failed gate is a failed check');
  assert.match(r.stdout, /auc\s+maximize\s+0\.6\s+0\.9\s.*FAIL/);
  assert.match(r.stderr, /churn@champion is protected and the gate failed for churn@3 .*The alias did not move/);
  assert.equal(JSON.parse(mlops(['model', 'show', 'churn@champion', '--json'], root).stdout).version, 2);
  assert.notEqual(snapshot(root), before, 'the failed evaluation is on record');

  r = mlops(['model', 'alias', 'set', 'churn', 'champion', '3', '--reason', 'rollback drill', '--force', '--json'], root);
  assert.equal(r.code, 0, r.stderr);
  const moved = JSON.parse(r.stdout);
  assert.equal(moved.event.forced, true);
  assert.equal(moved.event.gate.passed, false);
  assert.match(moved.event.gate.at, /^\d{4}-\d\d-\d\dT.*Z$/);

  r = mlops(['model', 'alias', 'set', 'churn', 'champion', '3', '--reason', 'again'], root);
  assert.equal(r.code, 0);
  assert.match(r.stderr, /already points at version 3: nothing to move, nothing recorded/);

  assert.equal(mlops(['model', 'alias', 'set', 'churn', 'staging', 'churn@1', '--reason', 'try'], root).code, 0, 'NAME@N is read as N');
  assert.equal(mlops(['model', 'alias', 'rm', 'churn', 'staging', '--reason', 'done'], root).code, 0);
  r = mlops(['model', 'alias', 'history', 'churn', '--alias', 'champion'], root);
  assert.match(r.stdout, /^WHEN\s+ALIAS\s+FROM\s+TO\s+BY\s+GATE\s+FORCED\s+REASON\n.* UTC\s+champion\s+2\s+3\s+.*failed \(#\d+\)\s+yes\s+rollback drill\n.* UTC\s+champion\s+-\s+2\s+.*passed \(#\d+\)\s+best auc\n$/);
  const all = JSON.parse(mlops(['model', 'alias', 'history', 'churn', '--json'], root).stdout);
  assert.deepEqual(all.map((e: { alias: string; newVersion: number | null }) => [e.alias, e.newVersion]), [['staging', null], ['staging', 1], ['champion', 3], ['champion', 2]]);
});

test('tag, download (file and folder, relative to the current folder) and delete', async () => {
  const { root, runs } = await workspace([0.8]);
  writeFiles(root, { 'export/a.json': '{}', 'export/sub/b.txt': 'b' });
  assert.equal(mlops(['model', 'register', 'churn', '--run', runs[0]], root).code, 0);
  // --artifact is relative to where the user stands.
  assert.equal(mlops(['model', 'register', 'churn', '--run', runs[0], '--artifact', 'sub'], path.join(root, 'export')).code, 0);
  assert.equal(JSON.parse(mlops(['model', 'show', 'churn@2', '--json'], root).stdout).artifact.path, 'export/sub');

  let r = mlops(['model', 'tag', 'churn@1', 'stage=review', 'owner=ada'], root);
  assert.equal(r.stdout.trim(), 'churn@1 tags: owner=ada, stage=review');
  r = mlops(['model', 'tag', 'churn@1', '--rm', 'stage', '--json'], root);
  assert.deepEqual(JSON.parse(r.stdout).tags, { owner: 'ada' });

  const out = tempWorkspace('mlops-cli-download-');
  r = mlops(['model', 'download', 'churn@1', '--to', 'model.pkl', '-w', root], out);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(fs.readFileSync(path.join(out, 'model.pkl'), 'utf8'), `weights of ${runs[0]}`);
  r = mlops(['model', 'download', 'churn@2', '--to', 'folder', '--json', '-w', root], out);
  assert.equal(JSON.parse(r.stdout).path, path.join(out, 'folder'));
  assert.equal(fs.readFileSync(path.join(out, 'folder/b.txt'), 'utf8'), 'b');

  r = mlops(['model', 'delete', 'churn@1', '--reason', 'superseded'], root);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Deleted churn@1\. Its artifact stays in the object cache until `mlops data gc`/);
  assert.deepEqual(JSON.parse(mlops(['model', 'versions', 'churn', '--json'], root).stdout).map((v: { version: number }) => v.version), [2]);
});

test('bad input: a clear message, exit 2, and the store unchanged', async () => {
  const { root, runs } = await workspace([0.8]);
  assert.equal(mlops(['model', 'register', 'churn', '--run', runs[0]], root).code, 0);
  assert.equal(mlops(['model', 'alias', 'set', 'churn', 'champion', '1', '--reason', 'first'], root).code, 0);
  fs.writeFileSync(path.join(root, 'exists.pkl'), 'x');
  const before = snapshot(root);
  const cases: [string[], RegExp][] = [
    [['model', 'show', 'nope@1'], /No model "nope" is registered \(models: churn\)/],
    [['model', 'show', 'churn@prod'], /Model churn has no alias "prod" \(aliases: champion, latest\)/],
    [['model', 'show', 'churn@4'], /churn@4 does not exist: versions of churn: 1/],
    [['model', 'show', 'churn@x.y'], /"churn@x\.y" is not a model reference/],
    [['model', 'register', 'churn', '--run', runs[0], '--artifact', 'missing.pkl'], /The artifact missing\.pkl does not exist/],
    [['model', 'register', 'churn', '--run', 'nosuch'], /No run "nosuch"/],
    [['model', 'register', 'churn'], /register needs --run RUN/],
    [['model', 'register', 'churn', '--run', runs[0], '--tag', 'novalue'], /"novalue" is not a tag: write KEY=VALUE/],
    [['model', 'delete', 'churn@1', '--reason', 'old'], /churn@1 is in use: churn@champion points at it/],
    [['model', 'delete', 'churn@1'], /delete needs --reason TEXT/],
    [['model', 'tag', 'churn@1', '--rm', 'nosuch'], /churn@1 has no tag nosuch to remove/],
    [['model', 'download', 'churn@1', '--to', 'exists.pkl'], /exists\.pkl already exists/],
    [['model', 'alias', 'set', 'churn', 'latest', '1', '--reason', 'x'], /"latest" is automatic/],
    [['model', 'alias', 'set', 'churn', 'champion', 'two', '--reason', 'x'], /"two" is not a version number/],
    [['model', 'alias', 'set', 'churn', 'canary', '1'], /alias set needs --reason TEXT/],
    [['model', 'alias', 'rm', 'churn', 'canary', '--reason', 'x'], /Model churn has no alias "canary" to remove \(aliases: champion\)/],
    [['model', 'alias', 'history', 'nope'], /No model "nope"/],
    [['model', 'frobnicate'], /Unknown "model frobnicate"/],
  ];
  for (const [args, pattern] of cases) {
    const r = mlops(args, root);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, pattern, args.join(' '));
    assert.doesNotMatch(r.stderr, /internal error|at .*\.js:\d+/);
  }
  assert.equal(snapshot(root), before);
  assert.equal(fs.readFileSync(path.join(root, 'exists.pkl'), 'utf8'), 'x');
});

test('alias set runs the deploy hook with the model, version and artifact; a failing hook exits 1, the move stands', async () => {
  const hookPy = 'import os; open("deployed.txt", "w").write(os.environ["MLOPS_MODEL"] + " " + os.environ["MLOPS_VERSION"] + " " + open(os.environ["MLOPS_ARTIFACT"]).read())';
  const { root, runs } = await workspace([0.8, 0.9], { churn: { metric: 'auc', onAlias: { prod: `python3 -c '${hookPy}'`, broken: 'echo going down; exit 3' } } });
  for (const run of runs) assert.equal(mlops(['model', 'register', 'churn', '--run', run], root).code, 0);
  let r = mlops(['model', 'alias', 'set', 'churn', 'prod', '2', '--reason', 'ship'], root);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Deploy hook exited 0\./);
  assert.equal(fs.readFileSync(path.join(root, 'deployed.txt'), 'utf8'), `churn 2 weights of ${runs[1]}`);
  r = mlops(['model', 'alias', 'set', 'churn', 'broken', '1', '--reason', 'try'], root);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /going down/);
  assert.match(r.stdout, /Deploy hook exited 3: the alias moved, but the deploy failed/);
  assert.equal(JSON.parse(mlops(['model', 'show', 'churn@broken', '--json'], root).stdout).version, 1);
});

test('two processes registering at once get versions 1 and 2, and the audit chain stays whole', async () => {
  const { root, runs } = await workspace([0.8, 0.9]);
  const exits = await Promise.all(
    runs.map(
      (run) =>
        new Promise<number | null>((resolve) => {
          const child = spawnMlops(['model', 'register', 'churn', '--run', run], root);
          child.on('close', (code) => resolve(code));
        }),
    ),
  );
  assert.deepEqual(exits, [0, 0]);
  const versions = JSON.parse(mlops(['model', 'versions', 'churn', '--json'], root).stdout) as { version: number; runId: string }[];
  assert.deepEqual(versions.map((v) => v.version), [2, 1]);
  assert.deepEqual(versions.map((v) => v.runId).sort(), [...runs].sort());
  const store = Store.open(root);
  try {
    const chain = verifyAudit(store);
    assert.equal(chain.ok, true, JSON.stringify(chain));
    assert.equal(listAudit(store, { action: 'model.registered' }).length, 2);
  } finally {
    store.close();
  }
});
