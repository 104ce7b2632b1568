// Numbers at the edge of a double (1e308, -1e308, 1.7e308): every figure that can be measured is,
// and a histogram numpy cannot bin is left out with a note, from CSV and JSONL alike.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { nextDouble, sturgesEdges } from '../../../src/core/quality/numpyStats';
import { profileFile } from '../../../src/core/quality/profile';
import { parseProfileJson, toJsonText } from '../../../src/core/quality/profileJson';
import { tempWorkspace } from '../tempWorkspace';

function write(name: string, text: string): string {
  const file = path.join(tempWorkspace(), name);
  fs.writeFileSync(file, text);
  return file;
}

const csv = (xs: string[]) => write('x.csv', ['x', ...xs].join('\n') + '\n');
const jsonl = (xs: string[]) => write('x.jsonl', xs.map((x) => `{"x": ${x}}`).join('\n') + '\n');

for (const [label, make] of [['CSV', csv], ['JSONL', jsonl]] as const) {
  test(`${label}: a range wider than a double keeps every other figure and notes the missing histogram`, async () => {
    for (const xs of [['1e308', '-1e308'], ['1.7e308', '-1.7e308']]) {
      const [c] = (await profileFile(make(xs))).columns;
      assert.equal(c.histogram, null);
      assert.match(c.histogramNote!, /No histogram: the range from -1\.?7?e\+308 to 1\.?7?e\+308 is wider than the largest number/);
      assert.equal(c.count, 2);
      assert.equal(c.min, -Number(xs[0]));
      assert.equal(c.max, Number(xs[0]));
      // The mean by weights where a step overflows; numpy's sum gives 0 here too.
      assert.equal(c.mean, 0);
      // numpy.std overflows to inf on these squares.
      assert.equal(c.std, Infinity);
      // numpy's lerp returns +-inf past b - a's overflow; the weighted form stays within [min, max].
      assert.equal(c.quantiles!.p50, 0);
      assert.ok(Object.values(c.quantiles!).every((q) => Number.isFinite(q) && q >= -Number(xs[0]) && q <= Number(xs[0])));
    }
  });

  test(`${label}: a repeated 1.5e308 gets one bin holding every value`, async () => {
    const [c] = (await profileFile(make(Array(7).fill('1.5e308')))).columns;
    assert.equal(c.histogramNote, undefined);
    assert.deepEqual(c.histogram!.edges, [nextDouble(1.5e308, -1), nextDouble(1.5e308, 1)]);
    assert.deepEqual(c.histogram!.counts, [7]);
    assert.equal(c.mean, 1.5e308);
    assert.equal(c.std, 0);
  });
}

test('edges equal numpy.histogram_bin_edges(x, bins="sturges") near the top of the range, where numpy manages', async () => {
  // From numpy 2.4: np.histogram_bin_edges(np.array(x), bins="sturges") and np.histogram(x, bins=edges)[0].
  const cases = [
    { xs: ['-8e307', '8e307', '0', '1e307', '5e307'], edges: [-8e307, -4e307, 0, 3.9999999999999994e307, 8e307], counts: [1, 0, 2, 2] },
    { xs: ['1e308', '1.7e308', '1.2e308', '1.7976931348623157e308'], edges: [1e308, 1.265897711620772e308, 1.5317954232415438e308, 1.7976931348623157e308], counts: [2, 0, 2] },
  ];
  for (const { xs, edges, counts } of cases) {
    const [c] = (await profileFile(csv(xs))).columns;
    assert.deepEqual(c.histogram, { edges, counts }, xs.join(','));
  }
  // numpy refuses (ptp overflows); so do the edges.
  assert.equal(sturgesEdges(2, -1e308, 1e308, false), null);
  // The largest double repeated: the bin ends at it (there is no finite double above).
  assert.deepEqual(sturgesEdges(3, Number.MAX_VALUE, Number.MAX_VALUE, false), [nextDouble(Number.MAX_VALUE, -1), Number.MAX_VALUE]);
});

test('infinite values: no histogram, with a note; the figures survive a round trip through JSON as "Infinity"', async () => {
  const p = await profileFile(csv(['1', 'inf', '-inf', '2']));
  const [c] = p.columns;
  assert.equal(c.histogram, null);
  assert.match(c.histogramNote!, /infinite values/);
  assert.equal(c.max, Infinity);
  const text = toJsonText(p);
  assert.match(text, /"max":"Infinity"/);
  assert.match(text, /"min":"-Infinity"/);
  assert.doesNotMatch(text, /null,\s*"max"/);
  assert.deepEqual(parseProfileJson(text), p);
});
