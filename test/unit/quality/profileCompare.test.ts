import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { overlayHistograms, profileColumns, rebin, sharedEdges } from '../../../src/core/quality/profileCompare';
import { histogramCounts, sturgesEdges } from '../../../src/core/quality/numpyStats';
import { profileFile } from '../../../src/core/quality/profile';
import { tempWorkspace } from '../tempWorkspace';
import * as fs from 'node:fs';
import * as path from 'node:path';

const close = (actual: number[], expected: number[], eps = 1e-9) => {
  assert.equal(actual.length, expected.length, `${actual.join(', ')} vs ${expected.join(', ')}`);
  actual.forEach((x, i) => assert.ok(Math.abs(x - expected[i]) <= eps, `bin ${i}: ${x} vs ${expected[i]} (${actual.join(', ')})`));
};
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

test('identical edges are kept, and counts come back unchanged', () => {
  const h = { edges: [0, 1, 2, 3], counts: [3, 0, 7] };
  assert.deepEqual(sharedEdges(h, h), [0, 1, 2, 3]);
  assert.deepEqual(rebin(h, h.edges), [3, 0, 7]);
});

test('shared edges span both histograms with the finer bin width', () => {
  const a = { edges: [0, 2, 4], counts: [1, 1] };
  const b = { edges: [3, 4, 5, 6, 7], counts: [1, 1, 1, 1] };
  // 0..7 in bins of width 1 (b's).
  close(sharedEdges(a, b), [0, 1, 2, 3, 4, 5, 6, 7]);
});

test('the number of shared bins is bounded for very different scales', () => {
  const a = { edges: [0, 0.001], counts: [5] };
  const b = { edges: [0, 500, 1000], counts: [1, 1] };
  const edges = sharedEdges(a, b);
  assert.equal(edges.length - 1, 60);
  assert.equal(edges[0], 0);
  assert.equal(edges.at(-1), 1000);
});

test('rebinning splits a bin by overlap and keeps the total', () => {
  // One bin 0..2 with 10 values onto 0..1..2..3: half and half, none past 2.
  close(rebin({ edges: [0, 2], counts: [10] }, [0, 1, 2, 3]), [5, 5, 0]);
  // Bins 0..3 (6) and 3..6 (3) onto 0..2..4..6: 4, 2+1, 2.
  const out = rebin({ edges: [0, 3, 6], counts: [6, 3] }, [0, 2, 4, 6]);
  close(out, [4, 3, 2]);
  assert.equal(sum(out), 9);
});

test('rebinning a sturges histogram onto shared edges keeps each total', () => {
  const x = [1, 2, 2, 3, 3, 3, 4, 4, 5, 9];
  const y = [4, 5, 6, 6, 7, 8, 12, 15];
  const hx = { edges: sturgesEdges(x.length, 1, 9, true)!, counts: [] as number[] };
  hx.counts = histogramCounts(x, hx.edges);
  const hy = { edges: sturgesEdges(y.length, 4, 15, true)!, counts: [] as number[] };
  hy.counts = histogramCounts(y, hy.edges);
  const o = overlayHistograms(hx, hy);
  assert.equal(o.a.length, o.edges.length - 1);
  assert.equal(o.b.length, o.edges.length - 1);
  assert.ok(Math.abs(sum(o.a) - x.length) < 1e-9);
  assert.ok(Math.abs(sum(o.b) - y.length) < 1e-9);
  assert.equal(o.edges[0], 1);
  assert.equal(o.edges.at(-1), 15);
  // Nothing of x lands past its max, nothing of y before its min.
  o.edges.slice(0, -1).forEach((lo, i) => {
    if (lo >= 9) assert.equal(o.a[i], 0, `x has no value in [${lo}, ${o.edges[i + 1]})`);
    if (o.edges[i + 1] <= 4) assert.equal(o.b[i], 0, `y has no value in [${lo}, ${o.edges[i + 1]})`);
  });
});

test('a bin of no width goes whole to the bin holding its value; the last bin is closed', () => {
  close(rebin({ edges: [2, 2], counts: [4] }, [0, 1, 2, 3]), [0, 0, 4]);
  close(rebin({ edges: [3, 3], counts: [4] }, [0, 1, 2, 3]), [0, 0, 4]);
});

test('profileColumns pairs columns by name, overlays histograms and groups top values', async () => {
  const ws = tempWorkspace();
  const a = path.join(ws, 'a.csv');
  const b = path.join(ws, 'b.csv');
  fs.writeFileSync(a, 'x,color,gone\n1,red,1\n2,red,1\n3,blue,1\n4,green,1\n');
  fs.writeFileSync(b, 'x,color,new\n10,red,a\n20,blue,b\n30,blue,c\n');
  const [pa, pb] = [await profileFile(a), await profileFile(b)];
  const cols = profileColumns([pa, pb]);
  assert.deepEqual(cols.map((c) => [c.name, c.only]), [['x', undefined], ['color', undefined], ['gone', 0], ['new', 1]]);
  const x = cols[0];
  assert.equal(x.histogram!.counts.length, 2);
  assert.ok(Math.abs(sum(x.histogram!.counts[0]) - 4) < 1e-9);
  assert.ok(Math.abs(sum(x.histogram!.counts[1]) - 3) < 1e-9);
  assert.equal(x.histogram!.edges[0], 1);
  assert.equal(x.histogram!.edges.at(-1), 30);
  const color = cols[1];
  assert.equal(color.histogram, null);
  assert.deepEqual(color.top, [
    { value: 'blue', counts: [1, 2] },
    { value: 'red', counts: [2, 1] },
    { value: 'green', counts: [1, null] },
  ]);
  assert.deepEqual(cols[2].sides.map((s) => s?.name ?? null), ['gone', null]);
  // One profile: its own histogram, untouched.
  const single = profileColumns([pa]);
  assert.deepEqual(single[0].histogram, { edges: pa.columns[0].histogram!.edges, counts: [pa.columns[0].histogram!.counts] });
  assert.equal(single[0].only, undefined);
});
