// `mlops drift` as a user runs it (the built CLI in a child process) on real files and a real store:
// the table and JSON shape, exit codes 0/1/2, the HTML report, a batch missing a column, file:line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { mlops } from './runCli';
import { tempWorkspace } from '../tempWorkspace';

const fixtures = path.join(__dirname, '..', '..', 'fixtures', 'drift', 'compare');

function workspace(): string {
  const root = fs.realpathSync(tempWorkspace('mlops-drift-cli-'));
  fs.writeFileSync(path.join(root, 'mlops.json'), JSON.stringify({ datasets: { train: 'train.csv', incoming: 'incoming/*.csv' } }));
  fs.copyFileSync(path.join(fixtures, 'small_reference.csv'), path.join(root, 'train.csv'));
  fs.mkdirSync(path.join(root, 'incoming'));
  fs.copyFileSync(path.join(fixtures, 'small_current.csv'), path.join(root, 'incoming', 'batch-01.csv'));
  return root;
}

test('dataset versions: --json prints the report with the shape scripts read; exit 0 without --fail-on-drift, 1 with it', () => {
  const root = workspace();
  assert.equal(mlops(['data', 'version', 'train'], root).code, 0);
  assert.equal(mlops(['data', 'version', 'incoming'], root).code, 0);
  const r = mlops(['drift', 'train@1', 'incoming:batch-01.csv@1', '--json'], root);
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout);
  assert.equal(report.datasetDrift, true);
  assert.equal(typeof report.share, 'number');
  assert.deepEqual(report.columns.map((c: { name: string }) => c.name), ['score', 'grade', 'yes']);
  for (const c of report.columns) {
    for (const key of ['name', 'type', 'method', 'statistic', 'pValue', 'threshold', 'drift']) assert.ok(key in c, `${c.name} has ${key}`);
  }
  assert.equal(report.columns[0].method, 'ks');
  assert.equal(report.reference.label, 'train:train.csv@1');
  const fail = mlops(['drift', 'train@1', 'incoming:batch-01.csv@1', '--fail-on-drift'], root);
  assert.equal(fail.code, 1);
  assert.match(fail.stdout, /column\s+type\s+test\s+statistic\s+p-value\s+threshold\s+drift/);
  assert.match(fail.stdout, /Dataset drift: 3 of 3 compared columns drifted/);
  // The same table against itself does not drift: exit 0 even with --fail-on-drift.
  const same = mlops(['drift', 'train@1', 'train.csv', '--fail-on-drift', '--json'], root);
  assert.equal(same.code, 0, same.stderr);
  assert.equal(JSON.parse(same.stdout).datasetDrift, false);
});

test('per-column tests and thresholds, distances with a null p-value', () => {
  const root = workspace();
  const r = mlops(['drift', 'train.csv', 'incoming/batch-01.csv', '--json', '--method', 'score=wasserstein', '--threshold', 'score=5', '--columns', 'score,grade'], root);
  assert.equal(r.code, 0, r.stderr);
  const [score, grade] = JSON.parse(r.stdout).columns;
  assert.deepEqual([score.method, score.pValue, score.threshold, score.thresholdSource, score.drift], ['wasserstein', null, 5, 'config', false]);
  assert.equal(grade.method, 'chisquare');
});

test('--html writes one self-contained file: summary, table, SVG histograms, no http(s) URL to fetch', () => {
  const root = workspace();
  const r = mlops(['drift', 'train.csv', 'incoming/batch-01.csv', '--html', 'report.html'], root);
  assert.equal(r.code, 0, r.stderr);
  const html = fs.readFileSync(path.join(root, 'report.html'), 'utf8');
  assert.match(html, /^<!DOCTYPE html>/);
  assert.match(html, /Dataset drift/);
  assert.equal((html.match(/<svg /g) ?? []).length, 3);
  assert.match(html, /<th>p-value<\/th>/);
  assert.doesNotMatch(html, /https?:\/\//);
  assert.doesNotMatch(html, /<(?:link|img|iframe)\b/);
});

test('a batch missing a column fails the check naming it (exit 1 with --fail-on-drift)', () => {
  const root = workspace();
  fs.writeFileSync(path.join(root, 'b.csv'), 'score,grade\n0.1,A\n0.2,B\n');
  const r = mlops(['drift', 'train.csv', 'b.csv', '--fail-on-drift'], root);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /problem: column yes is missing from the batch/);
  const json = JSON.parse(mlops(['drift', 'train.csv', 'b.csv', '--json'], root).stdout);
  assert.deepEqual(json.problems, ['column yes is missing from the batch.']);
});

test('bad input exits 2 naming the argument and the fix', () => {
  const root = workspace();
  const cases: [string[], RegExp][] = [
    [['drift', 'nope@1', 'train.csv'], /REF nope@1/],
    [['drift', 'train.csv', 'incoming/batch-01.csv', '--method', 'score=bogus'], /"bogus" is not a drift test[\s\S]*ks, wasserstein/],
    [['drift', 'train.csv', 'incoming/batch-01.csv', '--method', 'grade=ks'], /grade.*categorical/],
    [['drift', 'train.csv', 'incoming/batch-01.csv', '--threshold', 'score=high'], /--threshold score=high: give a number/],
    [['drift', 'train.csv', 'incoming/batch-01.csv', '--threshold', 'score=3'], /p-value in \(0, 1\]/],
    [['drift', 'train.csv', 'incoming/batch-01.csv', '--columns', 'nope'], /column nope is not in the reference/],
    [['drift', 'train.csv', 'incoming/batch-01.csv', '--correction', 'holm'], /--correction holm: use bonferroni or bh/],
    [['drift', 'train.csv'], /Give a reference and a batch/],
  ];
  for (const [args, message] of cases) {
    const r = mlops(args, root);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message, args.join(' '));
  }
});

test('an unparseable batch exits 2 with file:line', () => {
  const root = workspace();
  fs.writeFileSync(path.join(root, 'ref.jsonl'), '{"a": 1}\n{"a": 2}\n');
  fs.writeFileSync(path.join(root, 'bad.jsonl'), '{"a": 1}\n{"a": \n');
  const r = mlops(['drift', 'ref.jsonl', 'bad.jsonl'], root);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /bad\.jsonl:2/);
});

test('two files outside any workspace: compared, and no .mlops left behind', () => {
  const dir = fs.realpathSync(tempWorkspace('mlops-drift-plain-'));
  fs.copyFileSync(path.join(fixtures, 'small_reference.csv'), path.join(dir, 'a.csv'));
  fs.copyFileSync(path.join(fixtures, 'small_current.csv'), path.join(dir, 'b.csv'));
  const r = mlops(['drift', 'a.csv', 'b.csv', '--json'], dir);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).columns.length, 3);
  assert.equal(fs.existsSync(path.join(dir, '.mlops')), false);
});

test('multivariate drift: --json carries the field, the text one line; --no-multivariate leaves both out', () => {
  const dir = fs.realpathSync(tempWorkspace('mlops-drift-multivariate-'));
  fs.copyFileSync(path.join(fixtures, 'large_reference.csv'), path.join(dir, 'a.csv'));
  fs.copyFileSync(path.join(fixtures, 'large_current.csv'), path.join(dir, 'b.csv'));
  const r = mlops(['drift', 'a.csv', 'b.csv', '--json'], dir);
  assert.equal(r.code, 0, r.stderr);
  const m = JSON.parse(r.stdout).multivariate;
  assert.equal(m.method, 'pca-reconstruction');
  assert.deepEqual(m.columns, ['amount', 'level', 'city', 'flag']);
  for (const key of ['error', 'lower', 'upper', 'components', 'explainedVariance']) assert.equal(typeof m[key], 'number', key);
  assert.equal(typeof m.drift, 'boolean');
  const text = mlops(['drift', 'a.csv', 'b.csv'], dir);
  assert.match(text.stdout, /^(No multivariate drift|Multivariate drift): PCA reconstruction error [\d.e+-]+ (within|outside) the reference's band \[/m);
  const off = mlops(['drift', 'a.csv', 'b.csv', '--json', '--no-multivariate'], dir);
  assert.equal('multivariate' in JSON.parse(off.stdout), false);
  assert.doesNotMatch(mlops(['drift', 'a.csv', 'b.csv', '--no-multivariate'], dir).stdout, /ultivariate/);
});
