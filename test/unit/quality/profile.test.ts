// Profile figures against numpy's on the same data (test/fixtures/quality/generate.py), within 1e-9
// relative; sketches past the bounds; tricky tables from the readers' corpus.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { profileFile } from '../../../src/core/quality/profile';
import { histogramCounts, quantileLinear, sturgesEdges } from '../../../src/core/quality/numpyStats';

const fixtures = path.join(__dirname, '..', '..', 'fixtures');
/** numpy's figures per column (generate.py); the string column has only distinct and top. */
interface NumpyColumn {
  count: number;
  nulls: number;
  distinct: number;
  min: number;
  max: number;
  mean: number;
  std: number;
  stdSample: number;
  quantiles: Record<string, number>;
  histogram: { edges: number[]; counts: number[] };
  zerosShare: number;
  negativesShare: number;
  top: Record<string, number>;
}
const expected = JSON.parse(fs.readFileSync(path.join(fixtures, 'quality', 'numpy_expected.json'), 'utf8')) as { rows: number; columns: Record<string, NumpyColumn> };

function close(actual: unknown, want: number, what: string): void {
  assert.equal(typeof actual, 'number', `${what}: ${String(actual)}`);
  const a = actual as number;
  const tol = 1e-9 * Math.max(Math.abs(want), 1e-300);
  assert.ok(Math.abs(a - want) <= tol || a === want, `${what}: ${a} vs numpy ${want}`);
}

test('profile equals numpy: mean, std (ddof 0 and 1), linear quantiles, sturges histogram', async () => {
  const p = await profileFile(path.join(fixtures, 'quality', 'profile.csv'));
  assert.equal(p.rows, expected.rows);
  for (const [name, e] of Object.entries(expected.columns)) {
    const c = p.columns.find((x) => x.name === name)!;
    assert.ok(c, name);
    if (name === 'color') {
      assert.equal(c.type, 'string');
      assert.equal(c.distinct, e.distinct);
      assert.deepEqual(Object.fromEntries(c.top.map((t) => [t.value, t.count])), e.top);
      continue;
    }
    assert.equal(c.count, e.count, `${name} count`);
    assert.equal(c.nulls, e.nulls, `${name} nulls`);
    assert.equal(c.distinct, e.distinct, `${name} distinct`);
    close(c.min, e.min, `${name} min`);
    close(c.max, e.max, `${name} max`);
    close(c.mean, e.mean, `${name} mean`);
    close(c.std, e.std, `${name} std`);
    close(c.stdSample, e.stdSample, `${name} stdSample`);
    for (const [q, v] of Object.entries(e.quantiles)) close(c.quantiles![q as 'p1'], v, `${name} ${q}`);
    assert.equal(c.histogram!.edges.length, e.histogram.edges.length, `${name} bins`);
    c.histogram!.edges.forEach((x, i) => close(x, e.histogram.edges[i], `${name} edge ${i}`));
    assert.deepEqual(c.histogram!.counts, e.histogram.counts, `${name} counts`);
    close(c.zerosShare, e.zerosShare, `${name} zeros`);
    close(c.negativesShare, e.negativesShare, `${name} negatives`);
    assert.equal(c.quantileRankError, undefined);
    assert.equal(c.distinctError, undefined);
  }
  assert.equal(p.columns.find((c) => c.name === 'count')!.type, 'integer');
  assert.equal(p.columns.find((c) => c.name === 'with_nulls')!.nullShare, expected.columns.with_nulls.nulls / expected.rows);
});

test('numpy rules on small inputs: one value, integers, interpolation', () => {
  assert.deepEqual(sturgesEdges(1, 5, 5, true), [4.5, 5.5]);
  assert.equal(quantileLinear([1, 2, 3, 4], 0.5), 2.5);
  assert.equal(quantileLinear([10], 0.99), 10);
  // np.histogram([1,2,2,3], bins=np.histogram_bin_edges([1,2,2,3], bins="sturges")) -> edges 1,2,3 counts 1,3
  const edges = sturgesEdges(4, 1, 3, true)!;
  assert.deepEqual(edges, [1, 2, 3]);
  assert.deepEqual(histogramCounts([1, 2, 2, 3], edges), [1, 3]);
});

test('past the bounds: distinct by HyperLogLog and quantiles from a sample, errors stated', async () => {
  const p = await profileFile(path.join(fixtures, 'quality', 'profile.csv'), { distinctLimit: 100, exactNumbersLimit: 500, sampleSize: 400 });
  const c = p.columns.find((x) => x.name === 'normal')!;
  const e = expected.columns.normal;
  assert.ok(c.distinctError! > 0 && c.distinctError! < 0.01);
  assert.ok(Math.abs(c.distinct - e.distinct) / e.distinct < 5 * c.distinctError!, `${c.distinct} vs ${e.distinct}`);
  assert.ok(c.quantileRankError! > 0);
  // Exact regardless: mean, std, min, max, edges.
  close(c.mean, e.mean, 'mean');
  close(c.std, e.std, 'std');
  assert.deepEqual(c.histogram!.edges.length, e.histogram.edges.length);
  assert.equal(c.histogram!.approximate, true);
  assert.equal(c.histogram!.counts.reduce((a, b) => a + b, 0), e.count);
  assert.ok(Math.abs(c.quantiles!.p50 - e.quantiles.p50) < 3 * 12.5 * c.quantileRankError!);
});

test('tricky tables: empty, header only, ragged rows left out and counted, JSONL columns appearing late', async () => {
  const tables = path.join(fixtures, 'tables');
  const empty = await profileFile(path.join(tables, 'empty.csv'));
  assert.equal(empty.rows, 0);
  const header = await profileFile(path.join(tables, 'header_only.csv'));
  assert.equal(header.rows, 0);
  assert.ok(header.columns.length > 0);
  assert.ok(header.columns.every((c) => c.type === 'null' && c.mean === null && c.histogram === null));
  const ragged = await profileFile(path.join(tables, 'ragged.csv'));
  assert.ok(ragged.raggedRows > 0);
  const nested = await profileFile(path.join(tables, 'nested.jsonl'));
  for (const c of nested.columns) assert.equal(c.count + c.nulls, nested.rows, c.name);
});

test('progress: reported per batch, ending at the whole file and every row', async () => {
  const seen: [number, number][] = [];
  await profileFile(path.join(fixtures, 'quality', 'profile.csv'), { onProgress: (f, rows) => seen.push([f, rows]) });
  assert.ok(seen.length >= 1);
  assert.deepEqual(seen[seen.length - 1], [1, expected.rows]);
  for (let i = 1; i < seen.length; i++) assert.ok(seen[i][0] >= seen[i - 1][0] && seen[i][1] >= seen[i - 1][1]);
});

test('cancel: an aborted signal stops profiling', async () => {
  const ac = new AbortController();
  ac.abort();
  await assert.rejects(profileFile(path.join(fixtures, 'quality', 'profile.csv'), { signal: ac.signal }), /cancelled/);
});
