import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { layoutDag } from '../../../src/core/pipelines/dagLayout';

const opts = { nodeWidth: 100, nodeHeight: 40, layerGap: 50, nodeGap: 10, margin: 5 };
const byId = (l: ReturnType<typeof layoutDag>) => new Map(l.nodes.map((n) => [n.id, n]));

test('layers follow the longest path: every edge points to a later layer', () => {
  const edges = [
    { from: 'prepare', to: 'featurize' },
    { from: 'featurize', to: 'train' },
    { from: 'prepare', to: 'train' },
    { from: 'train', to: 'evaluate' },
    { from: 'prepare', to: 'evaluate' },
  ];
  const l = layoutDag(['prepare', 'featurize', 'train', 'evaluate', 'lonely'], edges, opts);
  const n = byId(l);
  assert.deepEqual(['prepare', 'featurize', 'train', 'evaluate', 'lonely'].map((id) => n.get(id)!.layer), [0, 1, 2, 3, 0]);
  for (const e of edges) assert.ok(n.get(e.from)!.layer < n.get(e.to)!.layer);
  assert.equal(l.width, 5 * 2 + 4 * 150 - 50);
  assert.equal(n.get('train')!.x, 5 + 2 * 150);
});

test('an edge across layers bends through a waypoint in each layer between, and boxes do not overlap', () => {
  const l = layoutDag(['a', 'b', 'c', 'd'], [{ from: 'a', to: 'b' }, { from: 'b', to: 'c' }, { from: 'a', to: 'd' }, { from: 'c', to: 'd' }], opts);
  const long = l.edges[2];
  // out of a, through layers 1 and 2 (two points each), into d.
  assert.equal(long.points.length, 2 + 2 * 2);
  assert.deepEqual(long.points[0], { x: 5 + 100, y: byId(l).get('a')!.y + 20 });
  assert.equal(long.points.at(-1)!.x, byId(l).get('d')!.x);
  // The waypoint takes a slot of its layer: b and the waypoint share layer 1 without overlapping.
  const mids = long.points.slice(1, 3).map((p) => p.y);
  assert.notEqual(mids[0], byId(l).get('b')!.y + 20);
  for (const x of l.nodes) for (const y of l.nodes) if (x !== y && x.layer === y.layer) assert.ok(Math.abs(x.y - y.y) >= 50);
});

test('barycenter ordering removes the crossings of a crossed input order', () => {
  // Input order crosses: a1->b2, a2->b1. After ordering, none.
  const edges = [
    { from: 'a1', to: 'b2' },
    { from: 'a2', to: 'b1' },
    { from: 'a3', to: 'b3' },
    { from: 'a1', to: 'b4' },
  ];
  const l = layoutDag(['a1', 'a2', 'a3', 'b1', 'b2', 'b3', 'b4'], edges, opts);
  assert.equal(l.crossings, 0);
  const n = byId(l);
  for (let i = 0; i < edges.length; i++) {
    for (let j = i + 1; j < edges.length; j++) {
      const [p, q] = [edges[i], edges[j]];
      assert.ok((n.get(p.from)!.order - n.get(q.from)!.order) * (n.get(p.to)!.order - n.get(q.to)!.order) >= 0, `${p.from}->${p.to} crosses ${q.from}->${q.to}`);
    }
  }
});

test('deterministic: the same graph gives the same layout; a cycle or unknown node does not hang it', () => {
  const nodes = ['s', 'x', 'y', 'z', 't'];
  const edges = [{ from: 's', to: 'y' }, { from: 's', to: 'x' }, { from: 'x', to: 't' }, { from: 'z', to: 't' }, { from: 'y', to: 't' }];
  assert.deepEqual(layoutDag(nodes, edges, opts), layoutDag(nodes, edges, opts));
  const cyclic = layoutDag(['p', 'q'], [{ from: 'p', to: 'q' }, { from: 'q', to: 'p' }, { from: 'p', to: 'ghost' }], opts);
  assert.equal(cyclic.nodes.length, 2);
  assert.deepEqual(cyclic.edges[2].points, []);
  const empty = layoutDag([], [], opts);
  assert.equal(empty.nodes.length, 0);
});
