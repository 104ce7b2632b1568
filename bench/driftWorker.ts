// The drift bench's own side, run bundled in a process of its own (so its peak memory is its own):
// KS + Wasserstein (normed) + PSI per column on Float64 files written by bench/drift.ts, timed from
// the unsorted values in memory (sorting included, as scipy sorts inside its functions).
// Usage: node drift-worker.js pair REF.f64 CUR.f64 | node drift-worker.js wide REF.f64 CUR.f64 COLUMNS ROWS
import * as fs from 'node:fs';
import { histogramCounts, sturgesEdges } from '../src/core/drift/bins';
import { ks } from '../src/core/drift/ks';
import { psi } from '../src/core/drift/psi';
import { wasserstein } from '../src/core/drift/wasserstein';

function readColumn(file: string, column: number, rows: number): Float64Array {
  const out = new Float64Array(rows);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, new Uint8Array(out.buffer), 0, rows * 8, column * rows * 8);
  } finally {
    fs.closeSync(fd);
  }
  return out;
}

/** The three tests on one column pair; returns a checksum so nothing is optimised away. */
function threeTests(reference: Float64Array, current: Float64Array): number {
  reference.sort();
  current.sort();
  const k = ks(reference, current);
  const w = wasserstein(reference, current);
  const edges = sturgesEdges(reference, current);
  const p = psi(histogramCounts(reference, edges), histogramCounts(current, edges));
  return k.statistic + (k.pValue ?? 0) + w.statistic + p.statistic;
}

const [mode, refFile, curFile, columnsText, rowsText] = process.argv.slice(2);
let seconds = 0;
let check = 0;
if (mode === 'pair') {
  const reference = new Float64Array(new Uint8Array(fs.readFileSync(refFile)).buffer);
  const current = new Float64Array(new Uint8Array(fs.readFileSync(curFile)).buffer);
  const t = process.hrtime.bigint();
  check = threeTests(reference, current);
  seconds = Number(process.hrtime.bigint() - t) / 1e9;
} else {
  const columns = Number(columnsText);
  const rows = Number(rowsText);
  const t = process.hrtime.bigint();
  // Column by column, as scipy's loop goes: reading each column is timed on both sides.
  for (let c = 0; c < columns; c++) check += threeTests(readColumn(refFile, c, rows), readColumn(curFile, c, rows));
  seconds = Number(process.hrtime.bigint() - t) / 1e9;
}
process.stdout.write(JSON.stringify({ seconds, check, peakRssMb: process.resourceUsage().maxRSS / 1024 }) + '\n');
