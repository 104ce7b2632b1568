// Team figures (docs/teams.md): push and pull of 1,000 runs holding 1M metric points in all through a
// throwaway PostgreSQL cluster (test/harness/postgres.mjs), each against a raw COPY of the same rows
// (bench/teamBaselines.ts); a push of 1 GB of objects to a folder remote against a plain copy of the
// same files; and a pull with nothing new, in queries and milliseconds. Both sides of each figure run
// on the same cluster, in the same process, one after the other.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { Store } from '../src/core/store/store';
import { initTeam } from '../src/core/team/teamInit';
import { connectTeam } from '../src/core/team/teamConnect';
import { pushRecords } from '../src/core/team/pushRecords';
import { pullRecords } from '../src/core/team/pullRecords';
import { insertRun } from '../src/core/tracking/runRecords';
import { figure, report, type Figure } from './harness';
import { rawCopyIn, rawCopyOut } from './teamBaselines';
import { benchTeamObjects } from './teamObjects';

const RUNS = Number(process.env.MLOPS_BENCH_TEAM_RUNS ?? 1000);
const POINTS = Number(process.env.MLOPS_BENCH_TEAM_POINTS ?? 1_000_000);
const KEYS = ['train/loss', 'val/loss', 'val/acc', 'lr'];

interface Postgres {
  url: string;
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

async function startPostgres(): Promise<Postgres> {
  // The harness is plain ESM without types; the path is built so TypeScript does not resolve it.
  const harness = pathToFileURL(path.resolve(__dirname, '..', 'test', 'harness', 'postgres.mjs')).href;
  const mod = (await import(harness)) as { startPostgres(): Promise<Postgres> };
  return mod.startPostgres();
}

const elapsedMs = (t: bigint) => Number(process.hrtime.bigint() - t) / 1e6;

/** A workspace with RUNS finished runs and POINTS metric points spread over them, made by tracking's own code. */
function runsWorkspace(root: string): Store {
  fs.mkdirSync(root, { recursive: true });
  fs.writeFileSync(path.join(root, 'mlops.json'), '{}\n');
  const store = Store.open(root);
  const perRun = Math.ceil(POINTS / RUNS);
  const insert = store.db.prepare('INSERT INTO metrics (run_id, key, step, value, timestamp) VALUES (?, ?, ?, ?, ?)');
  let left = POINTS;
  for (let r = 0; r < RUNS; r++) {
    const id = `bench-run-${String(r).padStart(5, '0')}`;
    const createdAt = 1_764_241_200_000 + r * 60_000;
    insertRun(store, { id, name: id, experiment: 'bench', status: 'finished', command: 'python train.py', cwd: '.', params: { lr: 0.01, seed: r }, createdAt, startedAt: createdAt, endedAt: createdAt + 50_000, exitCode: 0 });
    const n = Math.min(perRun, left);
    left -= n;
    store.transaction(() => {
      for (let i = 0; i < n; i++) insert.run(id, KEYS[i % KEYS.length], Math.floor(i / KEYS.length), Math.sin(r + i) * 0.5 + 0.5, createdAt + i);
    });
  }
  return store;
}

/** Counts the queries sent through any pg client of this process while `fn` runs. */
async function countQueries<T>(fn: () => Promise<T>): Promise<{ value: T; queries: number }> {
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  let queries = 0;
  proto.query = function (this: unknown, ...args: unknown[]) {
    queries++;
    return original.apply(this, args);
  };
  try {
    return { value: await fn(), queries };
  } finally {
    proto.query = original;
  }
}

/** [ours, baseline] in milliseconds: ours first in even rounds, the baseline first in odd ones. */
async function bothSides(n: number, ours: () => Promise<number>, baseline: () => Promise<number>): Promise<[number, number]> {
  if (n % 2 === 0) {
    const o = await ours();
    return [o, await baseline()];
  }
  const b = await baseline();
  return [await ours(), b];
}

/** The milliseconds of one push and one pull through a new team store, and of their baselines on it. */
interface Round {
  push: number;
  copyIn: number;
  pull: number;
  copyOut: number;
}

async function round(server: Postgres, workdir: string, template: string, n: number, last: boolean, figures: Figure[]): Promise<Round> {
  const url = await server.createDatabase(`bench_team_${n}`);
  await initTeam(url);
  const team = await connectTeam(url);
  try {
    // A copy of the same workspace each round: a pushed one has nothing left to push.
    const aliceRoot = path.join(workdir, `team-alice-${n}`);
    fs.cpSync(template, aliceRoot, { recursive: true });
    const alice = Store.open(aliceRoot);
    // Push: the records (runs, params, audit entries) with their metric rows by COPY, and the baseline
    // on the same server; which goes first alternates between rounds.
    const pushOurs = async () => {
      const t = process.hrtime.bigint();
      const r = await pushRecords(alice, alice.root, team, {});
      const ms = elapsedMs(t);
      if (r.pushed.run !== RUNS) throw new Error(`pushed ${r.pushed.run} of ${RUNS} runs`);
      return ms;
    };
    const pushRaw = async () => {
      const r = await rawCopyIn(url, alice.file);
      if (r.rows !== POINTS) throw new Error(`the baseline copied ${r.rows} of ${POINTS} rows`);
      return r.ms;
    };
    const [push, copyIn] = await bothSides(n, pushOurs, pushRaw);
    alice.close();

    // Pull of the same into a fresh workspace; the baseline into another fresh store.
    const bob = Store.open(fresh(path.join(workdir, `team-bob-${n}`)));
    const rawStore = Store.open(fresh(path.join(workdir, `team-raw-${n}`)));
    rawStore.close();
    const pullOurs = async () => {
      const t = process.hrtime.bigint();
      const r = await pullRecords(bob, bob.root, team, {});
      const ms = elapsedMs(t);
      if (r.pulled.run !== RUNS) throw new Error(`pulled ${r.pulled.run} of ${RUNS} runs`);
      const points = bob.db.prepare('SELECT count(*) AS n FROM metrics').get() as { n: number };
      if (points.n !== POINTS) throw new Error(`pulled ${points.n} of ${POINTS} metric points`);
      return ms;
    };
    const pullRaw = async () => (await rawCopyOut(url, rawStore.file)).ms;
    const [pull, copyOut] = await bothSides(n, pullOurs, pullRaw);

    if (last) {
      // A pull with nothing new: its queries, and its milliseconds against one round trip.
      const noop = await countQueries(() => pullRecords(bob, bob.root, team, {}));
      const idle: number[] = [];
      const roundTrip: number[] = [];
      for (let i = 0; i < 21; i++) {
        let t = process.hrtime.bigint();
        await pullRecords(bob, bob.root, team, {});
        idle.push(elapsedMs(t));
        t = process.hrtime.bigint();
        await team.query('SELECT 1');
        roundTrip.push(elapsedMs(t));
      }
      figures.push(
        figure({
          name: `pull with nothing new (connected; ${noop.queries} ${noop.queries === 1 ? 'query' : 'queries'}), median of 21`,
          unit: 'ms',
          value: median(idle),
          baselineName: 'one round trip (SELECT 1) on the same connection pool',
          baseline: median(roundTrip),
          goal: 'one query, milliseconds',
        }),
      );
    }
    bob.close();
    fs.rmSync(aliceRoot, { recursive: true, force: true });
    return { push, copyIn, pull, copyOut };
  } finally {
    await team.close();
  }
}

/**
 * The records figures over two rounds (each a new database on one cluster), best of each side, so a
 * noisy neighbour on the shared machine slows one round, not the figure; then the objects figure.
 */
export async function benchTeam(workdir: string): Promise<Figure[]> {
  const figures: Figure[] = [];
  const template = path.join(workdir, 'team-alice');
  runsWorkspace(template).close();
  let server: Postgres;
  try {
    server = await startPostgres();
  } catch (err) {
    // Without PostgreSQL (and no root to install it) the records figures cannot run; the objects one still can.
    console.log(`team records figures skipped: ${(err as Error).message}`);
    return [await benchTeamObjects(workdir)];
  }
  const rounds: Round[] = [];
  try {
    for (let n = 0; n < 2; n++) rounds.push(await round(server, workdir, template, n, n === 1, figures));
  } finally {
    await server.stop();
  }
  const best = (k: keyof Round) => Math.min(...rounds.map((r) => r[k]));
  const rate = (ms: number) => POINTS / (ms / 1000);
  const what = `${RUNS.toLocaleString('en-US')} runs with ${POINTS.toLocaleString('en-US')} metric points`;
  figures.unshift(
    figure({
      name: `push ${what} to the team store`,
      unit: 'points/s',
      value: rate(best('push')),
      baselineName: 'raw COPY of the same rows from store.db into a plain PostgreSQL table (pg + pg-copy-streams)',
      baseline: rate(best('copyIn')),
      goal: '>= 0.5x',
    }),
    figure({
      name: `pull ${what} into a fresh workspace`,
      unit: 'points/s',
      value: rate(best('pull')),
      baselineName: 'raw COPY TO STDOUT of the same rows into the metrics table of a fresh store.db (prepared inserts)',
      baseline: rate(best('copyOut')),
      goal: '>= 0.5x',
    }),
  );
  figures.push(await benchTeamObjects(workdir));
  return figures;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function fresh(dir: string): string {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'mlops.json'), '{}\n');
  return dir;
}

// `node --import tsx bench/team.ts` runs these figures alone (test-results/bench-team.json).
if (require.main === module) {
  const workdir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-bench-team-'));
  process.on('exit', () => fs.rmSync(workdir, { recursive: true, force: true }));
  void benchTeam(workdir).then((figures) => report(figures, path.resolve(__dirname, '..', 'test-results', 'bench-team.json')));
}
