// A run registers a model version when it finishes successfully: from mlops.json's `registers`, or
// from the Python helper's register_model. Real runs through the launcher, a real store.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { listAudit } from '../../../src/core/audit/auditQuery';
import { emptyConfig } from '../../../src/core/config/types';
import { readObject } from '../../../src/core/data/objectCache';
import { listModels, listVersions, versionsFromRun } from '../../../src/core/registry/modelVersions';
import { Store } from '../../../src/core/store/store';
import { parseEventLine } from '../../../src/core/tracking/events';
import { launchRun, type LaunchSpec } from '../../../src/core/tracking/launcher';
import { getArtifacts } from '../../../src/core/tracking/runRecords';
import { tempWorkspace } from '../tempWorkspace';

const sdkDir = path.resolve(__dirname, '../../../src/sdk/python');

function workspace() {
  const root = tempWorkspace();
  const store = Store.open(root);
  const spec = (over: Partial<LaunchSpec>): LaunchSpec => ({ workspaceRoot: root, store, config: emptyConfig(), command: 'true', experiment: 'test', params: {}, sdkDir, ...over });
  return { root, store, spec };
}

const outputLog = (folder: string) => fs.readFileSync(path.join(folder, 'output.log'), 'utf8');

test('register_model in a Python run registers the stored file with the run, its metrics, description and tags', async () => {
  const { root, store, spec } = workspace();
  fs.writeFileSync(
    path.join(root, 'train.py'),
    `import json, mlops_workbench as mw
mw.log_metric("auc", 0.91)
json.dump({"w": 3}, open("model.json", "w"))
mw.register_model("churn", "model.json", description="first fit", tags={"team": "growth", "epochs": 3})
`,
  );
  const h = launchRun(spec({ command: 'python3 train.py' }));
  const outcome = await h.done;
  assert.deepEqual([outcome.status, outcome.exitCode], ['finished', 0], outputLog(h.folder));
  const [v] = versionsFromRun(store, h.runId);
  assert.ok(v, `no version registered; output:\n${outputLog(h.folder)}`);
  assert.deepEqual([v.model, v.version, v.runId, v.artifact.path, v.artifact.kind], ['churn', 1, h.runId, 'model.json', 'file']);
  assert.deepEqual(JSON.parse(readObject(root, v.artifact.hash).toString()), { w: 3 });
  assert.equal(v.artifact.hash, getArtifacts(store, h.runId)[0].hash, 'the version holds the bytes the run stored');
  assert.equal(v.description, 'first fit');
  assert.deepEqual(v.tags, { team: 'growth', epochs: '3' });
  assert.deepEqual(v.metrics, { auc: 0.91 });
  assert.match(outputLog(h.folder), /\[mlops\] registered churn@1 from model\.json/);
  assert.equal(listAudit(store, { object: 'churn@1', action: 'model.registered' }).length, 1);
});

test('runs.NAME.registers registers the run\'s only output when the run succeeds', async () => {
  const { root, store, spec } = workspace();
  const h = launchRun(spec({ command: 'printf weights > model.bin', outputs: ['model.bin'], registers: { model: 'churn' } }));
  assert.equal((await h.done).status, 'finished');
  const versions = listVersions(store, 'churn');
  assert.deepEqual(versions.map((v) => [v.version, v.runId, v.artifact.path]), [[1, h.runId, 'model.bin']]);
  assert.equal(readObject(root, versions[0].artifact.hash).toString(), 'weights');
  // A second run makes version 2.
  const again = launchRun(spec({ command: 'printf weights2 > model.bin', outputs: ['model.bin'], registers: { model: 'churn' } }));
  await again.done;
  assert.deepEqual(listVersions(store, 'churn').map((v) => [v.version, v.runId]), [[2, again.runId], [1, h.runId]]);
});

test('registers.artifact names a folder the run wrote; it is registered as a directory', async () => {
  const { store, spec } = workspace();
  const h = launchRun(spec({ command: 'mkdir -p out/model && printf a > out/model/a.txt && printf b > out/model/b.txt', registers: { model: 'churn', artifact: 'out/model' } }));
  assert.equal((await h.done).status, 'finished');
  const [v] = listVersions(store, 'churn');
  assert.deepEqual([v.artifact.kind, v.artifact.path, v.artifact.size], ['directory', 'out/model', 2]);
});

test('a failed run registers nothing, though it asked to', async () => {
  const { store, spec } = workspace();
  fs.writeFileSync(path.join(store.root, 'train.py'), 'import mlops_workbench as mw\nopen("m.txt", "w").write("x")\nmw.register_model("churn", "m.txt")\nraise SystemExit(3)\n');
  const h = launchRun(spec({ command: 'python3 train.py', outputs: ['m.txt'], registers: { model: 'other' } }));
  assert.deepEqual([(await h.done).status, (await h.done).exitCode], ['failed', 3]);
  assert.deepEqual(listModels(store), []);
  assert.doesNotMatch(outputLog(h.folder), /registered/);
});

test('a registration that cannot be made is reported in the output and the run stays finished; the others still register', async () => {
  const { store, spec } = workspace();
  fs.writeFileSync(path.join(store.root, 'train.py'), 'import mlops_workbench as mw\nopen("good.txt", "w").write("g")\nmw.register_model("good", "good.txt")\n');
  const lines: string[] = [];
  const h = launchRun(
    spec({ command: 'python3 train.py', registers: { model: 'churn', artifact: 'missing.bin' }, onOutput: (d, stream) => stream === 'stderr' && lines.push(d.toString()) }),
  );
  const outcome = await h.done;
  assert.deepEqual([outcome.status, outcome.exitCode], ['finished', 0]);
  const log = outputLog(h.folder);
  assert.match(log, /\[mlops\] could not register model churn from missing\.bin: The artifact missing\.bin does not exist.* \(the run itself finished\)\n/);
  assert.match(lines.join(''), /could not register model churn/, 'the terminal is told too');
  assert.deepEqual(listModels(store).map((m) => [m.name, m.versions]), [['good', 1]]);
});

test('register events: the line format, and what a malformed one says', () => {
  assert.deepEqual(parseEventLine('{"type":"register","model":"churn","path":"m.pkl","description":"d","tags":{"a":"b"}}'), {
    type: 'register',
    model: 'churn',
    path: 'm.pkl',
    description: 'd',
    tags: { a: 'b' },
  });
  assert.deepEqual(parseEventLine('{"type":"register","model":"churn","path":"m.pkl"}'), { type: 'register', model: 'churn', path: 'm.pkl', description: undefined, tags: {} });
  assert.equal(parseEventLine('{"type":"register","path":"m.pkl"}'), 'register without a "model" string');
  assert.equal(parseEventLine('{"type":"register","model":"churn"}'), 'register of model "churn" without a "path" string');
  assert.equal(parseEventLine('{"type":"register","model":"churn","path":"m","tags":{"a":1}}'), 'register of model "churn" has "tags" that are not an object of strings');
  assert.equal(parseEventLine('{"type":"register","model":"churn","path":"m","description":5}'), 'register of model "churn" has a non-string "description"');
});
