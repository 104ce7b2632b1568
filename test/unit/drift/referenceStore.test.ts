// Reference summaries in a real store: written whole, read back equal without the reference file,
// computed once per content; driftBetween over dataset versions and files, learned thresholds
// scored once and kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { collectGarbage } from '../../../src/core/data/collectGarbage';
import { versionDataset } from '../../../src/core/data/versionDataset';
import { readColumnData } from '../../../src/core/drift/columnData';
import { driftBetween, resolveDriftSource } from '../../../src/core/drift/driftCheck';
import { addChunkScores, summarize } from '../../../src/core/drift/referenceSummary';
import { loadReferenceSummary, saveReferenceSummary, summaryKey } from '../../../src/core/drift/referenceStore';
import { testInfo } from '../../../src/core/drift/registry';
import { TableReadError } from '../../../src/core/data/readers/types';
import { dataWorkspace } from '../data/helpers';

const fixtures = path.join(__dirname, '..', '..', 'fixtures', 'drift', 'compare');

test('a summary is stored whole and read back equal: sorted values as Float64 bytes, counts, missing counts, chunk scores', async () => {
  const w = dataWorkspace({});
  const data = await readColumnData(path.join(fixtures, 'large_reference.csv'), { keepRowOrder: true });
  const summary = summarize('abc', data);
  addChunkScores(summary, data, [{ column: 'amount', test: testInfo('wasserstein') }]);
  saveReferenceSummary(w.store, summaryKey(), summary);
  const back = loadReferenceSummary(w.store, 'abc', summaryKey())!;
  assert.equal(back.rows, summary.rows);
  assert.deepEqual(back.chunkScores, summary.chunkScores);
  assert.equal(back.chunkScores.amount.wasserstein!.length, 10);
  for (const c of summary.columns) {
    const b = back.columns.find((x) => x.name === c.name)!;
    assert.deepEqual({ ...b, rowOrder: undefined }, { ...c, rowOrder: undefined });
  }
  assert.equal(loadReferenceSummary(w.store, 'abc', summaryKey({ format: 'csv' })), undefined);
  // Saved again: replaced, not doubled.
  saveReferenceSummary(w.store, summaryKey(), summary);
  assert.equal(w.store.db.prepare('SELECT count(*) AS n FROM drift_reference_columns').get<{ n: number }>()!.n, summary.columns.length);
  w.store.close();
});

test('a summary that cannot be written whole leaves nothing behind', () => {
  const w = dataWorkspace({});
  const bad = { hash: 'h', rows: 1, chunks: 10, chunkScores: {}, columns: [{ name: 'a', type: 'categorical' as const, sourceType: 'string' as const, counts: new Map([['x', 1]]), nulls: 0, nan: 0, infinite: 0 }, { name: 'a', type: 'categorical' as const, sourceType: 'string' as const, counts: new Map(), nulls: 0, nan: 0, infinite: 0 }] };
  // Two columns of one name break the primary key on the second insert.
  assert.throws(() => saveReferenceSummary(w.store, summaryKey(), bad));
  assert.equal(w.store.db.prepare('SELECT count(*) AS n FROM drift_references').get<{ n: number }>()!.n, 0);
  assert.equal(w.store.db.prepare('SELECT count(*) AS n FROM drift_reference_columns').get<{ n: number }>()!.n, 0);
  w.store.close();
});

/** A workspace with train (the small reference) and one batch of incoming versioned, and both as drift sources. */
async function versionedReferenceAndBatch() {
  const w = dataWorkspace({ train: 'train.csv', incoming: 'incoming/*.csv' });
  w.write('train.csv', fs.readFileSync(path.join(fixtures, 'small_reference.csv')));
  w.write('incoming/batch-01.csv', fs.readFileSync(path.join(fixtures, 'small_current.csv')));
  await versionDataset(w.store, w.root, w.config, 'train');
  await versionDataset(w.store, w.root, w.config, 'incoming');
  const ref = resolveDriftSource(w.store, 'train@1', w.root);
  const cur = resolveDriftSource(w.store, 'incoming:batch-01.csv@1', w.root);
  return { w, ref, cur };
}

test('driftBetween dataset versions: the reference is summarized once, then a check reads only the batch', async () => {
  const { w, ref, cur } = await versionedReferenceAndBatch();
  assert.equal(ref.label, 'train:train.csv@1');
  const seen: number[] = [];
  const first = await driftBetween(w.store, ref, cur, {}, { onProgress: (f) => seen.push(f) });
  assert.equal(seen[seen.length - 1], 1);
  assert.equal(first.reference.label, 'train:train.csv@1');
  assert.equal(first.current.label, 'incoming:incoming/batch-01.csv@1');
  assert.deepEqual(first.columns.map((c) => c.method), ['ks', 'chisquare', 'ztest']);
  assert.equal(w.store.db.prepare('SELECT count(*) AS n FROM drift_references').get<{ n: number }>()!.n, 1);
  // The reference's object is gone: the stored summary still serves the check.
  const obj = path.join(w.root, '.mlops', 'objects', ref.kind === 'version' ? ref.version.hash.slice(0, 2) : '', ref.kind === 'version' ? ref.version.hash.slice(2) : '');
  fs.chmodSync(path.dirname(obj), 0o755);
  fs.rmSync(obj, { force: true });
  const again = await driftBetween(w.store, ref, cur);
  assert.deepEqual(again, first);
  w.store.close();
});

test('driftBetween on files with a learned threshold: chunk scores computed once and kept', async () => {
  const w = dataWorkspace({});
  const ref = resolveDriftSource(w.store, path.join(fixtures, 'large_reference.csv'), w.root);
  const cur = resolveDriftSource(w.store, path.join(fixtures, 'large_current.csv'), w.root);
  const options = { perColumn: { amount: { threshold: 'reference' as const } } };
  const r = await driftBetween(w.store, ref, cur, options);
  const amount = r.columns.find((c) => c.name === 'amount')!;
  assert.equal(amount.thresholdSource, 'reference');
  const expected = JSON.parse(fs.readFileSync(path.join(fixtures, 'expected.json'), 'utf8'));
  assert.ok(Math.abs(amount.threshold - expected.large.amount_learned.threshold) <= 1e-9 * expected.large.amount_learned.threshold);
  // Another test on the same reference: its chunks are scored and added to the stored summary.
  await driftBetween(w.store, ref, cur, { perColumn: { amount: { test: 'ks', threshold: 'reference' } } });
  const meta = JSON.parse(w.store.db.prepare('SELECT meta_json FROM drift_references').get<{ meta_json: string }>()!.meta_json);
  assert.deepEqual(Object.keys(meta.chunkScores.amount).sort(), ['ks', 'wasserstein']);
  w.store.close();
});

test('an unparseable batch version is reported under its label with its line', async () => {
  const w = dataWorkspace({ train: 'train.jsonl', incoming: 'incoming/*.jsonl' });
  w.write('train.jsonl', '{"a": 1}\n{"a": 2}\n');
  w.write('incoming/b.jsonl', '{"a": 1}\n{"a": \n');
  await versionDataset(w.store, w.root, w.config, 'train');
  await versionDataset(w.store, w.root, w.config, 'incoming');
  await assert.rejects(
    driftBetween(w.store, resolveDriftSource(w.store, 'train@1', w.root), resolveDriftSource(w.store, 'incoming:b.jsonl@1', w.root)),
    (e: Error) => e instanceof TableReadError && /^incoming:incoming\/b\.jsonl@1:2/.test(e.message),
  );
  w.store.close();
});

test('gc drops the summaries of content it no longer keeps and those of an older format, and keeps a kept reference\'s', async () => {
  const { w, ref, cur } = await versionedReferenceAndBatch();
  await driftBetween(w.store, ref, cur);
  const kept = w.store.db.prepare('SELECT hash, options FROM drift_references').get<{ hash: string; options: string }>()!;
  // A summary of data stored nowhere (a file compared once, since deleted), and one under a format no longer read.
  const data = await readColumnData(path.join(fixtures, 'small_reference.csv'));
  saveReferenceSummary(w.store, summaryKey(), summarize('f'.repeat(64), data));
  saveReferenceSummary(w.store, `drift-summary-0;{}`, summarize(kept.hash, data));
  const rows = () => w.store.db.prepare('SELECT hash, options FROM drift_references ORDER BY hash, options').all<{ hash: string; options: string }>();
  const columns = () => w.store.db.prepare('SELECT count(*) AS n FROM drift_reference_columns').get<{ n: number }>()!.n;
  assert.equal(rows().length, 3);

  const dry = collectGarbage(w.store, w.root, { dryRun: true });
  assert.equal(dry.summaries, 2);
  assert.equal(rows().length, 3, 'a dry run drops nothing');

  const columnsBefore = columns();
  const done = collectGarbage(w.store, w.root);
  assert.equal(done.summaries, 2);
  assert.deepEqual(rows(), [kept]);
  assert.ok(columns() < columnsBefore && columns() > 0, 'the dropped summaries took their columns with them');
  assert.ok(loadReferenceSummary(w.store, kept.hash, kept.options), "the kept reference's summary still reads");
  w.store.close();
});
