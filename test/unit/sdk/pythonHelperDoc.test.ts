// docs/python-helper.md's snippet works as written: run through the built CLI as the page says
// (`mlops run -- python3 fit.py`), it records its params, 30 points of each metric and its artifact.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { mlops } from '../cli/runCli';
import { tempWorkspace } from '../tempWorkspace';

const page = fs.readFileSync(path.resolve(__dirname, '../../../docs/python-helper.md'), 'utf8');

test('the first Python snippet of docs/python-helper.md runs as a recorded run', () => {
  const snippet = /```python\n([\s\S]*?)```/.exec(page)?.[1];
  assert.ok(snippet, 'the page has a Python snippet');
  assert.match(page, /Save it as `fit\.py` in a workspace[^]*?run it with\s+`mlops run -- python3 fit\.py`/, 'the page says how it runs');
  const dir = tempWorkspace();
  fs.writeFileSync(path.join(dir, 'mlops.json'), '{}\n');
  fs.writeFileSync(path.join(dir, 'fit.py'), snippet);
  const env = { ...process.env, PYTHONPATH: '' };
  const r = mlops(['run', '--', 'python3', 'fit.py'], dir, env);
  assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
  const [run] = JSON.parse(mlops(['runs', 'list', '--json'], dir).stdout) as { id: string; status: string }[];
  assert.equal(run.status, 'finished');
  const shown = JSON.parse(mlops(['runs', 'show', run.id, '--json'], dir).stdout) as {
    params: Record<string, unknown>;
    metrics: Record<string, { count: number }>;
    artifacts: { path: string }[];
    malformedLines: number;
  };
  assert.deepEqual(shown.params, { lr: 0.05, epochs: 30 });
  assert.equal(shown.metrics['train/loss'].count, 30);
  assert.equal(shown.metrics.weight.count, 30);
  assert.deepEqual(shown.artifacts.map((a) => a.path), ['model.json']);
  assert.equal(shown.malformedLines, 0);
});
