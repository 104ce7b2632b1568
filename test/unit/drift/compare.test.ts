// compareColumns on real CSV files against scipy/numpy's figures (test/fixtures/drift/compare/generate.py):
// the automatic choice, statistics, p-values, histograms, corrections and learned thresholds; and the
// problems a batch can have (a column missing, a changed type, no values, no rows) as problems, not crashes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readColumnData } from '../../../src/core/drift/columnData';
import { compareColumns, DriftInputError, type CompareOptions } from '../../../src/core/drift/compare';
import { addChunkScores, summarize } from '../../../src/core/drift/referenceSummary';
import { testInfo } from '../../../src/core/drift/registry';
import type { DriftReport } from '../../../src/core/drift/reportTypes';
import { tempWorkspace } from '../tempWorkspace';

const dir = path.join(__dirname, '..', '..', 'fixtures', 'drift', 'compare');
const expected = JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8'));

function close(actual: number | null | undefined, want: number, what: string, rel = 1e-9): void {
  assert.equal(typeof actual, 'number', `${what}: ${String(actual)}`);
  assert.ok(Math.abs(actual! - want) <= rel * Math.abs(want) || actual === want, `${what}: ${actual} vs scipy ${want}`);
}

async function compare(pair: 'large' | 'small', options: CompareOptions = {}, learn: { column: string; test: string }[] = []): Promise<DriftReport> {
  const ref = await readColumnData(path.join(dir, `${pair}_reference.csv`), { keepRowOrder: learn.length > 0 });
  const cur = await readColumnData(path.join(dir, `${pair}_current.csv`));
  const summary = summarize('hash', ref);
  addChunkScores(summary, ref, learn.map((l) => ({ column: l.column, test: testInfo(l.test) })));
  return compareColumns(summary, cur, options);
}

const col = (r: DriftReport, name: string) => r.columns.find((c) => c.name === name)!;

test('large reference: Wasserstein (normed) and Jensen-Shannon chosen, equal to scipy; the histogram is numpy\'s', async () => {
  const r = await compare('large');
  const e = expected.large;
  assert.deepEqual([r.reference.rows, r.current.rows], e.rows);
  const amount = col(r, 'amount');
  assert.equal(amount.method, 'wasserstein');
  close(amount.statistic, e.amount.statistic, 'amount wasserstein');
  assert.equal(amount.pValue, null);
  assert.deepEqual([amount.missing.reference, amount.missing.current], e.amount.missing);
  assert.equal(amount.drift, e.amount.statistic >= 0.1);
  amount.histogram!.edges!.forEach((x, i) => close(x, e.amount.edges[i], `edge ${i}`));
  assert.deepEqual(amount.histogram!.reference, e.amount.reference);
  assert.deepEqual(amount.histogram!.current, e.amount.current);
  for (const name of ['level', 'city', 'flag']) {
    assert.equal(col(r, name).method, e[name].method, name);
    close(col(r, name).statistic, e[name].statistic, `${name} jensenshannon`);
  }
  assert.equal(col(r, 'city').type, 'categorical');
  assert.ok(col(r, 'city').histogram!.categories!.includes('Brest'));
  // "True" in the batch and "true" in the reference are one category.
  assert.deepEqual(col(r, 'flag').histogram!.categories!.sort(), ['false', 'true']);
  const drifted = r.columns.filter((c) => c.drift).length;
  assert.equal(r.share, drifted / 4);
  assert.equal(r.datasetDrift, r.share >= 0.5);
  assert.deepEqual(r.problems, []);
});

test('a test named per column replaces the choice; a configured threshold is used and said', async () => {
  const r = await compare('large', { perColumn: { amount: { test: 'ks', threshold: 0.01 } } });
  const a = col(r, 'amount');
  assert.equal(a.method, 'ks');
  close(a.statistic, expected.large.amount_ks.statistic, 'ks statistic');
  close(a.pValue, expected.large.amount_ks.pValue, 'ks p', 1e-6);
  assert.equal(a.threshold, 0.01);
  assert.equal(a.thresholdSource, 'config');
  assert.equal(a.drift, expected.large.amount_ks.pValue < 0.01);
});

test('learned thresholds: mean + 3 std of the chunk scores (distance), 10^-(mean + 3 std) of -log10 p (p-value test)', async () => {
  const r = await compare('large', { perColumn: { amount: { threshold: 'reference' } } }, [{ column: 'amount', test: 'wasserstein' }]);
  const a = col(r, 'amount');
  assert.equal(a.thresholdSource, 'reference');
  close(a.threshold, expected.large.amount_learned.threshold, 'learned threshold', 1e-9);
  assert.equal(a.drift, a.statistic! >= a.threshold);
  const k = col(await compare('large', { perColumn: { amount: { test: 'ks', threshold: 'reference' } } }, [{ column: 'amount', test: 'ks' }]), 'amount');
  close(k.threshold, expected.large.amount_ks_learned.threshold, 'learned p threshold', 1e-6);
  // Without chunk scores the threshold cannot be learned: a problem on the column, not a crash.
  const none = col(await compare('large', { perColumn: { amount: { threshold: 'reference' } } }), 'amount');
  assert.match(none.problem!, /no threshold could be learned/);
});

test('small reference: KS, chi-square and the z-test chosen, equal to scipy; Bonferroni and BH corrections', async () => {
  const e = expected.small;
  const r = await compare('small');
  assert.equal(col(r, 'score').method, 'ks');
  close(col(r, 'score').statistic, e.score.statistic, 'ks');
  close(col(r, 'score').pValue, e.score.pValue, 'ks p', 1e-6);
  assert.equal(col(r, 'grade').method, 'chisquare');
  close(col(r, 'grade').statistic, e.grade.statistic, 'chi-square');
  close(col(r, 'grade').pValue, e.grade.pValue, 'chi-square p', 1e-6);
  assert.equal(col(r, 'yes').method, 'ztest');
  close(Math.abs(col(r, 'yes').statistic!), e.yes.absStatistic, 'z');
  close(col(r, 'yes').pValue, e.yes.pValue, 'z p', 1e-6);
  const b = await compare('small', { correction: 'bonferroni' });
  ['score', 'grade', 'yes'].forEach((n, i) => close(col(b, n).pValue, e.bonferroni[i], `bonferroni ${n}`, 1e-6));
  assert.equal(b.correction, 'bonferroni');
  const bh = await compare('small', { correction: 'bh' });
  ['score', 'grade', 'yes'].forEach((n, i) => close(col(bh, n).pValue, e.bh[i], `bh ${n}`, 1e-6));
});

test('columns and ignore choose what is compared; driftShare decides dataset drift', async () => {
  const r = await compare('small', { columns: ['score', 'grade'], ignore: ['grade'] });
  assert.deepEqual(r.columns.map((c) => c.name), ['score']);
  const strict = await compare('small', { driftShare: 1 });
  assert.equal(strict.datasetDrift, strict.columns.every((c) => c.drift));
});

test('bad options are DriftInputErrors naming the column and the fix', async () => {
  await assert.rejects(compare('small', { columns: ['nope'] }), (e: Error) => e instanceof DriftInputError && /column nope is not in the reference/.test(e.message));
  await assert.rejects(compare('small', { perColumn: { grade: { test: 'ks' } } }), (e: Error) => e instanceof DriftInputError && /grade.*categorical/.test(e.message));
  await assert.rejects(compare('small', { perColumn: { grade: { test: 'fisher' } } }), (e: Error) => e instanceof DriftInputError && /test fisher for column grade: .*at most 2 categories/.test(e.message));
  await assert.rejects(compare('small', { perColumn: { score: { threshold: 2 } } }), (e: Error) => e instanceof DriftInputError && /p-value in \(0, 1\]/.test(e.message));
  await assert.rejects(compare('small', { driftShare: 0 }), DriftInputError);
});

test('a batch missing a column, with a changed type, with no values, or with no rows: problems that fail the check', async () => {
  const ws = tempWorkspace();
  const ref = summarize('h', await readColumnData(path.join(dir, 'small_reference.csv')));
  const batch = path.join(ws, 'batch.csv');
  fs.writeFileSync(batch, 'score,grade\nhigh,A\nlow,B\n');
  const r = compareColumns(ref, await readColumnData(batch));
  assert.match(col(r, 'yes').problem!, /column yes is missing from the batch/);
  assert.match(col(r, 'score').problem!, /column score changed type: float in the reference, string in the batch/);
  assert.equal(col(r, 'score').statistic, null);
  assert.equal(r.problems.length, 2);
  fs.writeFileSync(batch, 'score,grade,yes\n,A,yes\nNA,B,no\n');
  assert.match(col(compareColumns(ref, await readColumnData(batch)), 'score').problem!, /no values in the batch \(2 missing\)/);
  fs.writeFileSync(batch, 'score,grade,yes\n');
  const empty = compareColumns(ref, await readColumnData(batch));
  assert.match(empty.problems[0], /has no rows/);
  assert.equal(empty.datasetDrift, false);
  assert.equal(empty.share, 0);
});

test('a third category that only the batch brings to a Fisher column is a problem on that column, not an error', async () => {
  const ws = tempWorkspace();
  const ref = path.join(ws, 'ref.csv');
  const cur = path.join(ws, 'cur.csv');
  fs.writeFileSync(ref, 'g\nyes\nno\nyes\n');
  fs.writeFileSync(cur, 'g\nyes\nmaybe\n');
  const r = compareColumns(summarize('h', await readColumnData(ref)), await readColumnData(cur), { perColumn: { g: { test: 'fisher' } } });
  assert.match(col(r, 'g').problem!, /fisher .* at most 2 categories; with the batch this column has 3/);
  assert.equal(r.problems.length, 1);
});

test('identical samples do not drift; histograms fold categories past 20 into "(other)"', async () => {
  const ws = tempWorkspace();
  const file = path.join(ws, 't.csv');
  const rows = ['x,c'];
  for (let i = 0; i < 1500; i++) rows.push(`${(i * 7919) % 1000},k${i % 30}`);
  fs.writeFileSync(file, rows.join('\n') + '\n');
  const data = await readColumnData(file);
  const r = compareColumns(summarize('h', data), data);
  assert.equal(col(r, 'x').statistic, 0);
  assert.equal(col(r, 'c').statistic, 0);
  assert.equal(r.datasetDrift, false);
  const h = col(r, 'c').histogram!;
  assert.equal(h.categories!.length, 20);
  assert.equal(h.categories![19], '(other)');
  assert.equal(h.reference.reduce((s, x) => s + x, 0), 1500);
});

test('every numeric test reaches scipy\'s figures through the registry (Mann-Whitney, Welch t, CvM, Anderson-Darling, energy)', async () => {
  for (const [name, e] of Object.entries(expected.small.numeric as Record<string, { statistic: number; pValue: number | null }>)) {
    const c = col(await compare('small', { perColumn: { score: { test: name as 'ks' } } }), 'score');
    assert.equal(c.method, name);
    close(c.statistic, e.statistic, `${name} statistic`);
    if (e.pValue === null) assert.equal(c.pValue, null);
    else close(c.pValue, e.pValue, `${name} p`, 1e-6);
  }
});

test('past 10,000 values KS takes scipy\'s asymptotic path; Wasserstein is chosen for the same large reference', async () => {
  const ws = tempWorkspace();
  const ref = path.join(ws, 'ref.csv');
  const cur = path.join(ws, 'cur.csv');
  // The generator's integer formulas, so both sides hold the same doubles without a big fixture.
  fs.writeFileSync(ref, 'v\n' + Array.from({ length: 12000 }, (_, i) => String(((i * 7919) % 10007) / 10007)).join('\n') + '\n');
  fs.writeFileSync(cur, 'v\n' + Array.from({ length: 11000 }, (_, i) => String((((i * 104729) % 10009) / 10009) * 1.05 + 0.01)).join('\n') + '\n');
  const summary = summarize('h', await readColumnData(ref));
  const current = await readColumnData(cur);
  const e = expected.asymptotic;
  const k = col(compareColumns(summary, current, { perColumn: { v: { test: 'ks' } } }), 'v');
  close(k.statistic, e.statistic, 'ks statistic');
  close(k.pValue, e.pValue, 'ks asymptotic p', 1e-6);
  const w = col(compareColumns(summary, current), 'v');
  assert.equal(w.method, 'wasserstein');
  close(w.statistic, e.wasserstein, 'wasserstein');
});
