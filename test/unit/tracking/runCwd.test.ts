// A run's `cwd` outside the workspace is a config problem at its line, `mlops run` refuses it with
// exit 2 before anything runs, and the launcher refuses it for ad-hoc runs too.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { formatProblem, loadConfig } from '../../../src/core/config/loadConfig';
import { emptyConfig } from '../../../src/core/config/types';
import { Store } from '../../../src/core/store/store';
import { launchRun } from '../../../src/core/tracking/launcher';
import { RunCwdError } from '../../../src/core/tracking/runCwd';
import { mlops } from '../cli/runCli';
import { tempWorkspace } from '../tempWorkspace';

function workspace() {
  const root = fs.realpathSync(tempWorkspace());
  const outside = fs.realpathSync(tempWorkspace());
  fs.mkdirSync(path.join(root, 'src'));
  fs.symlinkSync(outside, path.join(root, 'linked'));
  const runs = {
    up: { command: 'touch RAN', cwd: '..' },
    abs: { command: 'touch RAN', cwd: outside },
    viaLink: { command: 'touch RAN', cwd: 'linked' },
    fine: { command: 'touch RAN', cwd: 'src' },
  };
  fs.writeFileSync(path.join(root, 'mlops.json'), JSON.stringify({ runs }, null, 2));
  return { root, outside };
}

test('a run cwd outside the workspace, also through a symlink, is a problem at /runs/NAME/cwd', () => {
  const { root } = workspace();
  const problems = loadConfig(root).problems.map((p) => formatProblem('mlops.json', p));
  assert.deepEqual(
    problems.map((l) => l.split(': ')[0].replace(/^mlops\.json:\d+:\d+ /, '')),
    ['/runs/up/cwd', '/runs/abs/cwd', '/runs/viaLink/cwd'],
    problems.join('\n'),
  );
  for (const l of problems) assert.match(l, /is outside the workspace .*: give "cwd" as a folder inside it/);
});

test('mlops run refuses a cwd outside the workspace with exit 2, and nothing runs', () => {
  const { root, outside } = workspace();
  for (const name of ['up', 'abs', 'viaLink']) {
    const r = mlops(['run', name], root);
    assert.equal(r.code, 2, `${name}: ${r.stderr}`);
    assert.match(r.stderr, new RegExp(`/runs/${name}/cwd: the run's working folder .* is outside the workspace`));
  }
  assert.ok(!fs.existsSync(path.join(outside, 'RAN')) && !fs.existsSync(path.join(path.dirname(root), 'RAN')));
  assert.equal(JSON.parse(mlops(['runs', 'list', '--json'], root).stdout).length, 0);
});

test('the launcher refuses a cwd outside the workspace before recording or starting anything', () => {
  const { root, outside } = workspace();
  const store = Store.open(root);
  const spec = { workspaceRoot: root, store, config: emptyConfig(), command: 'touch RAN', experiment: 'adhoc', params: {}, sdkDir: root };
  assert.throws(() => launchRun({ ...spec, cwd: outside }), RunCwdError);
  assert.throws(() => launchRun({ ...spec, cwd: 'linked' }), RunCwdError);
  assert.throws(() => launchRun({ ...spec, cwd: 'missing' }), /does not exist/);
  assert.ok(!fs.existsSync(path.join(outside, 'RAN')));
  assert.equal(store.db.prepare('SELECT COUNT(*) AS n FROM runs').get<{ n: number }>()!.n, 0);
  store.close();
});
