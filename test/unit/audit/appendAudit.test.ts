import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { appendAudit } from '../../../src/core/audit/appendAudit';
import { currentActor } from '../../../src/core/audit/actor';
import { entryHash } from '../../../src/core/audit/entryHash';
import { GENESIS_HASH } from '../../../src/core/audit/types';
import { Store } from '../../../src/core/store/store';
import { tempWorkspace } from '../tempWorkspace';

interface Row { seq: number; at: number; actor: string; action: string; object: string; reason: string; details_json: string; prev_hash: string; hash: string }

function rows(store: Store): Row[] {
  return store.db.prepare('SELECT * FROM audit_log ORDER BY seq').all<Row>();
}

function assertChain(list: Row[]): void {
  let prev = GENESIS_HASH;
  list.forEach((r, i) => {
    assert.equal(Number(r.seq), i + 1);
    assert.equal(r.prev_hash, prev, `entry ${r.seq} links to the entry before it`);
    const fields = { seq: Number(r.seq), at: Number(r.at), actor: r.actor, action: r.action as 'run.created', object: r.object, reason: r.reason, details: JSON.parse(r.details_json) as Record<string, unknown> };
    assert.equal(r.hash, entryHash(prev, fields), `entry ${r.seq}'s hash`);
    prev = r.hash;
  });
}

test('entries chain from the genesis hash; the stored details are the hashed bytes', () => {
  const store = Store.open(tempWorkspace());
  try {
    const a = appendAudit(store, { action: 'run.created', object: 'r1', actor: 'Ann <ann@example.com>', at: 1000, details: { z: 1, a: [1.5, 'x'] } });
    const b = appendAudit(store, { action: 'run.finished', object: 'r1', reason: 'done', actor: 'Ann <ann@example.com>', at: 2000 });
    assert.equal(a.seq, 1);
    assert.equal(a.prevHash, GENESIS_HASH);
    assert.equal(b.prevHash, a.hash);
    assert.match(a.hash, /^[0-9a-f]{64}$/);
    // The formula written out: SHA-256 of the previous hash and the entry's RFC 8785 JSON.
    const body = '{"action":"run.created","actor":"Ann <ann@example.com>","at":1000,"details":{"a":[1.5,"x"],"z":1},"object":"r1","reason":"","seq":1}';
    assert.equal(a.hash, createHash('sha256').update(GENESIS_HASH + body).digest('hex'));
    const stored = rows(store);
    assert.equal(stored[0].details_json, '{"a":[1.5,"x"],"z":1}');
    assert.equal(stored[1].reason, 'done');
    assertChain(stored);
  } finally {
    store.close();
  }
});

test("joins the caller's transaction: a change that rolls back takes its entry with it", () => {
  const store = Store.open(tempWorkspace());
  try {
    appendAudit(store, { action: 'run.created', object: 'kept' });
    assert.throws(() =>
      store.transaction(() => {
        appendAudit(store, { action: 'run.deleted', object: 'gone' });
        throw new Error('the change failed');
      }),
    );
    assert.deepEqual(rows(store).map((r) => r.object), ['kept']);
    store.transaction(() => appendAudit(store, { action: 'run.deleted', object: 'kept' }));
    assertChain(rows(store));
    assert.equal(rows(store).length, 2);
  } finally {
    store.close();
  }
});

test('bad input is refused before anything is written', () => {
  const store = Store.open(tempWorkspace());
  try {
    assert.throws(() => appendAudit(store, { action: 'run.exploded' as 'run.created', object: 'r' }), /unknown action "run.exploded"/);
    assert.throws(() => appendAudit(store, { action: 'run.created', object: 'r', details: { loss: NaN } }), /NaN has no JSON form/);
    assert.throws(() => appendAudit(store, { action: 'run.created', object: 'r', details: [1, 2] as unknown as Record<string, unknown> }), /details must be an object of named facts, not an array/);
    assert.equal(rows(store).length, 0);
  } finally {
    store.close();
  }
});

test('the actor is git user.name <user.email> of the workspace, else the OS user', () => {
  const withGit = tempWorkspace();
  execFileSync('git', ['init', '-q'], { cwd: withGit });
  execFileSync('git', ['config', 'user.name', 'Grace Hopper'], { cwd: withGit });
  execFileSync('git', ['config', 'user.email', 'grace@example.com'], { cwd: withGit });
  assert.equal(currentActor(withGit), 'Grace Hopper <grace@example.com>');
  const store = Store.open(withGit);
  try {
    assert.equal(appendAudit(store, { action: 'store.gc', object: 'store' }).actor, 'Grace Hopper <grace@example.com>');
  } finally {
    store.close();
  }
  // No repository and a HOME without git config: the OS user.
  const bare = tempWorkspace();
  const child = spawnSync(process.execPath, ['--import', 'tsx', '-e', `console.log(require(${JSON.stringify(path.resolve(__dirname, '../../../src/core/audit/actor.ts'))}).currentActor(${JSON.stringify(bare)}))`], {
    env: { ...process.env, HOME: bare, XDG_CONFIG_HOME: bare, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_CEILING_DIRECTORIES: path.dirname(bare) },
    encoding: 'utf8',
  });
  assert.equal(child.status, 0, child.stderr);
  assert.equal(child.stdout.trim(), os.userInfo().username);
});

test('several processes appending at once keep one unbroken chain', async () => {
  const root = tempWorkspace();
  Store.open(root).close();
  const goFile = path.join(root, 'go');
  const children = ['p1', 'p2', 'p3', 'p4'].map((name) => spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'appendChild.ts'), root, name, '40', goFile, '4'], { stdio: ['ignore', 'pipe', 'inherit'] }));
  // Every child has opened the store before any starts appending, so they really contend.
  await Promise.all(children.map((c) => new Promise<void>((resolve) => c.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve()))));
  fs.writeFileSync(goFile, '');
  const codes = await Promise.all(children.map(async (c) => (await once(c, 'exit'))[0] as number));
  assert.deepEqual(codes, [0, 0, 0, 0]);
  const store = Store.open(root);
  try {
    const list = rows(store);
    assert.equal(list.length, 160);
    assertChain(list);
    // The appends really interleaved: every round holds one entry of each writer.
    for (let round = 0; round < 40; round++) {
      assert.deepEqual(new Set(list.slice(round * 4, round * 4 + 4).map((r) => r.actor)), new Set(['p1', 'p2', 'p3', 'p4']), `round ${round}`);
    }
  } finally {
    store.close();
  }
});
