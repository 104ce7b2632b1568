// The Drift Report panel's data and messages: a report becomes the panel's data (drifted columns
// first, counts that agree with the columns, non-finite statistics as words), passes the webview's
// guard after a trip through JSON, and anything malformed in either direction is dropped.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { readColumnData } from '../../../src/core/drift/columnData';
import { compareColumns } from '../../../src/core/drift/compare';
import { summarize } from '../../../src/core/drift/referenceSummary';
import type { DriftReport } from '../../../src/core/drift/reportTypes';
import { driftData, type DriftData, type DriftHistory } from '../../../src/shared/driftData';
import { parseDriftToHost, parseDriftToWebview } from '../../../src/shared/protocol';
import { tempWorkspace } from '../tempWorkspace';

function report(): DriftReport {
  return {
    datasetDrift: false,
    share: 1 / 3,
    driftShare: 0.5,
    correction: 'none',
    reference: { label: 'train:data/train.csv@1', rows: 500 },
    current: { label: 'train:data/train.csv@2', rows: 480 },
    problems: ['column income is missing from the batch'],
    columns: [
      { name: 'age', type: 'numeric', method: 'ks', statistic: 0.04, pValue: 0.81, threshold: 0.05, thresholdSource: 'default', drift: false, missing: { reference: 2, current: 0 }, histogram: { edges: [0, 10, 20, 30], reference: [100, 250, 148], current: [90, 260, 130] } },
      { name: 'income', type: 'numeric', method: 'ks', statistic: null, pValue: null, threshold: 0.05, thresholdSource: 'default', drift: false, missing: { reference: 0, current: 0 }, problem: 'missing from the batch' },
      // A category new in the batch: chi-square is infinite, p 0.
      { name: 'city', type: 'categorical', method: 'chisquare', statistic: Infinity, pValue: 0, threshold: 0.05, thresholdSource: 'config', drift: true, missing: { reference: 0, current: 3 }, histogram: { categories: ['Paris', 'Lyon', 'Nice'], reference: [300, 200, 0], current: [100, 200, 177] } },
      { name: 'score', type: 'numeric', method: 'wasserstein', statistic: 0.02, pValue: null, threshold: 0.1, thresholdSource: 'reference', drift: false, missing: { reference: 0, current: 0 } },
    ],
  };
}

const wire = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

test('drifted columns come first, then failed ones, then the rest, each in the report order', () => {
  const d = driftData(report());
  assert.deepEqual(d.columns.map((c) => c.name), ['city', 'income', 'age', 'score']);
  assert.equal(d.compared, 3);
  assert.equal(d.drifted, 1);
  assert.deepEqual(d.problems, ['column income is missing from the batch']);
  assert.equal(d.history, undefined);
});

test('an infinite statistic travels as "Infinity"; a missing p-value stays null', () => {
  const d = wire(driftData(report()));
  const city = d.columns.find((c) => c.name === 'city')!;
  assert.equal(city.statistic, 'Infinity');
  assert.equal(city.pValue, 0);
  assert.equal(d.columns.find((c) => c.name === 'score')!.pValue, null);
  assert.ok(parseDriftToWebview({ type: 'drift', data: d }));
});

test('NaN statistics (scipy gives nan on some degenerate samples) travel as "NaN" and pass', () => {
  const r = report();
  r.columns[0].statistic = NaN;
  r.columns[0].pValue = NaN;
  const d = wire(driftData(r));
  assert.equal(d.columns.find((c) => c.name === 'age')!.statistic, 'NaN');
  assert.ok(parseDriftToWebview({ type: 'drift', data: d }));
});

test('a report with no compared column has share 0, not NaN', () => {
  const r = report();
  r.columns = r.columns.filter((c) => c.problem);
  r.share = NaN;
  const d = driftData(r);
  assert.equal(d.share, 0);
  assert.equal(d.compared, 0);
  assert.ok(parseDriftToWebview({ type: 'drift', data: wire(d) }));
});

test('a monitor history rides along and passes the guard', () => {
  const history: DriftHistory = {
    scores: [{ column: 'city', method: 'chisquare', threshold: 0.05, points: [{ batch: 'b1.csv@1', checkedAt: 1_700_000_000_000, statistic: 3.2, drift: false }, { batch: 'b2.csv@1', checkedAt: 1_700_000_600_000, statistic: 'Infinity', drift: true }] }],
    performance: [{ metric: 'accuracy', points: [{ batch: 'b1.csv@1', checkedAt: 1_700_000_000_000, realised: 0.91, estimated: 0.9, lower: 0.88, upper: 0.92 }, { batch: 'b2.csv@1', checkedAt: 1_700_000_600_000, realised: null, estimated: 0.84, lower: 0.8, upper: 0.87 }] }],
  };
  const d = wire(driftData(report(), history));
  assert.deepEqual(d.history, history);
  assert.ok(parseDriftToWebview({ type: 'drift', data: d }));
  (d.history.performance[0].points[0] as { realised: unknown }).realised = 'high';
  assert.equal(parseDriftToWebview({ type: 'drift', data: d }), undefined);
});

test('malformed reports are dropped', () => {
  const bad: [string, (d: DriftData) => void][] = [
    ['a drifted count that disagrees with the columns', (d) => (d.drifted = 2)],
    ['a compared count that disagrees with the columns', (d) => (d.compared = 4)],
    ['a share above 1', (d) => (d.share = 1.5)],
    ['an unknown column type', (d) => ((d.columns[0] as { type: string }).type = 'text')],
    ['an unknown threshold source', (d) => ((d.columns[0] as { thresholdSource: string }).thresholdSource = 'guess')],
    ['a negative missing count', (d) => (d.columns[0].missing.current = -1)],
    ['a statistic given as text', (d) => ((d.columns[2] as { statistic: unknown }).statistic = 'large')],
    ['histogram sides of different lengths', (d) => d.columns[0].histogram!.current.pop()],
    ['edges not around the counts', (d) => d.columns.find((c) => c.histogram?.edges)!.histogram!.edges!.pop()],
    ['a histogram with neither edges nor categories', (d) => delete d.columns[0].histogram!.categories],
    ['an unknown field', (d) => ((d as unknown as Record<string, unknown>).extra = 1)],
    ['an unknown correction', (d) => ((d as { correction: string }).correction = 'holm')],
  ];
  for (const [what, spoil] of bad) {
    const d = wire(driftData(report()));
    spoil(d);
    assert.equal(parseDriftToWebview({ type: 'drift', data: d }), undefined, what);
  }
});

test('the webview may ask only for ready and an export in a known format', () => {
  assert.deepEqual(parseDriftToHost({ type: 'ready' }), { type: 'ready' });
  assert.deepEqual(parseDriftToHost({ type: 'export', format: 'json' }), { type: 'export', format: 'json' });
  assert.ok(parseDriftToHost({ type: 'export', format: 'html' }));
  for (const m of [{ type: 'export', format: 'csv' }, { type: 'export' }, { type: 'export', format: 'json', path: '/etc/passwd' }, { type: 'runCommand' }, null, 'ready']) {
    assert.equal(parseDriftToHost(m), undefined, JSON.stringify(m));
  }
});

test('what the drift engine reports on awkward tables passes the guard after JSON', async () => {
  const dir = tempWorkspace();
  const write = (name: string, header: string, rows: string[]) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, [header, ...rows].join('\n') + '\n');
    return file;
  };
  // Reference: a shifted numeric, a constant, an all-null column, a category the batch adds to, one
  // category only, a column the batch drops and one whose type changes; 40 rows.
  const header = 'x,constant,empty,city,one,dropped,retyped';
  const ref = write('ref.csv', header, Array.from({ length: 40 }, (_, i) => `${i % 10},7,,${['Paris', 'Lyon'][i % 2]},a,${i},${i}`));
  const cur = write('cur.csv', 'x,constant,empty,city,one,retyped', Array.from({ length: 30 }, (_, i) => `${(i % 10) + 5},7,,${['Paris', 'Nice', 'Lyon'][i % 3]},a,v${i}`));
  const report = compareColumns(summarize('ref', await readColumnData(ref)), await readColumnData(cur), {}, { reference: 'ref.csv', current: 'cur.csv' });
  const d = wire(driftData(report));
  assert.ok(parseDriftToWebview({ type: 'drift', data: d }), JSON.stringify(d).slice(0, 2000));
  assert.equal(d.columns.length, report.columns.length);
  assert.ok(d.columns.some((c) => c.problem), 'a dropped or retyped column is a problem');
  assert.ok(d.columns.some((c) => c.histogram?.edges) && d.columns.some((c) => c.histogram?.categories), 'both kinds of histogram');
  // An empty batch: no rows at all.
  const empty = compareColumns(summarize('ref', await readColumnData(ref)), await readColumnData(write('empty.csv', header, [])), {}, { reference: 'ref.csv', current: 'empty.csv' });
  assert.ok(parseDriftToWebview({ type: 'drift', data: wire(driftData(empty)) }));
});

test('multivariate drift rides along beside the columns and passes the guard; a malformed one is dropped', () => {
  const r = report();
  r.multivariate = { method: 'pca-reconstruction', columns: ['age', 'city', 'score'], error: 1.9, lower: 0.8, upper: 1.3, drift: true, components: 2, explainedVariance: 0.74 };
  const d = wire(driftData(r));
  assert.deepEqual(d.multivariate, r.multivariate);
  assert.equal(d.datasetDrift, false, 'multivariate drift does not change datasetDrift');
  assert.ok(parseDriftToWebview({ type: 'drift', data: d }));
  // Skipped: numbers null, with its note.
  const skipped = { ...r.multivariate, error: null, lower: null, upper: null, drift: false, components: 0, explainedVariance: null, note: 'column age is missing from the batch.' };
  assert.ok(parseDriftToWebview({ type: 'drift', data: wire({ ...d, multivariate: skipped }) }));
  assert.equal(parseDriftToWebview({ type: 'drift', data: { ...d, multivariate: { ...d.multivariate, error: 'high' } } }), undefined);
  assert.equal(parseDriftToWebview({ type: 'drift', data: { ...d, multivariate: { ...d.multivariate, extra: 1 } } }), undefined);
  assert.equal(driftData(report()).multivariate, undefined);
});
