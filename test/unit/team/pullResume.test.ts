// Paging and resumption: a pull in pages of 2 ends exactly where a one-page pull does; a pull
// aborted between pages, or killed with SIGKILL at any moment, resumes with nothing lost and nothing
// applied twice (each page commits with its pulled_seq in one local transaction).
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { after, before, test } from 'node:test';
import { Store } from '../../../src/core/store/store';
import { pullRecords } from '../../../src/core/team/pullRecords';
import { tempWorkspace } from '../tempWorkspace';
import { Seeder, startCluster, teamDatabase, type Cluster, type CountingPool } from './pullFixtures';

let cluster: Cluster;
before(async () => {
  cluster = await startCluster();
});
after(async () => {
  await cluster?.stop();
});

/** `runs` runs of 3 metric points each, a dataset with a version, a model version, an alias move, audit entries. */
async function seedTeam(pool: CountingPool, runs: number): Promise<number> {
  const alice = new Seeder(pool);
  await alice.workspace();
  await alice.dataset('train', 'train.csv');
  await alice.datasetVersion({ dataset: 'train', item: 'train.csv', hash: 'a'.repeat(64) });
  for (let i = 0; i < runs; i++) {
    const id = `01jrun${String(i).padStart(20, '0')}`;
    await alice.run(id, { tags: { i: String(i) }, metrics: [['loss', 0, 1 / (i + 1), 1], ['loss', 1, null, 2], ['loss', 2, Infinity, 3]] });
    await alice.audit('run.created', id);
  }
  await alice.model('churn');
  const v = await alice.modelVersion({ model: 'churn', hash: 'b'.repeat(64) });
  await alice.moveAlias('churn', 'champion', null, v.uid, [null, v.number]);
  return Number((await pool.query('SELECT count(*) AS n FROM mlops.changes_since(0, 1000000)')).rows[0].n);
}

/** What a pull writes, without local ids and times: equal snapshots mean equal pulls. */
function snapshot(store: Store): string {
  const q = (sql: string) => store.db.prepare(sql).all();
  return JSON.stringify({
    runs: q('SELECT id, name, author, origin, note FROM runs ORDER BY id'),
    metrics: q('SELECT run_id, key, step, value, timestamp FROM metrics ORDER BY run_id, key, step'),
    tags: q('SELECT run_id, key, value FROM run_tags ORDER BY run_id, key'),
    params: q('SELECT run_id, key, value FROM run_params ORDER BY run_id, key'),
    data: q('SELECT dataset, item, version, uid, origin, shared FROM dataset_versions ORDER BY uid'),
    models: q('SELECT model, version, uid, origin, shared FROM model_versions ORDER BY uid'),
    aliases: q('SELECT a.model, a.alias, v.uid FROM model_aliases a JOIN model_versions v ON v.id = a.version_id ORDER BY a.alias'),
    events: q('SELECT model, alias, old_version, new_version, actor, origin FROM alias_events ORDER BY at'),
    audit: q('SELECT workspace_id, seq, server_seq, hash FROM team_audit ORDER BY workspace_id, seq'),
    records: q("SELECT kind, CASE WHEN kind = 'alias_event' THEN '' ELSE key END AS key, digest, server_seq FROM team_records ORDER BY kind, server_seq"),
    sync: q('SELECT pulled_seq FROM team_sync'),
  });
}

function counts(store: Store): { metrics: number; runs: number } {
  return {
    metrics: store.db.prepare('SELECT count(*) AS n FROM metrics').get<{ n: number }>()!.n,
    runs: store.db.prepare('SELECT count(*) AS n FROM runs').get<{ n: number }>()!.n,
  };
}

async function referencePull(pool: CountingPool): Promise<string> {
  const root = tempWorkspace('mlops-pull-ref-');
  const store = Store.open(root);
  try {
    await pullRecords(store, root, pool);
    return snapshot(store);
  } finally {
    store.close();
  }
}

test('pages of 2 end exactly where one page does, with progress after each page', async () => {
  const { pool } = await teamDatabase(cluster);
  const total = await seedTeam(pool, 3);
  const expected = await referencePull(pool);
  const root = tempWorkspace('mlops-pull-');
  const store = Store.open(root);
  try {
    const progress: [number, number][] = [];
    pool.queries = 0;
    const report = await pullRecords(store, root, pool, { pageSize: 2, onProgress: (p) => progress.push([p.done, p.total]) });
    const pages = Math.ceil(total / 2);
    assert.deepEqual(progress.map(([done]) => done), Array.from({ length: pages }, (_, i) => Math.min(total, 2 * (i + 1))));
    assert.ok(progress.every(([, t]) => t === total), `total ${total} known from the first page: ${JSON.stringify(progress)}`);
    // A page per query, one count for progress, and one metrics query per page holding a new run.
    assert.ok(pool.queries >= pages + 1 && pool.queries <= pages + 1 + 3, `${pool.queries} queries for ${pages} pages`);
    assert.equal(report.pulled.run, 3);
    assert.equal(snapshot(store), expected);
    assert.deepEqual(counts(store), { metrics: 9, runs: 3 });
  } finally {
    store.close();
    await pool.end();
  }
});

test('a pull aborted between pages keeps what committed and resumes with nothing doubled', async () => {
  const { pool } = await teamDatabase(cluster);
  await seedTeam(pool, 4);
  const expected = await referencePull(pool);
  const root = tempWorkspace('mlops-pull-');
  const store = Store.open(root);
  try {
    const controller = new AbortController();
    let pages = 0;
    await assert.rejects(
      pullRecords(store, root, pool, {
        pageSize: 3,
        signal: controller.signal,
        onProgress: () => {
          if (++pages === 2) controller.abort();
        },
      }),
      { name: 'AbortError' },
    );
    const seq = store.db.prepare('SELECT pulled_seq FROM team_sync').get<{ pulled_seq: number }>()!.pulled_seq;
    const sixth = Number((await pool.query('SELECT seq FROM mlops.changes_since(0, 6) ORDER BY seq DESC LIMIT 1')).rows[0].seq);
    assert.equal(Number(seq), sixth, 'two pages of three committed');
    assert.notEqual(snapshot(store), expected);
    const report = await pullRecords(store, root, pool, { pageSize: 3 });
    assert.ok(report.pulled.run > 0);
    assert.equal(snapshot(store), expected);
    assert.deepEqual(counts(store), { metrics: 12, runs: 4 });
  } finally {
    store.close();
    await pool.end();
  }
});

test('a pull killed with SIGKILL mid-way resumes with nothing lost or doubled', async () => {
  const { pool, url } = await teamDatabase(cluster);
  const runs = 40;
  const total = await seedTeam(pool, runs);
  const expected = await referencePull(pool);
  const root = tempWorkspace('mlops-pull-');
  Store.open(root).close();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'pullChild.ts'), root, url, '1'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
  let lines = 0;
  for await (const line of readline.createInterface({ input: child.stdout })) {
    assert.notEqual(line, 'done', 'the child finished before it could be killed');
    if (++lines === 5) {
      child.kill('SIGKILL');
      break;
    }
  }
  assert.equal(lines, 5, 'the child printed its progress');
  assert.equal(await exited, 'SIGKILL');
  const store = Store.open(root);
  try {
    const seq = Number(store.db.prepare('SELECT pulled_seq FROM team_sync').get<{ pulled_seq: number }>()!.pulled_seq);
    const last = Number((await pool.query('SELECT max(seq) AS m FROM mlops.changes_since(0, 1000000)')).rows[0].m);
    assert.ok(seq > 0 && seq < last, `killed mid-way: pulled_seq ${seq} of ${last} (${total} changes)`);
    await pullRecords(store, root, pool, { pageSize: 7 });
    assert.equal(snapshot(store), expected);
    assert.deepEqual(counts(store), { metrics: 3 * runs, runs });
  } finally {
    store.close();
    await pool.end();
  }
});

test('two pulls of one workspace at once apply each change once', async () => {
  const { pool } = await teamDatabase(cluster);
  await seedTeam(pool, 2);
  const bob = new Seeder(pool, 'b0b00000000000000000000000000000', 'Bob <bob@example.com>');
  const v = await bob.modelVersion({ model: 'churn', hash: 'c'.repeat(64) });
  await bob.moveAlias('churn', 'champion', null, null, [null, null]);
  await bob.moveAlias('churn', 'staging', null, v.uid, [null, v.number]);
  await bob.audit('model.registered', `churn@${v.number}`);
  const expected = await referencePull(pool);
  const root = tempWorkspace('mlops-pull-');
  const stores = [Store.open(root), Store.open(root)];
  try {
    // Both read the first page before either applies it: each query of changes_since waits for the other's.
    let arrived = 0;
    let release!: () => void;
    const bothRead = new Promise<void>((resolve) => (release = resolve));
    const source = () => ({
      query: async (sql: string, params?: unknown[]) => {
        const result = await pool.query(sql, params);
        if (sql.includes('changes_since') && arrived < 2) {
          if (++arrived === 2) release();
          await bothRead;
        }
        return result;
      },
      connect: () => pool.connect(),
    });
    await Promise.all(stores.map((store) => pullRecords(store, root, source(), { pageSize: 1000 })));
    assert.equal(arrived, 2);
    assert.equal(snapshot(stores[0]), expected);
    assert.equal(stores[0].db.prepare("SELECT count(*) AS n FROM alias_events WHERE origin = 'team'").get<{ n: number }>()!.n, 2);
  } finally {
    for (const s of stores) s.close();
    await pool.end();
  }
});
