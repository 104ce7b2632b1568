import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { Store } from '../../../src/core/store/store';
import { parseEventLine } from '../../../src/core/tracking/events';
import { EventIngestor, ingestProblems } from '../../../src/core/tracking/ingest';
import { metricHistory, metricSummaries } from '../../../src/core/tracking/metricRecords';
import { getArtifacts, getRun, getTags, insertRun } from '../../../src/core/tracking/runRecords';
import { tempWorkspace } from '../tempWorkspace';

function setup() {
  const root = tempWorkspace();
  const store = Store.open(root);
  insertRun(store, { id: 'r1', name: 'r1', experiment: 'e', status: 'running', command: 'x', cwd: '.', params: { lr: 0.1 }, createdAt: 1 });
  const file = path.join(root, 'events.jsonl');
  fs.writeFileSync(file, '');
  return { root, store, file };
}

test('parses the four event shapes and the non-finite strings', () => {
  assert.deepEqual(parseEventLine('{"type":"metric","key":"loss","value":0.31,"step":3,"timestamp":1764241200123}'), { type: 'metric', key: 'loss', value: 0.31, step: 3, timestamp: 1764241200123 });
  assert.ok(Number.isNaN((parseEventLine('{"type":"metric","key":"l","value":"NaN"}') as { value: number }).value));
  assert.equal((parseEventLine('{"type":"metric","key":"l","value":"-Infinity"}') as { value: number }).value, -Infinity);
  assert.deepEqual(parseEventLine('{"type":"param","key":"lr","value":0.01}'), { type: 'param', key: 'lr', value: 0.01 });
  assert.deepEqual(parseEventLine('{"type":"tag","key":"k","value":"v"}'), { type: 'tag', key: 'k', value: 'v' });
  assert.deepEqual(parseEventLine('{"type":"artifact","path":"model.pkl"}'), { type: 'artifact', path: 'model.pkl' });
  for (const bad of ['{', '[]', '{"type":"metric","key":"","value":1}', '{"type":"metric","key":"a","value":"x"}', '{"type":"metric","key":"a","value":1,"step":1.5}', '{"type":"nope"}']) {
    assert.equal(typeof parseEventLine(bad), 'string', bad);
  }
});

test('ingests metrics, params, tags and artifacts; NaN and infinities survive the store', () => {
  const { store, file } = setup();
  fs.appendFileSync(
    file,
    [
      '{"type":"metric","key":"loss","value":1.5,"step":0,"timestamp":10}',
      '{"type":"metric","key":"loss","value":"NaN","step":1,"timestamp":11}',
      '{"type":"metric","key":"loss","value":"Infinity","step":2,"timestamp":12}',
      '{"type":"param","key":"depth","value":5}',
      '{"type":"tag","key":"stage","value":"dev"}',
      '{"type":"artifact","path":"model.json"}',
    ].join('\n') + '\n',
  );
  const r = new EventIngestor(store, 'r1', file).ingest();
  assert.deepEqual([r.lines, r.metrics, r.artifacts], [6, 3, ['model.json']]);
  const values = metricHistory(store, 'r1', 'loss').map((p) => p.value);
  assert.equal(values[0], 1.5);
  assert.ok(Number.isNaN(values[1]));
  assert.equal(values[2], Infinity);
  assert.deepEqual(getRun(store, 'r1')!.params, { lr: 0.1, depth: 5 });
  assert.deepEqual(getTags(store, 'r1'), { stage: 'dev' });
  assert.deepEqual(getArtifacts(store, 'r1'), [{ path: 'model.json', hash: '', size: 0 }]);
  assert.deepEqual(metricSummaries(store, 'r1').loss, { last: Infinity, min: 1.5, max: Infinity, step: 2, count: 3 });
});

test('a partial last line waits; a restart resumes at the stored offset with nothing doubled', () => {
  const { store, file } = setup();
  fs.appendFileSync(file, '{"type":"metric","key":"a","value":1,"step":0}\n{"type":"metric","key":"a","val');
  assert.equal(new EventIngestor(store, 'r1', file).ingest().metrics, 1);
  // A new ingestor stands for a restarted CLI or VS Code: it only knows what the store knows.
  fs.appendFileSync(file, 'ue":2,"step":1}\n');
  assert.equal(new EventIngestor(store, 'r1', file).ingest().metrics, 1);
  assert.equal(new EventIngestor(store, 'r1', file).ingest().metrics, 0);
  assert.deepEqual(metricHistory(store, 'r1', 'a').map((p) => [p.step, p.value]), [[0, 1], [1, 2]]);
});

test('omitted steps count up per key, continuing after an explicit step and across restarts', () => {
  const { store, file } = setup();
  fs.appendFileSync(file, '{"type":"metric","key":"a","value":1}\n{"type":"metric","key":"a","value":1}\n{"type":"metric","key":"b","value":1}\n{"type":"metric","key":"a","value":1,"step":10}\n');
  new EventIngestor(store, 'r1', file).ingest();
  fs.appendFileSync(file, '{"type":"metric","key":"a","value":1}\n');
  new EventIngestor(store, 'r1', file).ingest();
  assert.deepEqual(metricHistory(store, 'r1', 'a').map((p) => p.step), [0, 1, 10, 11]);
  assert.deepEqual(metricHistory(store, 'r1', 'b').map((p) => p.step), [0]);
});

test('malformed lines are counted and reported by line number, never fatal', () => {
  const { store, file } = setup();
  fs.appendFileSync(file, '{"type":"metric","key":"a","value":1}\nnot json\n\n{"type":"metric","key":"a"}\r\n{"type":"metric","key":"a","value":2}\n');
  const r = new EventIngestor(store, 'r1', file).ingest();
  assert.equal(r.metrics, 2);
  assert.deepEqual(r.problems.map((p) => p.line), [2, 4]);
  const stored = ingestProblems(store, 'r1');
  assert.equal(stored.count, 2);
  assert.match(stored.first[1].message, /no numeric "value"/);
});

test('a missing events file is not an error', () => {
  const { store, root } = setup();
  assert.equal(new EventIngestor(store, 'r1', path.join(root, 'nope.jsonl')).ingest().lines, 0);
});
