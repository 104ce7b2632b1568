// `mlops sdk`: the Python helper outside a launched run. A real python3 -m venv (offline, no pip)
// gets the .pth file from the built CLI and then imports the module with no PYTHONPATH.
import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { PTH_FILE, withHelperOnPythonPath } from '../../../src/core/tracking/pythonHelperPath';
import { tempWorkspace } from '../tempWorkspace';
import { mlops } from './runCli';

const noPythonPath = (): NodeJS.ProcessEnv => {
  const env = { ...process.env };
  delete env.PYTHONPATH;
  delete env.VIRTUAL_ENV;
  return env;
};

test('mlops sdk path prints the folder holding mlops_workbench.py', () => {
  const dir = tempWorkspace();
  const r = mlops(['sdk', 'path'], dir);
  assert.equal(r.code, 0, r.stderr);
  const folder = r.stdout.trim();
  assert.ok(fs.existsSync(path.join(folder, 'mlops_workbench.py')), `no helper in ${folder}`);
  // The documented use: the folder on PYTHONPATH for a script started by hand.
  const imported = execFileSync('python3', ['-c', 'import mlops_workbench as mw; print(mw.__file__)'], { env: { ...noPythonPath(), PYTHONPATH: folder }, encoding: 'utf8' });
  assert.equal(path.dirname(imported.trim()), folder);
  assert.equal(mlops(['sdk', 'path', 'extra'], dir).code, 2);
});

test('mlops sdk install-pth makes a virtual environment import the helper, without PYTHONPATH', () => {
  const dir = tempWorkspace();
  const venv = path.join(dir, '.venv');
  execFileSync('python3', ['-m', 'venv', '--without-pip', venv]);
  const python = path.join(venv, 'bin', 'python');
  const importHelper = () => spawnSync(python, ['-c', 'import mlops_workbench as mw; print(mw.__file__)'], { env: noPythonPath(), encoding: 'utf8' });
  assert.notEqual(importHelper().status, 0, 'a fresh environment cannot import the helper');

  const r = mlops(['sdk', 'install-pth', '--python', python, '--json'], dir, noPythonPath());
  assert.equal(r.code, 0, r.stderr);
  const done = JSON.parse(r.stdout) as { pthFile: string; imported: string };
  const site = execFileSync(python, ['-c', "import sysconfig; print(sysconfig.get_paths()['purelib'])"], { encoding: 'utf8' }).trim();
  assert.equal(done.pthFile, path.join(site, PTH_FILE));
  const folder = mlops(['sdk', 'path'], dir).stdout.trim();
  assert.equal(fs.readFileSync(done.pthFile, 'utf8'), `${folder}\n`);
  const after = importHelper();
  assert.equal(after.status, 0, after.stderr);
  assert.equal(path.dirname(after.stdout.trim()), folder);
  assert.deepEqual(fs.readdirSync(site).filter((f) => f.includes('.tmp')), [], 'no temporary file is left behind');

  // The active environment is the default: VIRTUAL_ENV names it, as `source .venv/bin/activate` does.
  fs.rmSync(done.pthFile);
  const active = mlops(['sdk', 'install-pth'], dir, { ...noPythonPath(), VIRTUAL_ENV: venv });
  assert.equal(active.code, 0, active.stderr);
  assert.match(active.stdout, new RegExp(`^Wrote ${done.pthFile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `));
  assert.equal(importHelper().status, 0);
});

test('mlops sdk install-pth with an interpreter that does not exist exits 2 and names it', () => {
  const dir = tempWorkspace();
  const r = mlops(['sdk', 'install-pth', '--python', path.join(dir, 'no-python')], dir);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /No Python interpreter at ".*no-python": name one with --python PATH/);
  assert.doesNotMatch(r.stderr, /^\s+at /m, 'no stack trace');
  assert.equal(mlops(['sdk', 'frobnicate'], dir).code, 2);
});

test('withHelperOnPythonPath puts the folder first, keeps the rest and never leaves an empty entry', () => {
  const d = path.delimiter;
  assert.equal(withHelperOnPythonPath(undefined, '/sdk'), '/sdk');
  assert.equal(withHelperOnPythonPath('', '/sdk'), '/sdk');
  assert.equal(withHelperOnPythonPath(`/a${d}${d}/b`, '/sdk'), `/sdk${d}/a${d}/b`);
  assert.equal(withHelperOnPythonPath(`/a${d}/sdk`, '/sdk'), `/sdk${d}/a`, 'the folder is not listed twice');
});
