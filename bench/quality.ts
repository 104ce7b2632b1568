// Data-quality figures: profiling a generated CSV (MLOPS_BENCH_QUALITY_MB, default 1 GiB) with our
// core against pandas read_csv + describe(include='all') on the same file, and both peak RSS.
// Each side runs in its own process so its peak memory is its own. Ours runs bundled, as the CLI and
// the extension ship it (under tsx, every use of an imported binding goes through a getter).
import { spawnSync } from 'node:child_process';
import { buildSync } from 'esbuild';
import * as os from 'node:os';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { figure, type Figure } from './harness';
import { writeQualityCsv } from './qualityCsv';

interface Side {
  seconds: number;
  rows: number;
  peakRssMb: number;
  threads?: number;
}

const PYTHONS = ['python3', '/usr/bin/python3'];

/** bench/qualityWorker.ts bundled beside the worker-thread entry it starts for a big CSV's parts. */
function bundleWorker(): string {
  const outdir = path.join(__dirname, '..', 'dist', 'bench');
  buildSync({
    entryPoints: { 'quality-worker': path.join(__dirname, 'qualityWorker.ts'), worker: path.join(__dirname, '..', 'src', 'core', 'worker', 'workerEntry.ts') },
    outdir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['better-sqlite3'],
    logLevel: 'warning',
  });
  return path.join(outdir, 'quality-worker.js');
}

/** The first Python that imports pandas, or undefined. */
function pythonWithPandas(): string | undefined {
  return PYTHONS.find((py) => spawnSync(py, ['-c', 'import pandas'], { stdio: 'ignore' }).status === 0);
}

function runJson(cmd: string, args: string[], what: string): { out: Side; wallSeconds: number } {
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 20 });
  const wallSeconds = Number(process.hrtime.bigint() - t) / 1e9;
  if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status}): ${r.stderr}`);
  return { out: JSON.parse(r.stdout) as Side, wallSeconds };
}

export function benchQuality(workdir: string): Figure[] {
  const mb = Number(process.env.MLOPS_BENCH_QUALITY_MB ?? 1024);
  const free = fs.statfsSync(workdir);
  const freeMb = (free.bavail * free.bsize) / 1048576;
  if (freeMb < mb + 1024) {
    console.log(`quality bench skipped: ${Math.round(freeMb)} MB free in ${workdir}, ${mb + 1024} MB needed (set MLOPS_BENCH_QUALITY_MB lower).`);
    return [];
  }
  const file = path.join(workdir, 'quality.csv');
  const rows = writeQualityCsv(file, mb);
  const fileMb = fs.statSync(file).size / 1048576;
  try {
    const worker = bundleWorker();
    const ours = runJson(process.execPath, [worker, file], 'bench/qualityWorker.ts').out;
    const oneThread = runJson(process.execPath, [worker, file, '1'], 'bench/qualityWorker.ts, one thread').out;
    if (ours.rows !== rows) throw new Error(`our profile counted ${ours.rows} rows where ${rows} were written`);
    const oursMBps = fileMb / ours.seconds;
    const label = `profile a ${Math.round(fileMb)} MB CSV (${rows.toLocaleString('en-US')} rows x 8 columns; ${ours.threads} threads on ${os.availableParallelism()} cores)`;
    const python = pythonWithPandas();
    if (!python) {
      const skipped = `pandas: skipped, no Python here imports pandas (tried ${PYTHONS.join(', ')}); apt-get install python3-pandas`;
      return [
        figure({ name: label, unit: 'MB/s', value: oursMBps, baselineName: skipped, baseline: NaN, goal: '>= 1.5x pandas' }),
        figure({ name: `peak RSS profiling the ${Math.round(fileMb)} MB CSV`, unit: 'MB', value: ours.peakRssMb, baselineName: 'the file size', baseline: fileMb, goal: 'far below the file size' }),
      ];
    }
    const pandas = runJson(python, [path.join(__dirname, 'pandasProfile.py'), file], 'pandas read_csv + describe');
    if (pandas.out.rows !== rows) throw new Error(`pandas counted ${pandas.out.rows} rows where ${rows} were written`);
    return [
      figure({ name: label, unit: 'MB/s', value: oursMBps, baselineName: 'pandas read_csv + describe(include="all"), timed inside Python', baseline: fileMb / pandas.out.seconds, goal: '>= 1.5x' }),
      figure({ name: `the same on one thread`, unit: 'MB/s', value: fileMb / oneThread.seconds, baselineName: 'pandas, as above', baseline: fileMb / pandas.out.seconds }),
      figure({ name: `${label}, pandas with interpreter start-up and imports`, unit: 'MB/s', value: oursMBps, baselineName: `pandas, ${python} wall time`, baseline: fileMb / pandas.wallSeconds }),
      figure({
        name: `peak RSS profiling the ${Math.round(fileMb)} MB CSV`,
        unit: 'MB',
        value: ours.peakRssMb,
        baselineName: 'pandas peak RSS, same file',
        baseline: pandas.out.peakRssMb,
        goal: `far below the file size (${Math.round(fileMb)} MB)`,
      }),
    ];
  } finally {
    fs.rmSync(file, { force: true });
  }
}
