// What the team store itself enforces, against a real PostgreSQL with real logins: roles (reader,
// writer, release) and the errors naming the role missing, protected aliases, the alias
// compare-and-swap, the audit chain and a change sequence in commit order.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { connectTeam, type TeamDb } from '../../../src/core/team/teamConnect';
import { grantTeamRole, listTeamMembers } from '../../../src/core/team/teamGrant';
import { initTeam, protectAliases } from '../../../src/core/team/teamInit';
import { TeamAccessError } from '../../../src/core/team/types';
import { freshDatabase, startCluster, type PgCluster } from './initCluster';

const PW = { reader: 'r-pass-123', writer: 'w-pass-456', release: 'x-pass-789' };
let cluster: PgCluster;
let dbName: string;
let admin: TeamDb;
const open: TeamDb[] = [];

async function as(level: keyof typeof PW): Promise<TeamDb> {
  const db = await connectTeam(cluster.urlFor(`access_${level}`, PW[level], dbName));
  open.push(db);
  return db;
}

before(async () => {
  cluster = await startCluster();
  const fresh = await freshDatabase(cluster, 'access');
  dbName = fresh.name;
  await initTeam(fresh.url, [{ model: 'churn', alias: 'production' }]);
  admin = await connectTeam(fresh.url);
  for (const level of ['reader', 'writer', 'release'] as const) {
    await cluster.createLogin(`access_${level}`, PW[level]);
    await grantTeamRole(admin, `access_${level}`, level);
  }
  // A model with two versions, as push writes them (number and seq 0: the triggers assign them).
  await admin.query("INSERT INTO mlops.models (name, seq) VALUES ('churn', 0)");
  for (const uid of ['v-one', 'v-two', 'v-three']) {
    await admin.query(
      `INSERT INTO mlops.model_versions (uid, seq, model, number, created_at, digest, author, workspace_id, record)
       VALUES ($1, 0, 'churn', 0, 1, 'd', 'Ada <ada@example.com>', 'ws1', '{}')`,
      [uid],
    );
  }
});
after(async () => {
  for (const db of open) await db.close().catch(() => undefined);
  await admin?.close();
  await cluster?.stop();
});

let localId = 0;
const event = (actor: string) => ({ actor, at: Date.now(), reason: 'test', workspace_id: 'ws1', local_id: ++localId });

function move(db: TeamDb, alias: string, expected: string | null, next: string | null, actor = 'Ada <ada@example.com>') {
  return db.query<{ moved: boolean; held_uid: string | null; held_number: number | null }>('SELECT * FROM mlops.move_alias($1, $2, $3, $4, $5)', ['churn', alias, expected, next, JSON.stringify(event(actor))]);
}

const refusedFor = (needed: TeamAccessError['needed']) => (err: Error) => {
  assert.ok(err instanceof TeamAccessError, `${err.name}: ${err.message}`);
  assert.equal(err.needed, needed);
  assert.match(err.message, new RegExp(`needs the ${needed} role`));
  for (const pw of Object.values(PW)) assert.ok(!err.message.includes(pw), err.message);
  return true;
};

describe('roles', () => {
  it('members are listed with their one level', async () => {
    const members = (await listTeamMembers(admin)).filter((m) => m.user.startsWith('access_'));
    assert.deepEqual(members.map((m) => [m.user, m.level, m.canLogin]), [
      ['access_reader', 'reader', true],
      ['access_release', 'release', true],
      ['access_writer', 'writer', true],
    ]);
  });

  it('granting another level replaces the one held', async () => {
    await cluster.createLogin('access_moved', 'm-pass');
    await grantTeamRole(admin, 'access_moved', 'writer');
    await grantTeamRole(admin, 'access_moved', 'reader');
    assert.deepEqual((await listTeamMembers(admin)).filter((m) => m.user === 'access_moved').map((m) => m.level), ['reader']);
  });

  it('a reader reads changes_since, and is refused an insert with TeamAccessError naming mlops_writer', async () => {
    const reader = await as('reader');
    const changes = await reader.query<{ kind: string }>('SELECT * FROM mlops.changes_since(0, 100)');
    assert.ok(changes.rows.some((r) => r.kind === 'model_version'));
    await assert.rejects(
      reader.query(`INSERT INTO mlops.runs (id, seq, digest, author, workspace_id, record) VALUES ('r1', 0, 'd', 'a', 'ws1', '{}')`),
      refusedFor('mlops_writer'),
    );
    await assert.rejects(move(reader, 'staging', null, 'v-one'), refusedFor('mlops_writer'));
  });

  it('a login without a team role is refused reading, naming mlops_reader', async () => {
    await cluster.createLogin('access_nobody', 'n-pass');
    await assert.rejects(connectTeam(cluster.urlFor('access_nobody', 'n-pass', dbName)), refusedFor('mlops_reader'));
  });

  it('a writer moves an unprotected alias, and is refused a protected one naming mlops_release', async () => {
    const writer = await as('writer');
    const r = await move(writer, 'staging', null, 'v-one');
    assert.equal(r.rows[0].moved, true);
    await assert.rejects(move(writer, 'production', null, 'v-one'), refusedFor('mlops_release'));
    await assert.rejects(protectAliases(writer, [{ model: 'churn', alias: 'staging' }]), refusedFor('mlops_release'));
    const held = await admin.query("SELECT version_uid FROM mlops.model_aliases WHERE model = 'churn' AND alias = 'production'");
    assert.equal(held.rowCount, 0, 'the refused move left nothing behind');
  });

  it('release moves a protected alias', async () => {
    const release = await as('release');
    const r = await move(release, 'production', null, 'v-two');
    assert.deepEqual([r.rows[0].moved, r.rows[0].held_uid, r.rows[0].held_number], [true, 'v-two', 2]);
    const pushedBy = await admin.query("SELECT pushed_by FROM mlops.model_aliases WHERE model = 'churn' AND alias = 'production'");
    assert.equal(pushedBy.rows[0].pushed_by, 'access_release');
  });
});

describe('alias compare-and-swap', () => {
  it('two concurrent moves from the same old version: exactly one moves, the other is told what is held', async () => {
    const a = await as('writer');
    const b = await as('release');
    await move(a, 'candidate', null, 'v-one');
    // Each in its own transaction holding the row, so both are in flight at once.
    const results = await Promise.all([
      a.transaction(async (tx) => (await tx.query('SELECT * FROM mlops.move_alias($1, $2, $3, $4, $5)', ['churn', 'candidate', 'v-one', 'v-two', JSON.stringify(event('A'))])).rows[0]),
      b.transaction(async (tx) => (await tx.query('SELECT * FROM mlops.move_alias($1, $2, $3, $4, $5)', ['churn', 'candidate', 'v-one', 'v-three', JSON.stringify(event('B'))])).rows[0]),
    ]);
    const moved = results.filter((r) => r.moved);
    assert.equal(moved.length, 1, JSON.stringify(results));
    const lost = results.find((r) => !r.moved)!;
    assert.equal(lost.held_uid, moved[0].held_uid, 'the loser sees the winner\'s version');
    const final = await admin.query("SELECT version_uid FROM mlops.model_aliases WHERE model = 'churn' AND alias = 'candidate'");
    assert.equal(final.rows[0].version_uid, moved[0].held_uid);
    const events = await admin.query("SELECT count(*)::int AS n FROM mlops.alias_events WHERE alias = 'candidate'");
    assert.equal(events.rows[0].n, 2, 'the first move and one of the two: no event for the refused one');
  });
});

describe('audit chain', () => {
  const zeros = '0'.repeat(64);
  const entry = (localSeq: number, prev: string, hash: string) => [
    'INSERT INTO mlops.audit_entries (workspace_id, local_seq, seq, at, actor, action, object, prev_hash, hash) VALUES ($1, $2, 0, 1, $3, $4, $5, $6, $7)',
    ['ws-audit', localSeq, 'Ada', 'run.created', 'r1', prev, hash],
  ] as [string, unknown[]];

  it('accepts entries in order and refuses a gap or a wrong prev_hash', async () => {
    const writer = await as('writer');
    await writer.query(...entry(1, zeros, 'h1'));
    await writer.query(...entry(2, 'h1', 'h2'));
    await assert.rejects(writer.query(...entry(4, 'h3', 'h4')), /audit entry 4 of workspace ws-audit does not follow its chain/);
    await assert.rejects(writer.query(...entry(3, 'not-h2', 'h3')), /does not follow its chain/);
    await assert.rejects(writer.query(...entry(1, 'x'.repeat(64), 'h1b')), /does not follow its chain|duplicate key/);
    await assert.rejects(admin.query("DELETE FROM mlops.audit_entries WHERE workspace_id = 'ws-audit'"), /append-only/);
    const n = await admin.query("SELECT count(*)::int AS n FROM mlops.audit_entries WHERE workspace_id = 'ws-audit'");
    assert.equal(n.rows[0].n, 2);
  });
});

describe('change sequence', () => {
  it('is commit-ordered: a reader polling changes_since while two writers interleave never misses a row', async () => {
    const writers = [await as('writer'), await as('release')];
    const reader = await as('reader');
    const start = Number((await reader.query<{ s: string }>('SELECT coalesce(max(seq), 0) AS s FROM mlops.changes_since(0, 100000)')).rows[0].s);
    const perWriter = 25;
    const written: string[] = [];
    let writing = writers.length;
    // Each transaction holds its row a moment before committing (a second statement), so the other
    // writer and the reader run while a lower sequence number is still uncommitted.
    const write = async (db: TeamDb, w: number) => {
      for (let i = 0; i < perWriter; i++) {
        const name = `seq_${w}_${i}`;
        await db.transaction(async (tx) => {
          await tx.query("INSERT INTO mlops.datasets (name, path, seq) VALUES ($1, 'p', 0)", [name]);
          await tx.query('SELECT count(*) FROM mlops.datasets');
        });
        written.push(name);
      }
      writing--;
    };
    const seen: string[] = [];
    let last = start;
    let polls = 0;
    const poll = async () => {
      const r = await reader.query<{ seq: string; kind: string; payload: { name: string } }>('SELECT * FROM mlops.changes_since($1, 1000)', [last]);
      for (const row of r.rows) {
        assert.ok(Number(row.seq) > last);
        last = Number(row.seq);
        if (row.kind === 'dataset' && row.payload.name.startsWith('seq_')) seen.push(row.payload.name);
      }
      polls++;
    };
    const reading = (async () => {
      while (writing > 0) await poll();
      await poll();
    })();
    await Promise.all([...writers.map((db, w) => write(db, w)), reading]);
    assert.ok(polls > 2, `the reader polled while writing (${polls} polls)`);
    assert.deepEqual([...seen].sort(), [...written].sort(), 'every committed row reached the polling reader');
    assert.equal(new Set(seen).size, seen.length, 'no row twice');
  });
});
