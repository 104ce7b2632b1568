// The Profile panel's chart specs and figure rows, from real profiles: valid Vega-Lite, bars on the
// shared bins, grouped top values, and the change column.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import type { TopLevelSpec } from 'vega-lite' with { 'resolution-mode': 'import' };
import { profileFile } from '../../../src/core/quality/profile';
import { profileColumns } from '../../../src/core/quality/profileCompare';
import { parseProfileToWebview } from '../../../src/shared/protocol';
import { toJsonText } from '../../../src/core/quality/profileJson';
import { chartOf } from '../../../webview/profile/columnChart';
import { figureRows, shortLabel } from '../../../webview/profile/figures';
import { histogramRows, histogramSpec } from '../../../webview/profile/histogramSpec';
import { topRows, topSpec } from '../../../webview/profile/topSpec';
import { tempWorkspace } from '../tempWorkspace';

const colors = ['#3794ff', '#d18616'];
// vega-lite is ESM with a top-level await in a dependency: loaded as ESM, not through require.
const compile = async (spec: TopLevelSpec) => (await import('vega-lite')).compile(spec);
const subjects = ['train:data/train.csv@1', 'train:data/train.csv@2'];

async function columns() {
  const dir = tempWorkspace();
  const a = path.join(dir, 'a.csv');
  const b = path.join(dir, 'b.csv');
  fs.writeFileSync(a, 'x,color\n' + [1, 2, 2, 3, 3, 3, 4, 4, 5, 9].map((x, i) => `${x},${['red', 'red', 'blue'][i % 3]}`).join('\n') + '\n');
  fs.writeFileSync(b, 'x,color\n' + [4, 5, 6, 6, 7, 8, 12, 15].map((x, i) => `${x},${['blue', 'green'][i % 2]}`).join('\n') + '\n');
  return profileColumns([await profileFile(a), await profileFile(b)]);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const encoding = (spec: unknown) => (spec as { encoding: Record<string, any> }).encoding;

test('the overlaid histogram draws both subjects on the same bins, unstacked, in two colors', async () => {
  const x = (await columns())[0];
  const spec = histogramSpec(x.histogram!, subjects, colors);
  const rows = histogramRows(x.histogram!, subjects);
  const bins = x.histogram!.edges.length - 1;
  assert.equal(rows.length, 2 * bins);
  // Same start/end pairs for both subjects.
  const keys = (s: string) => rows.filter((r) => r.subject === s).map((r) => `${r.start}-${r.end}`);
  assert.deepEqual(keys(subjects[0]), keys(subjects[1]));
  assert.equal(Math.round(rows.filter((r) => r.subject === subjects[0]).reduce((n, r) => n + r.count, 0)), 10);
  assert.equal(encoding(spec).y.stack, null, 'overlaid, not stacked');
  assert.deepEqual(encoding(spec).color.scale.range, colors);
  assert.ok(encoding(spec).color.legend, 'two subjects get a legend');
  assert.ok((await compile(spec)).spec, 'compiles to Vega');
});

test('the overlaid histogram outlines the second subject, so bars that coincide stay readable', async () => {
  const x = (await columns())[0];
  const spec = histogramSpec(x.histogram!, subjects, colors);
  // Compiled to Vega, as the panel draws it: two rect marks, the first filled, the second translucent
  // inside a stroke of its own color.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const marks = ((await compile(spec)).spec.marks ?? []).filter((m: any) => m.type === 'rect') as any[];
  assert.equal(marks.length, 2);
  const [filled, outlined] = marks.map((m) => m.encode.update);
  assert.equal(filled.stroke, undefined, 'the first subject has no outline');
  assert.equal(outlined.stroke?.value, colors[1]);
  assert.ok(outlined.strokeWidth?.value > 0);
  assert.ok(outlined.fillOpacity?.value < filled.opacity?.value, 'the outlined side is the lighter fill');
  // Each layer draws its own subject, and the outlined one leaves its empty bins out.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const layers = (spec as { layer: any[] }).layer;
  assert.deepEqual(layers[0].transform, [{ filter: { field: 'subject', equal: subjects[0] } }]);
  assert.deepEqual(layers[1].transform, [{ filter: { field: 'subject', equal: subjects[1] } }, { filter: 'datum.count > 0' }]);
});

test('one subject: its own bins, one color, no legend', async () => {
  const x = (await columns())[0];
  const one = { edges: x.sides[0]!.histogram!.edges, counts: [x.sides[0]!.histogram!.counts] };
  const spec = histogramSpec(one, subjects.slice(0, 1), colors);
  assert.deepEqual(encoding(spec).color.scale.range, colors.slice(0, 1));
  assert.equal(encoding(spec).color.legend, null);
  assert.deepEqual(encoding(spec).x.scale.domain, [1, 9]);
  await compile(spec);
});

test('top values: grouped bars per value, most frequent first, no bar where a value is not in a top list', async () => {
  const color = (await columns())[1];
  const rows = topRows(color.top, subjects);
  assert.deepEqual(
    rows.map((r) => [r.value, r.subject.slice(-1), r.count]),
    [['red', '1', 7], ['blue', '1', 3], ['blue', '2', 4], ['green', '2', 4]],
  );
  const spec = topSpec(color.top, subjects, colors);
  assert.deepEqual(encoding(spec).y.sort, ['red', 'blue', 'green']);
  assert.equal(encoding(spec).yOffset.field, 'subject');
  await compile(spec);
  assert.equal(encoding(topSpec(color.top, subjects.slice(0, 1), colors)).yOffset, undefined);
});

test('which chart a column gets: numbers a histogram, strings top values', async () => {
  const [x, color] = await columns();
  assert.equal(chartOf(x, subjects, colors)?.kind, 'histogram');
  assert.equal(chartOf(color, subjects, colors)?.kind, 'top');
  // An id column (no value repeats) gets no chart of twenty bars of 1.
  const ids = { ...color, top: color.top.map((t) => ({ ...t, counts: t.counts.map((c) => (c === null ? null : 1)) })) };
  assert.equal(chartOf(ids, subjects, colors), undefined);
  // Numbers in fewer than three bins (a 0/1 column): their values' counts say more than one bar.
  const flags = { ...x, histogram: { edges: [0, 1], counts: [[1500], [1200]] } };
  assert.equal(chartOf(flags, subjects, colors)?.kind, 'top');
});

test('a numeric column whose histogram could not be built gets its note instead of a chart, and passes the guard', async () => {
  const file = path.join(tempWorkspace(), 'wide.csv');
  // Values repeat, so without the note the card would fall back to a top-values chart.
  fs.writeFileSync(file, 'x\n1e308\n1e308\n-1e308\n');
  const profile = await profileFile(file);
  const [x] = profileColumns([profile]);
  assert.equal(x.histogram, null);
  assert.match(x.sides[0]!.histogramNote!, /^No histogram: /);
  assert.equal(chartOf(x, subjects.slice(0, 1), colors), undefined);
  const subject = { label: 'wide.csv', rows: profile.rows, columns: 1, raggedRows: 0, format: 'csv' };
  assert.ok(parseProfileToWebview({ type: 'profile', data: { subjects: [subject], columns: [x], choices: [], comparedWith: null } }));
  // As the host sends it (webview messages are JSON): the infinite std as "Infinity", shown as that text.
  const wire = JSON.parse(toJsonText({ subjects: [subject], columns: [x], choices: [], comparedWith: null }));
  assert.equal(wire.columns[0].sides[0].std, 'Infinity');
  assert.ok(parseProfileToWebview({ type: 'profile', data: wire }));
  assert.equal(figureRows(wire.columns[0].sides).find((r) => r.label === 'std')!.values[0], 'Infinity');
});

test('figure rows: one value per subject and the change from the first to the second', async () => {
  const [x, color] = await columns();
  const rows = Object.fromEntries(figureRows(x.sides).map((r) => [r.label, r]));
  assert.deepEqual(rows.count.values, ['10', '8']);
  assert.equal(rows.count.change, '−2');
  assert.deepEqual(rows.mean.values, ['3.6', '7.875']);
  assert.equal(rows.mean.change, '+4.275');
  assert.equal(rows.zeros.change, '=');
  // A change reads at the figures' precision: 21.88 to 21.98 is +0.1, not +0.0999.
  const [a, b] = x.sides as NonNullable<(typeof x.sides)[number]>[];
  const near = Object.fromEntries(figureRows([{ ...a, mean: 21.8812 }, { ...b, mean: 21.9811 }]).map((r) => [r.label, r]));
  assert.deepEqual(near.mean.values, ['21.88', '21.98']);
  assert.equal(near.mean.change, '+0.1');
  assert.ok(rows.p50 && rows.p99 && rows.std);
  const strings = figureRows(color.sides).map((r) => r.label);
  assert.ok(!strings.includes('mean'));
  assert.ok(strings.includes('length max'));
  // A column only one side has: its values, nothing to change.
  const only = figureRows([x.sides[0], null]);
  assert.equal(only.find((r) => r.label === 'mean')!.values[1], '');
  assert.equal(only.find((r) => r.label === 'mean')!.change, '');
});

test('short labels for narrow column heads', () => {
  assert.equal(shortLabel('train:data/train.csv@12'), 'v12');
  assert.equal(shortLabel('train:data/train.csv (working file)'), 'working');
  assert.equal(shortLabel('data/other.csv'), 'other.csv');
});
