// The baselines of the team figures (bench/team.ts): the least any push or pull of the same rows or
// files must do, written with the plainest tools (pg + pg-copy-streams, better-sqlite3, fs.copyFile).
import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable, Writable } from 'node:stream';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';

type MetricRow = [runId: string, key: string, step: number, value: number | null, timestamp: number];

/** COPY text format: NULL as \N; keys and ids here hold no tab, newline or backslash. */
function copyLine(r: MetricRow): string {
  return `${r[0]}\t${r[1]}\t${r[2]}\t${r[3] === null ? '\\N' : r[3]}\t${r[4]}\n`;
}

/** A store's metric rows as COPY text, in chunks of about 1 MB. */
function* metricChunks(storeFile: string): Generator<string> {
  const db = new Database(storeFile, { readonly: true });
  try {
    let chunk = '';
    for (const r of db.prepare('SELECT run_id, key, step, value, timestamp FROM metrics').raw().iterate() as Iterable<MetricRow>) {
      chunk += copyLine(r);
      if (chunk.length >= 1 << 20) {
        yield chunk;
        chunk = '';
      }
    }
    if (chunk) yield chunk;
  } finally {
    db.close();
  }
}

/**
 * Push's baseline: read every metric row of the store and COPY it into a plain table (no index, no
 * key, no trigger) in one transaction. Returns the milliseconds and the rows copied.
 */
export async function rawCopyIn(url: string, storeFile: string): Promise<{ ms: number; rows: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('DROP TABLE IF EXISTS bench_copy');
    await client.query('CREATE TABLE bench_copy (run_id text, key text, step bigint, value double precision, timestamp bigint)');
    const t = process.hrtime.bigint();
    await client.query('BEGIN');
    await pipeline(Readable.from(metricChunks(storeFile)), client.query(copyFrom('COPY bench_copy FROM STDIN')));
    await client.query('COMMIT');
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    const rows = Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM bench_copy')).rows[0].n);
    return { ms, rows };
  } finally {
    await client.end();
  }
}

/**
 * Pull's baseline: COPY the team store's metric rows TO STDOUT and insert them into a fresh store's
 * metrics table (its index included) with one prepared statement in 50k-row transactions.
 */
export async function rawCopyOut(url: string, storeFile: string, table = 'mlops.run_metrics'): Promise<{ ms: number; rows: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const db = new Database(storeFile);
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = OFF'); // the rows alone: a pull also writes their runs
  try {
    const insert = db.prepare('INSERT INTO metrics (run_id, key, step, value, timestamp) VALUES (?, ?, ?, ?, ?)');
    let pending: string[][] = [];
    let rows = 0;
    const flush = db.transaction((batch: string[][]) => {
      for (const f of batch) insert.run(f[0], f[1], Number(f[2]), f[3] === '\\N' ? null : Number(f[3]), Number(f[4]));
    });
    let rest = '';
    const t = process.hrtime.bigint();
    await pipeline(
      client.query(copyTo(`COPY (SELECT run_id, key, step, value, timestamp FROM ${table}) TO STDOUT`)),
      new Writable({
        write(chunk: Buffer, _enc, done) {
          const lines = (rest + chunk.toString('utf8')).split('\n');
          rest = lines.pop() ?? '';
          for (const line of lines) pending.push(line.split('\t'));
          if (pending.length >= 50_000) {
            flush(pending);
            rows += pending.length;
            pending = [];
          }
          done();
        },
      }),
    );
    if (rest) pending.push(rest.split('\t'));
    flush(pending);
    rows += pending.length;
    return { ms: Number(process.hrtime.bigint() - t) / 1e6, rows };
  } finally {
    db.close();
    await client.end();
  }
}

/** The objects baseline: copy each file into a plain folder, one after another, as `cp` would. */
export function plainCopy(files: string[], destDir: string): number {
  fs.mkdirSync(destDir, { recursive: true });
  const t = process.hrtime.bigint();
  for (const f of files) fs.copyFileSync(f, path.join(destDir, path.basename(f)));
  return Number(process.hrtime.bigint() - t) / 1e6;
}
