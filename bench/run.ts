import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Store } from '../src/core/store/store';
import { benchData } from './data';
import { benchDataFolder } from './dataFolder';
import { benchDrift, benchDriftBatch } from './drift';
import { figure, medianMs, report, type Figure } from './harness';
import { benchMetricSeries } from './metricSeries';
import { benchOffThread } from './offThread';
import { benchPipeline } from './pipeline';
import { benchQuality } from './quality';
import { benchTeam } from './team';
import { benchRunOutput } from './runOutput';
import { benchWideHeader } from './wideHeader';
import { benchIngest, benchRunOverhead } from './tracking';

const workdir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-bench-'));
process.on('exit', () => fs.rmSync(workdir, { recursive: true, force: true }));
const figures: Figure[] = [];

// 1. Opening an existing store (pragmas + migration check) against opening the same file raw.
{
  const root = path.join(workdir, 'open');
  fs.mkdirSync(root);
  Store.open(root).close();
  const file = path.join(root, '.mlops', 'store.db');
  const raw = medianMs(() => new Database(file).close(), 31);
  const store = medianMs(() => Store.open(root).close(), 31);
  figures.push(figure({ name: 'store open (existing store)', unit: 'ms', value: store, baselineName: 'raw better-sqlite3 open+close', baseline: raw, goal: 'a few ms' }));
}

// 2. Indexed metric inserts: the rate later ingestion is measured against. Rows go into the real
// metrics table (with its (run, key, step) index) in 10k-row transactions; the baseline is the same
// rows into an index-free table, which bounds what SQLite itself can do here.
{
  const rows = 200_000;
  const batch = 10_000;
  const rate = (file: string, sql: string, setup: (db: Database.Database) => void) => {
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    setup(db);
    const insert = db.prepare(sql);
    const tx = db.transaction((from: number) => {
      for (let i = from; i < from + batch; i++) insert.run('run-1', `key${i % 4}`, i, Math.sin(i), 1_764_241_200_000 + i);
    });
    const t = process.hrtime.bigint();
    for (let from = 0; from < rows; from += batch) tx(from);
    const s = Number(process.hrtime.bigint() - t) / 1e9;
    db.close();
    return rows / s;
  };
  const plain = rate(path.join(workdir, 'plain.db'), 'INSERT INTO plain VALUES (?, ?, ?, ?, ?)', (db) => db.exec('CREATE TABLE plain (run_id TEXT, key TEXT, step INTEGER, value REAL, timestamp INTEGER)'));
  // The real schema, made by the store's own migrations.
  const root = path.join(workdir, 'indexed');
  fs.mkdirSync(root);
  Store.open(root).close();
  const indexed = rate(path.join(root, '.mlops', 'store.db'), 'INSERT INTO metrics (run_id, key, step, value, timestamp) VALUES (?, ?, ?, ?, ?)', (db) => {
    db.pragma('foreign_keys = ON');
    db.exec(`INSERT INTO runs (id, name, experiment, status, command, cwd, created_at) VALUES ('run-1', 'bench', 'bench', 'running', 'x', '.', 0)`);
  });
  figures.push(figure({ name: 'raw better-sqlite3 indexed metric insert rate (baseline for ingestion)', unit: 'rows/s', value: indexed, baselineName: 'same rows, no index', baseline: plain }));
}

figures.push(benchIngest(workdir));
figures.push(benchRunOverhead(workdir, path.resolve(__dirname, '..', 'dist', 'cli.js')));

figures.push(...benchMetricSeries());
figures.push(...benchData(workdir));
figures.push(...benchDataFolder(workdir, path.resolve(__dirname, '..', 'dist', 'cli.js')));
figures.push(...benchQuality(workdir));
figures.push(...benchDrift(workdir));
figures.push(...benchDriftBatch(workdir, path.resolve(__dirname, '..', 'dist', 'cli.js')));
void (async () => {
  figures.push(...(await benchWideHeader(workdir)));
  // The extension host's thread while big files are versioned and restored, and a chatty run drained.
  figures.push(...(await benchOffThread(workdir)));
  figures.push(await benchRunOutput(workdir));
  // Push and pull through a throwaway PostgreSQL and a folder remote (bench/team.ts).
  figures.push(...(await benchTeam(workdir)));
  // mlops repro: a no-op over 1 GB of dependencies against git status, a run-cache restore against running (bench/pipeline.ts).
  figures.push(...(await benchPipeline(workdir, path.resolve(__dirname, '..', 'dist', 'cli.js'))));
  report(figures, path.resolve(__dirname, '..', 'test-results', 'bench.json'));
})();
