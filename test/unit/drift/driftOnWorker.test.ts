// Drift checks whose reading and comparing run on a worker thread: the same report and stored
// summary as in-thread, nothing stored by a cancelled check, errors keeping their class and line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { versionDataset } from '../../../src/core/data/versionDataset';
import { TableReadError } from '../../../src/core/data/readers/types';
import { DriftInputError } from '../../../src/core/drift/compare';
import { driftBetween, resolveDriftSource, type DriftCheckOptions } from '../../../src/core/drift/driftCheck';
import { driftBetweenOnWorker } from '../../../src/core/drift/driftOnWorker';
import { loadReferenceSummary, summaryKey } from '../../../src/core/drift/referenceStore';
import { dataWorkspace } from '../data/helpers';

const fixtures = path.join(__dirname, '..', '..', 'fixtures', 'drift', 'compare');

/** A workspace with the fixture pair as dataset versions train@1 and incoming:batch.csv@1. */
async function versioned() {
  const w = dataWorkspace({ train: 'train.csv', incoming: 'incoming/*.csv' });
  w.write('train.csv', fs.readFileSync(path.join(fixtures, 'large_reference.csv')));
  w.write('incoming/batch.csv', fs.readFileSync(path.join(fixtures, 'large_current.csv')));
  await versionDataset(w.store, w.root, w.config, 'train');
  await versionDataset(w.store, w.root, w.config, 'incoming');
  return { ...w, ref: resolveDriftSource(w.store, 'train@1', w.root), cur: resolveDriftSource(w.store, 'incoming:batch.csv@1', w.root) };
}

const storedRows = (w: { store: { db: { prepare(sql: string): { get<T>(): T | undefined } } } }) => w.store.db.prepare('SELECT COUNT(*) AS n FROM drift_references').get<{ n: number }>()!.n;

for (const [name, options] of [
  ['default tests', {}],
  ['a learned threshold and a chosen test', { perColumn: { amount: { threshold: 'reference' }, level: { test: 'ks' } } }],
] as [string, DriftCheckOptions][]) {
  test(`on a worker, a check returns the in-thread report and stores the same summary (${name})`, async () => {
    const host = await versioned();
    const worker = await versioned();
    const progress: number[] = [];
    const expected = await driftBetween(host.store, host.ref, host.cur, options);
    const got = await driftBetweenOnWorker(worker.store, worker.ref, worker.cur, options, { onProgress: (f) => progress.push(f) });
    assert.deepEqual(got, expected);
    assert.equal(progress.at(-1), 1, 'progress reaches the caller and ends at 1');
    const hash = host.ref.kind === 'version' ? host.ref.version.hash : '';
    assert.deepEqual(loadReferenceSummary(worker.store, hash, summaryKey()), loadReferenceSummary(host.store, hash, summaryKey()));
    // Against the stored summary the worker reads only the batch and still agrees.
    assert.deepEqual(await driftBetweenOnWorker(worker.store, worker.ref, worker.cur, options), expected);
    host.store.close();
    worker.store.close();
  });
}

test('on a worker, a learned threshold with a test the stored summary never scored is scored and kept', async () => {
  const host = await versioned();
  const worker = await versioned();
  await driftBetween(host.store, host.ref, host.cur);
  await driftBetweenOnWorker(worker.store, worker.ref, worker.cur);
  const options: DriftCheckOptions = { perColumn: { amount: { test: 'ks', threshold: 'reference' } } };
  assert.deepEqual(await driftBetweenOnWorker(worker.store, worker.ref, worker.cur, options), await driftBetween(host.store, host.ref, host.cur, options));
  // A second test on a column already scored: the worker asks for the reference, then scores it.
  const more: DriftCheckOptions = { perColumn: { amount: { test: 'wasserstein', threshold: 'reference' } } };
  assert.deepEqual(await driftBetweenOnWorker(worker.store, worker.ref, worker.cur, more), await driftBetween(host.store, host.ref, host.cur, more));
  const hash = host.ref.kind === 'version' ? host.ref.version.hash : '';
  assert.deepEqual(Object.keys(loadReferenceSummary(worker.store, hash, summaryKey())!.chunkScores.amount).sort(), ['ks', 'wasserstein']);
  host.store.close();
  worker.store.close();
});

/** A CSV big enough that its read is still going when a check is cancelled. */
function bigCsv(file: string, rows: number, shift: number) {
  const lines = ['x,y,c'];
  for (let i = 0; i < rows; i++) lines.push(`${((i * 7919) % 10007) / 100 + shift},${(i * 31) % 977},${i % 5 ? 'a' : 'b'}`);
  fs.writeFileSync(file, lines.join('\n') + '\n');
}

for (const [when, at] of [
  ['reading the reference', 0],
  ['reading the batch, the reference summarized', 0.5],
] as const) {
  test(`a check on a worker cancelled while ${when} stores nothing`, async () => {
    const w = dataWorkspace({});
    bigCsv(w.abs('ref.csv'), 300_000, 0);
    bigCsv(w.abs('cur.csv'), 300_000, 1);
    const controller = new AbortController();
    const seen: number[] = [];
    const check = driftBetweenOnWorker(w.store, resolveDriftSource(w.store, 'ref.csv', w.root), resolveDriftSource(w.store, 'cur.csv', w.root), {}, {
      signal: controller.signal,
      onProgress: (f) => {
        seen.push(f);
        if (f > at && f < 1) controller.abort();
      },
    });
    await assert.rejects(check);
    assert.ok(controller.signal.aborted, `cancelled mid-read (progress seen: ${seen.join(', ')})`);
    assert.equal(storedRows(w), 0);
    w.store.close();
  });
}

test('an unparseable batch version read on a worker is reported under its label with its line', async () => {
  const w = dataWorkspace({ train: 'train.jsonl', incoming: 'incoming/*.jsonl' });
  w.write('train.jsonl', '{"a": 1}\n{"a": 2}\n');
  w.write('incoming/b.jsonl', '{"a": 1}\n{"a": \n');
  await versionDataset(w.store, w.root, w.config, 'train');
  await versionDataset(w.store, w.root, w.config, 'incoming');
  await assert.rejects(
    driftBetweenOnWorker(w.store, resolveDriftSource(w.store, 'train@1', w.root), resolveDriftSource(w.store, 'incoming:b.jsonl@1', w.root)),
    (e: Error) => e instanceof TableReadError && e.file === 'incoming:incoming/b.jsonl@1' && e.line === 2 && /^incoming:incoming\/b\.jsonl@1:2/.test(e.message),
  );
  assert.equal(storedRows(w), 0, 'a failed check stores no summary');
  w.store.close();
});

test('options that cannot apply fail on a worker as DriftInputError, as in-thread', async () => {
  const w = await versioned();
  const options: DriftCheckOptions = { perColumn: { city: { test: 'ks' } } };
  const inThread = await driftBetween(w.store, w.ref, w.cur, options).then(
    () => undefined,
    (e: Error) => e,
  );
  assert.ok(inThread instanceof DriftInputError, 'the in-thread check refuses the options');
  await assert.rejects(driftBetweenOnWorker(w.store, w.ref, w.cur, options), (e: Error) => e instanceof DriftInputError && e.message === inThread.message);
  w.store.close();
});
