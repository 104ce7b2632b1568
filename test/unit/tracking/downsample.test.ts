import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { bucketLayout, downsample, type XYPoint } from '../../../src/core/tracking/downsample';

/** A deterministic noisy series (no Math.random: failures must reproduce). */
function series(n: number, f: (i: number) => number = (i) => Math.sin(i / 500) + 0.1 * Math.sin(i * 12.9898)): XYPoint[] {
  return Array.from({ length: n }, (_, i) => ({ id: i, x: i, y: f(i) }));
}

const ids = (pts: XYPoint[]) => new Set(pts.map((p) => p.id));

test('a short series passes through unchanged, band equal to each value', () => {
  const pts = series(50);
  const d = downsample(pts, 100);
  assert.deepEqual(d.points, pts);
  assert.deepEqual(d.lo, pts.map((p) => p.y));
  assert.deepEqual(d.hi, pts.map((p) => p.y));
});

test('output size is close to the target and never above it; first and last are kept', () => {
  for (const [n, target] of [[10_000, 200], [100_000, 2000], [5_000, 4999], [1000, 10]]) {
    const pts = series(n);
    const d = downsample(pts, target);
    assert.ok(d.points.length <= target, `${n} -> ${d.points.length} > ${target}`);
    assert.ok(d.points.length >= target * 0.6, `${n} -> only ${d.points.length} for ${target}`);
    assert.equal(d.points[0].id, 0);
    assert.equal(d.points[d.points.length - 1].id, n - 1);
    for (let i = 1; i < d.points.length; i++) assert.ok(d.points[i].x > d.points[i - 1].x, 'x order');
  }
});

test('a single-step spike (up or down) survives, wherever it is', () => {
  for (const at of [1, 777, 5_000, 9_998]) {
    const pts = series(10_000);
    pts[at].y = 50;
    pts[at + 1 < 10_000 ? at + 1 : at - 1].y = -50;
    const kept = ids(downsample(pts, 100).points);
    assert.ok(kept.has(at), `spike at ${at} lost`);
    assert.ok(kept.has(at + 1 < 10_000 ? at + 1 : at - 1), `dip next to ${at} lost`);
  }
});

test('the min and max of every output bucket are kept, and the band is that bucket envelope', () => {
  const pts = series(20_000);
  const target = 300;
  const d = downsample(pts, target);
  const layout = bucketLayout(pts[0].x, pts[pts.length - 1].x, target);
  const subs = layout.edges.length - 1;
  const kept = ids(d.points);
  for (let k = 0; k < layout.buckets; k++) {
    const from = layout.edges[(k * subs) / layout.buckets];
    const to = layout.edges[((k + 1) * subs) / layout.buckets];
    const inBucket = pts.filter((p) => p.x >= from && (p.x < to || (k === layout.buckets - 1 && p.x <= to)));
    const min = inBucket.reduce((a, b) => (b.y < a.y ? b : a));
    const max = inBucket.reduce((a, b) => (b.y > a.y ? b : a));
    assert.ok(kept.has(min.id), `bucket ${k}: min lost`);
    assert.ok(kept.has(max.id), `bucket ${k}: max lost`);
    const i = d.points.findIndex((p) => p.id === max.id);
    assert.equal(d.lo[i], min.y);
    assert.equal(d.hi[i], max.y);
  }
});

test('deterministic: the same input gives the same output', () => {
  const pts = series(30_000);
  assert.deepEqual(downsample(pts, 500), downsample(pts, 500));
});

test('NaN is kept as a gap and ±Infinity is kept, without breaking the selection', () => {
  const pts = series(10_000);
  for (let i = 4000; i < 4100; i++) pts[i].y = NaN;
  pts[7000].y = Infinity;
  pts[8000].y = -Infinity;
  const d = downsample(pts, 200);
  assert.ok(d.points.length <= 200);
  const nan = d.points.filter((p) => Number.isNaN(p.y));
  assert.ok(nan.length >= 1, 'the NaN gap disappeared');
  assert.ok(nan.every((p) => p.x >= 4000 && p.x < 4100));
  const kept = ids(d.points);
  assert.ok(kept.has(7000) && kept.has(8000), 'infinities dropped');
  // Points around the gap are still real values: the gap does not swallow its neighbours.
  assert.ok(d.points.some((p) => p.x < 4000 && p.x > 3800) && d.points.some((p) => p.x >= 4100 && p.x < 4300));
  assert.ok(d.lo.every((v, i) => Number.isNaN(d.points[i].y) || !Number.isNaN(v) || Number.isNaN(d.hi[i])));
});

test('an all-NaN series still keeps first and last', () => {
  const pts = series(1000, () => NaN);
  const d = downsample(pts, 50);
  assert.equal(d.points[0].id, 0);
  assert.equal(d.points[d.points.length - 1].id, 999);
  assert.ok(d.points.length <= 50);
});

test('irregular x (sparse steps) and a constant series', () => {
  const sparse = series(5000).map((p) => ({ ...p, x: p.id * p.id }));
  const d = downsample(sparse, 100);
  assert.ok(d.points.length <= 100 && d.points.length > 10);
  const flat = downsample(series(5000, () => 1), 100);
  assert.ok(flat.points.length <= 100);
  assert.ok(flat.lo.every((v) => v === 1) && flat.hi.every((v) => v === 1));
});
