// register_model in src/sdk/python/mlops_workbench.py against a real python3: the line it writes
// (read back as the ingester parses it), what it refuses, and outside a run.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { parseEventLine } from '../../../src/core/tracking/events';
import { tempWorkspace } from '../tempWorkspace';

const HELPER_DIR = path.resolve(__dirname, '../../../src/sdk/python');

function python(code: string, inRun: boolean): { code: number | null; stderr: string; events: string[]; dir: string } {
  const dir = tempWorkspace('mlops-pyregister-');
  const events = path.join(dir, 'events.jsonl');
  const env: NodeJS.ProcessEnv = { ...process.env, PYTHONPATH: HELPER_DIR, PYTHONDONTWRITEBYTECODE: '1' };
  delete env.MLOPS_RUN_ID;
  delete env.MLOPS_EVENTS_FILE;
  delete env.MLOPS_WORKSPACE;
  if (inRun) Object.assign(env, { MLOPS_RUN_ID: 'r1', MLOPS_EVENTS_FILE: events, MLOPS_WORKSPACE: dir });
  fs.mkdirSync(path.join(dir, 'out'));
  fs.writeFileSync(path.join(dir, 'out', 'model.pkl'), 'w');
  const r = spawnSync('python3', ['-c', code], { cwd: path.join(dir, 'out'), env, encoding: 'utf8' });
  const lines = fs.existsSync(events) ? fs.readFileSync(events, 'utf8').split('\n').filter(Boolean) : [];
  return { code: r.status, stderr: r.stderr, events: lines, dir };
}

test('register_model writes one register event with the workspace-relative path, description and string tags', () => {
  const r = python('import mlops_workbench as mw\nmw.register_model("churn", "model.pkl", description="weekly", tags={"team": "growth", "epochs": 3, "ok": True})', true);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.events.length, 1);
  assert.deepEqual(parseEventLine(r.events[0]), { type: 'register', model: 'churn', path: 'out/model.pkl', description: 'weekly', tags: { team: 'growth', epochs: '3', ok: 'True' } });
  const bare = python('import mlops_workbench as mw\nmw.register_model("churn", "model.pkl")', true);
  assert.deepEqual(JSON.parse(bare.events[0]), { type: 'register', model: 'churn', path: 'out/model.pkl' });
});

test('register_model refuses a bad name, description or tags with a TypeError or ValueError, writing nothing', () => {
  for (const [call, message] of [
    ['mw.register_model(3, "model.pkl")', /TypeError: mlops_workbench: model name must be a str, got int/],
    ['mw.register_model("", "model.pkl")', /ValueError: mlops_workbench: model name must be a non-empty string/],
    ['mw.register_model("churn", "model.pkl", description=5)', /TypeError: mlops_workbench: description must be a str, got int/],
    ['mw.register_model("churn", "model.pkl", tags=["a"])', /TypeError: mlops_workbench: tags must be a dict, got list/],
    ['mw.register_model("churn", "")', /ValueError: mlops_workbench: artifact path must be a non-empty string/],
  ] as const) {
    const r = python(`import mlops_workbench as mw\n${call}`, true);
    assert.equal(r.code, 1, call);
    assert.match(r.stderr, message, call);
    assert.deepEqual(r.events, [], call);
  }
});

test('outside a run register_model does nothing after the one warning', () => {
  const r = python('import mlops_workbench as mw\nmw.register_model("churn", "model.pkl")\nprint("done")', false);
  assert.equal(r.code, 0);
  assert.match(r.stderr, /not inside an MLOps run/);
  assert.ok(!fs.existsSync(path.join(r.dir, 'events.jsonl')));
});
