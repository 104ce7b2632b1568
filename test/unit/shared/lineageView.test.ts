// The Lineage panel's data: core's graph with each node's status and badges, and the protocol guard
// that the host's message passes and a graph with a dangling edge does not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lineageView, type LineageGraphShape } from '../../../src/shared/lineageData';
import { parseLineageToHost, parseLineageToWebview } from '../../../src/shared/protocol';

const graph: LineageGraphShape = {
  root: 'model-version:churn@2',
  direction: 'up',
  nodes: [
    { id: 'model-version:churn@2', kind: 'model-version', label: 'churn@2 (champion, latest)', ref: 'churn@2', details: { aliases: ['champion', 'latest'], artifactHash: 'ab'.repeat(32), metrics: { auc: 0.912345678, loss: null } } },
    { id: 'run:r1', kind: 'run', label: 'run train r1 (finished)', ref: 'r1', details: { id: 'r1', name: 'brave-otter-3', status: 'finished', experiment: 'train' } },
    { id: 'run:r0', kind: 'run', label: 'run r0 (deleted)', ref: null, details: { id: 'r0', deleted: true } },
    { id: 'dataset-version:train:data/train.csv@3', kind: 'dataset-version', label: 'train@3', ref: 'train@3', details: { hash: 'cd'.repeat(32), validation: { success: false, at: 1 }, profiled: true } },
    { id: 'dataset-version:eval:e.csv@1', kind: 'dataset-version', label: 'eval@1', ref: 'eval@1', details: { validation: null } },
    { id: 'monitor:m', kind: 'monitor', label: 'monitor m (last check: drift)', ref: 'm', details: { name: 'm',  latestCheck: { outcome: 'drift', driftShare: 0.5, batch: 'b.csv' } } },
    { id: 'code:r1', kind: 'code', label: 'code abc', ref: null, details: { commit: 'abcdef0123456789', dirty: true, diffObject: 'ee'.repeat(32) } },
    { id: 'params:r1', kind: 'params', label: 'lr=0.1', ref: null, details: { lr: 0.1 } },
  ],
  edges: [
    { from: 'model-version:churn@2', to: 'run:r1', relation: 'registered-from' },
    { from: 'run:r1', to: 'dataset-version:train:data/train.csv@3', relation: 'read' },
    { from: 'dataset-version:train:data/train.csv@3', to: 'monitor:m', relation: 'monitored-by' },
  ],
};

test('each node carries its status, badges and whether a click opens it', () => {
  const view = lineageView(graph);
  const byId = new Map(view.nodes.map((n) => [n.id, n]));
  const model = byId.get('model-version:churn@2')!;
  assert.equal(model.label, 'churn@2', 'the aliases are badges, not part of the label');
  assert.deepEqual(model.badges, ['champion', 'latest']);
  assert.ok(model.lines.includes('auc = 0.912346') && model.lines.includes('loss = NaN'), model.lines.join(' | '));
  assert.deepEqual(byId.get('run:r1')!.status, { text: 'finished', tone: 'ok' });
  assert.equal(byId.get('run:r1')!.label, 'run brave-otter-3', 'the state and id are the status and tooltip');
  assert.equal(byId.get('monitor:m')!.label, 'monitor m');
  assert.equal(byId.get('run:r0')!.label, 'run r0 (deleted)', 'a deleted run keeps the label core gives it');
  assert.equal(byId.get('run:r0')!.openable, false, 'a deleted run opens nothing');
  assert.deepEqual(byId.get('run:r0')!.status, { text: 'deleted', tone: 'warn' });
  assert.deepEqual(byId.get('dataset-version:train:data/train.csv@3')!.status, { text: 'fails', tone: 'bad' });
  assert.deepEqual(byId.get('dataset-version:eval:e.csv@1')!.status, { text: 'not validated', tone: 'none' });
  assert.deepEqual(byId.get('monitor:m')!.status, { text: 'drift', tone: 'bad' });
  assert.equal(byId.get('monitor:m')!.openable, false);
  assert.deepEqual(byId.get('code:r1')!.status, { text: 'uncommitted changes', tone: 'warn' });
  assert.equal(byId.get('code:r1')!.openable, true);
  assert.equal(byId.get('params:r1')!.openable, false);
  assert.deepEqual(view.nodes.map((n) => n.id), graph.nodes.map((n) => n.id), 'the graph order (root first) is kept');
});

test('the protocol passes the host message and refuses a graph whose edge leaves it', () => {
  const data = lineageView(graph);
  assert.ok(parseLineageToWebview({ type: 'lineage', title: 'Lineage: churn@2', data }));
  const dangling = { ...data, edges: [...data.edges, { from: 'run:r1', to: 'run:nowhere', relation: 'read' }] };
  assert.equal(parseLineageToWebview({ type: 'lineage', title: 't', data: dangling }), undefined);
  assert.equal(parseLineageToWebview({ type: 'lineage', title: 't', data: { ...data, root: 'run:nowhere' } }), undefined);
  assert.deepEqual(parseLineageToHost({ type: 'direction', direction: 'down' }), { type: 'direction', direction: 'down' });
  assert.equal(parseLineageToHost({ type: 'direction', direction: 'sideways' }), undefined);
  assert.equal(parseLineageToHost({ type: 'open', node: '' }), undefined);
  assert.equal(parseLineageToHost({ type: 'open', node: 'run:r1', extra: 1 }), undefined);
});
