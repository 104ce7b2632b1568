// The byte-level CSV profile (profileCsv) against the row reader's (profileTable over openCsv) on the
// same files: every figure equal, on the readers' tricky corpus and on generated files full of
// quotes, line breaks in fields, CRLF, blank lines, ragged rows and non-ASCII text, read in chunks
// small enough to cut records, fields and characters anywhere.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openTable } from '../../../src/core/data/readers/openTable';
import { profileFile, profileTable } from '../../../src/core/quality/profile';
import { seededRandom } from '../../../src/core/seededRandom';
import { tempWorkspace } from '../tempWorkspace';

const tables = path.join(__dirname, '..', '..', 'fixtures', 'tables');
const CHUNKS = [16, 17, 31, 64, 1000, undefined];

async function outcome<T>(fn: () => Promise<T>): Promise<T | string> {
  try {
    return await fn();
  } catch (err) {
    return `${(err as Error).name}: ${(err as Error).message}`;
  }
}

async function assertSameProfile(file: string): Promise<void> {
  const rows = await outcome(async () => profileTable(await openTable(file)));
  for (const chunkBytes of CHUNKS) {
    const bytes = await outcome(() => profileFile(file, { csv: { chunkBytes } }));
    assert.deepEqual(bytes, rows, `${path.basename(file)} read in ${chunkBytes ?? 'default'}-byte chunks`);
  }
}

test('byte-level profile equals the row reader on every CSV of the readers corpus', async () => {
  const files = fs.readdirSync(tables).filter((f) => f.endsWith('.csv'));
  assert.ok(files.length >= 10);
  for (const f of files) await assertSameProfile(path.join(tables, f));
});

/** A cell of a random kind: numbers of every form, null tokens, booleans, dates, quoted text. */
function cell(random: () => number): string {
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)];
  switch (Math.floor(random() * 12)) {
    case 0:
      return String(Math.floor(random() * 100) - 50);
    case 1:
      return (random() * 1000 - 500).toFixed(Math.floor(random() * 4));
    case 2:
      return pick(['1e5', '-2.5E-3', '+7', '.5', '5.', '-', '+', '.', '1.#IND', '-nan', 'inf', '-Infinity', '12345678901234567890', '0.1234567890123456789']);
    case 3:
      return pick(['', 'NA', 'null', 'None', 'n/a', 'NaN']);
    case 4:
      return pick(['true', 'false', 'True', 'FALSE']);
    case 5:
      return pick(['2024-03-05', '2024-03-05T14:30:00Z', '03/05/2024', 'Mar 5, 2024', '2024-02-30']);
    case 6:
      return pick(['"a,b"', '"say ""hi"""', '"line\nbreak"', '"crlf\r\nin field"', '""', '"x"y', '"ab"c']);
    case 7:
      return pick(['Zürich', 'São Paulo', '東京', 'naïve café', 'emoji 🙂']);
    default:
      return pick(['red', 'green', 'blue', 'a"b', 'plain text']);
  }
}

test('byte-level profile equals the row reader on generated tricky CSVs, in chunks that cut anywhere', async () => {
  const dir = tempWorkspace();
  for (let seed = 1; seed <= 12; seed++) {
    const random = seededRandom(seed);
    const width = 1 + Math.floor(random() * 5);
    const eol = seed % 3 === 0 ? '\r\n' : '\n';
    const lines = [Array.from({ length: width }, (_, i) => `c${i}`).join(',')];
    for (let r = 0; r < 200; r++) {
      const roll = random();
      if (roll < 0.03) lines.push(''); // blank line
      else {
        // Now and then a ragged row, one field short or long.
        const n = roll < 0.06 ? width + (random() < 0.5 ? -1 : 1) : width;
        lines.push(Array.from({ length: Math.max(n, 1) }, () => cell(random)).join(','));
      }
    }
    let text = lines.join(eol) + (seed % 4 === 0 ? '' : eol);
    if (seed % 5 === 0) text = '\uFEFF' + text;
    const file = path.join(dir, `gen${seed}.csv`);
    fs.writeFileSync(file, text);
    await assertSameProfile(file);
  }
});

test('byte-level profile: a ragged row stops it in "error" mode, naming the line, as the row reader does', async () => {
  const dir = tempWorkspace();
  const file = path.join(dir, 'ragged.csv');
  fs.writeFileSync(file, 'a,b\n1,2\n"x\ny",3\n4,5,6\n');
  await assert.rejects(profileFile(file, { csv: { ragged: 'error', chunkBytes: 16 } }), /ragged\.csv:5: ragged row: 3 fields where the header has 2/);
});

test('byte-level profile: thousands of distinct texts of one length are told apart and counted', async () => {
  const dir = tempWorkspace();
  const file = path.join(dir, 'codes.csv');
  const random = seededRandom(7);
  const lines = ['code,n'];
  for (let r = 0; r < 20000; r++) lines.push(`k${String(Math.floor(random() * random() * 3000)).padStart(4, '0')},${r % 7}`);
  fs.writeFileSync(file, lines.join('\n') + '\n');
  await assertSameProfile(file);
  const p = await profileFile(file);
  assert.ok(p.columns[0].distinct > 2000, `distinct ${p.columns[0].distinct}`);
});

/** Every figure equal, but means and deviations, which parts combine by Chan's formula: to 1e-12. */
function assertSameFigures(actual: unknown, expected: unknown, where = ''): void {
  if (typeof expected === 'number' && typeof actual === 'number' && /\.(mean|std|stdSample)$/.test(where)) {
    assert.ok(Math.abs(actual - expected) <= 1e-12 * Math.max(1, Math.abs(expected)), `${where}: ${actual} vs ${expected}`);
  } else if (expected && typeof expected === 'object' && actual && typeof actual === 'object') {
    assert.deepEqual(Object.keys(actual).sort(), Object.keys(expected).sort(), where);
    for (const k of Object.keys(expected)) assertSameFigures((actual as Record<string, unknown>)[k], (expected as Record<string, unknown>)[k], `${where}.${k}`);
  } else assert.deepEqual(actual, expected, where);
}

function writeMixed(file: string, rows: number, seed: number, extra = '', at = 0.5): void {
  const random = seededRandom(seed);
  const lines = ['id,age,score,city,flag,day'];
  for (let r = 0; r < rows; r++) {
    const age = random() < 0.02 ? '' : String(18 + Math.floor(random() * 70));
    const city = ['Oslo', 'Lima', 'Zürich', '"Rome, IT"', 'NA'][Math.floor(random() * 5)];
    lines.push(`${r},${age},${random().toFixed(4)},${city},${random() < 0.5 ? 'true' : 'False'},2024-01-${String(1 + (r % 28)).padStart(2, '0')}`);
    if (r === Math.floor(rows * at)) lines.push(extra);
  }
  fs.writeFileSync(file, lines.filter((l) => l !== '').join('\n') + '\n');
}

test('a CSV profiled in parts on worker threads gives the figures of one pass', async () => {
  const dir = tempWorkspace();
  const file = path.join(dir, 'parts.csv');
  writeMixed(file, 20000, 3);
  const one = await profileFile(file, { threads: 1 });
  for (const threads of [2, 3]) {
    let last = 0;
    const parts = await profileFile(file, { threads, partBytes: 64 << 10, onProgress: (f) => (last = f) });
    assertSameFigures(parts, one);
    assert.ok(last > 0.5 && last <= 1, `progress ends near 1: ${last}`);
  }
  // Parts keep a share of the numbers for exact figures, yet the merge is exact where one pass is.
  const limits = { exactNumbersLimit: 25000, sampleSize: 1000 };
  const exact = await profileFile(file, { ...limits, threads: 1 });
  assert.equal(exact.columns[2].quantileRankError, undefined);
  assertSameFigures(await profileFile(file, { ...limits, threads: 2, partBytes: 64 << 10 }), exact);
});

test('parts that would begin inside a quoted field with line breaks fall back to one pass', async () => {
  const dir = tempWorkspace();
  const file = path.join(dir, 'spanning.csv');
  // A field of 400 quoted lines in the middle of the file: every split point lands inside it.
  const field = `"${Array.from({ length: 400 }, (_, i) => `line ${i}, still quoted`).join('\n')}"`;
  writeMixed(file, 4000, 4, `9999,40,0.5,${field},true,2024-02-01`);
  const one = await profileFile(file, { threads: 1 });
  assert.equal(one.rows, 4001);
  assertSameFigures(await profileFile(file, { threads: 2, partBytes: 16 << 10 }), one);
});

test('a ragged row in a later part is reported at its line, as one pass reports it', async () => {
  const dir = tempWorkspace();
  const file = path.join(dir, 'late-ragged.csv');
  writeMixed(file, 20000, 5, '1,2,3', 0.8);
  const line = fs.readFileSync(file, 'utf8').split('\n').indexOf('1,2,3') + 1;
  await assert.rejects(profileFile(file, { threads: 2, partBytes: 64 << 10, csv: { ragged: 'error' } }), new RegExp(`late-ragged\\.csv:${line}: ragged row: 3 fields`));
});

test('cancelling a profile in parts stops every part', async () => {
  const dir = tempWorkspace();
  const file = path.join(dir, 'cancel.csv');
  writeMixed(file, 200000, 6);
  const ctrl = new AbortController();
  const run = profileFile(file, { threads: 2, partBytes: 64 << 10, signal: ctrl.signal, onProgress: (f) => f > 0.1 && ctrl.abort() });
  await assert.rejects(run, (err: Error) => err.name === 'AbortError');
});
