// Drift figures (issue #13): KS + Wasserstein + PSI on 1M vs 1M floats, and the same three tests
// per column on a wide table (MLOPS_BENCH_DRIFT_COLUMNS, default 1,000 numeric columns x 100k
// rows), each against scipy's ks_2samp + wasserstein_distance + numpy's PSI on the same Float64
// files, with both sides' peak memory. Each side runs in its own process; ours bundled, as shipped.
import { spawnSync } from 'node:child_process';
import { buildSync } from 'esbuild';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { seededRandom } from '../src/core/seededRandom';
import { figure, type Figure } from './harness';

interface Side {
  seconds: number;
  check: number;
  peakRssMb: number;
}

const PYTHONS = ['python3', '/usr/bin/python3'];

function bundleWorker(): string {
  // Outside dist/: what dist/ holds is what the VSIX ships (the packaging test checks it).
  const outdir = path.join(os.tmpdir(), 'mlops-bench-drift');
  buildSync({ entryPoints: { 'drift-worker': path.join(__dirname, 'driftWorker.ts') }, outdir, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning' });
  return path.join(outdir, 'drift-worker.js');
}

function pythonWithScipy(): string | undefined {
  return PYTHONS.find((py) => spawnSync(py, ['-c', 'import scipy.stats, numpy'], { stdio: 'ignore' }).status === 0);
}

function run(cmd: string, args: string[], what: string): Side {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as Side;
}

/** `count` normal-ish floats (sum of three uniforms, shifted), written as little-endian Float64. */
function writeFloats(file: string, count: number, seed: number, shift: number): void {
  const random = seededRandom(seed);
  const fd = fs.openSync(file, 'w');
  const chunk = new Float64Array(1 << 16);
  try {
    for (let done = 0; done < count; done += chunk.length) {
      const n = Math.min(chunk.length, count - done);
      for (let i = 0; i < n; i++) chunk[i] = (random() + random() + random() - 1.5) * 2 + shift + Math.floor(((done + i) / count) * 8) * 0.01;
      fs.writeSync(fd, new Uint8Array(chunk.buffer, 0, n * 8));
    }
  } finally {
    fs.closeSync(fd);
  }
}

const CATEGORIES = ['alpha', 'beta', 'gamma', 'delta', 'epsilon'];

/** A CSV of 16 float and 4 text columns, `rows` rows, written in 64k-row pieces. */
function writeBatchCsv(file: string, rows: number, seed: number, shift: number): void {
  const random = seededRandom(seed);
  const names = [...Array.from({ length: 16 }, (_, j) => `f${j}`), ...Array.from({ length: 4 }, (_, j) => `c${j}`)];
  const fd = fs.openSync(file, 'w');
  try {
    fs.writeSync(fd, names.join(',') + '\n');
    for (let done = 0; done < rows; done += 65_536) {
      const lines: string[] = [];
      for (let i = done; i < Math.min(rows, done + 65_536); i++) {
        const cells: string[] = [];
        for (let j = 0; j < 16; j++) cells.push(((random() + random() + random() - 1.5) * 2 + shift).toFixed(4));
        for (let j = 0; j < 4; j++) cells.push(CATEGORIES[Math.floor(random() * CATEGORIES.length)]);
        lines.push(cells.join(','));
      }
      fs.writeSync(fd, lines.join('\n') + '\n');
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** Wall seconds of the built CLI with `args` (start-up included, as a user or CI sees it). */
function cliSeconds(cli: string, args: string[], cwd: string): number {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', maxBuffer: 16 << 20 });
  if (r.status !== 0) throw new Error(`mlops ${args.join(' ')} failed (exit ${r.status}): ${r.stderr}`);
  return Number(process.hrtime.bigint() - t) / 1e9;
}

/**
 * A 20-column, 1M-row CSV batch checked end to end by `mlops drift` against a reference whose
 * summary is already stored, against `mlops profile` of that batch alone (goal: <= 1.2x).
 */
export function benchDriftBatch(workdir: string, cli: string): Figure[] {
  const root = path.join(workdir, 'drift-batch');
  fs.mkdirSync(root, { recursive: true });
  fs.writeFileSync(path.join(root, 'mlops.json'), '{}');
  const ref = path.join(root, 'reference.csv');
  const cur = path.join(root, 'batch.csv');
  try {
    writeBatchCsv(ref, 1_000_000, 5, 0);
    writeBatchCsv(cur, 1_000_000, 6, 0.05);
    // The first check stores the reference's summary; the timed ones read only the batch (and hash the reference).
    cliSeconds(cli, ['drift', ref, cur], root);
    const times = (args: string[]) => [0, 1, 2].map(() => cliSeconds(cli, args, root)).sort((a, b) => a - b)[1];
    const drift = times(['drift', ref, cur]);
    const profile = times(['profile', cur]);
    return [figure({ name: 'drift: 20-column 1M-row CSV batch checked end to end against a stored reference (mlops drift)', unit: 's', value: drift, baselineName: 'mlops profile of the same batch alone', baseline: profile, goal: '<= 1.2x' })];
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

/** Median of `rounds` runs of a side, by seconds. */
function median(rounds: number, side: () => Side): Side {
  const runs = Array.from({ length: rounds }, side).sort((a, b) => a.seconds - b.seconds);
  return runs[Math.floor(rounds / 2)];
}

export function benchDrift(workdir: string): Figure[] {
  const python = pythonWithScipy();
  const worker = bundleWorker();
  const scipyScript = path.join(__dirname, 'scipyDrift.py');
  const skipped = `scipy: skipped, no Python here imports scipy and numpy (tried ${PYTHONS.join(', ')}); apt-get install python3-scipy`;
  const figures: Figure[] = [];

  const ref = path.join(workdir, 'drift-ref.f64');
  const cur = path.join(workdir, 'drift-cur.f64');
  try {
    writeFloats(ref, 1_000_000, 1, 0);
    writeFloats(cur, 1_000_000, 2, 0.05);
    const ours = median(5, () => run(process.execPath, [worker, 'pair', ref, cur], 'bench/driftWorker.ts pair'));
    const scipy = python ? median(5, () => run(python, [scipyScript, 'pair', ref, cur], 'scipy pair')) : undefined;
    if (scipy && Math.abs(ours.check - scipy.check) > 1e-6 * Math.abs(scipy.check)) throw new Error(`drift bench: our figures (${ours.check}) differ from scipy's (${scipy.check})`);
    figures.push(
      figure({ name: 'drift: KS + Wasserstein + PSI on 1M vs 1M floats', unit: 's', value: ours.seconds, baselineName: scipy ? 'scipy ks_2samp + wasserstein_distance + numpy PSI, timed inside Python' : skipped, baseline: scipy?.seconds ?? NaN, goal: '<= 0.5x' }),
    );
  } finally {
    fs.rmSync(ref, { force: true });
    fs.rmSync(cur, { force: true });
  }

  const columns = Number(process.env.MLOPS_BENCH_DRIFT_COLUMNS ?? 1000);
  const rows = 100_000;
  try {
    writeFloats(ref, columns * rows, 3, 0);
    writeFloats(cur, columns * rows, 4, 0.02);
    const ours = run(process.execPath, [worker, 'wide', ref, cur, String(columns), String(rows)], 'bench/driftWorker.ts wide');
    const scipy = python ? run(python, [scipyScript, 'wide', ref, cur, String(columns), String(rows)], 'scipy wide') : undefined;
    if (scipy && Math.abs(ours.check - scipy.check) > 1e-6 * Math.abs(scipy.check)) throw new Error(`drift bench (wide): our figures (${ours.check}) differ from scipy's (${scipy.check})`);
    const label = `${columns.toLocaleString('en-US')} numeric columns x 100k rows`;
    figures.push(
      figure({ name: `drift: KS + Wasserstein + PSI per column, ${label}`, unit: 's', value: ours.seconds, baselineName: scipy ? 'the same scipy/numpy loop, timed inside Python' : skipped, baseline: scipy?.seconds ?? NaN, goal: '<= 0.5x' }),
      figure({ name: `drift: peak RSS, ${label}`, unit: 'MB', value: ours.peakRssMb, baselineName: scipy ? 'scipy loop peak RSS' : skipped, baseline: scipy?.peakRssMb ?? NaN }),
    );
  } finally {
    fs.rmSync(ref, { force: true });
    fs.rmSync(cur, { force: true });
  }
  return figures;
}
