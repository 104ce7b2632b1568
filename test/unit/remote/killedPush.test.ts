// kill -9 in the middle of a push (a real child process), then a push that completes: every object
// on the remote is whole, and the rerun uploads exactly the ones the killed push had not.
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { after, test } from 'node:test';
import { neededObjects } from '../../../src/core/remote/neededObjects';
import { resolveRemote } from '../../../src/core/remote/openRemote';
import { pullObjects } from '../../../src/core/remote/pullObjects';
import { pushObjects } from '../../../src/core/remote/pushObjects';
import type { ObjectRemote } from '../../../src/core/remote/types';
import { hasObject } from '../../../src/core/data/objectCache';
import { storeLayout } from '../../../src/core/store/layout';
import { bareWorkspace, kinds, remoteConfig, workspaceWithData } from './helpers';

const stops: (() => Promise<void>)[] = [];
after(async () => {
  for (const s of stops) await s();
});

/** Runs transferChild.ts and SIGKILLs it once it has reported `after` objects moved; resolves with what it reported. */
function killedAfter(args: string[], after: number): Promise<{ reported: number; signal: NodeJS.Signals | null; pid: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'transferChild.ts'), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  let reported = 0;
  createInterface({ input: child.stdout }).on('line', (line) => {
    const m = /^moved (\d+)$/.exec(line);
    if (m) reported = Number(m[1]);
    if (reported >= after) child.kill('SIGKILL');
  });
  return new Promise((resolve) => child.on('exit', (_code, signal) => resolve({ reported, signal, pid: child.pid! })));
}

for (const kind of kinds) {
  test(`${kind}: a push killed with SIGKILL mid-way, then a rerun uploads only the rest`, async () => {
    const r = await remoteConfig(kind);
    stops.push(r.stop);
    const w = await workspaceWithData(r.config, { files: 40, fileBytes: 1 << 20 });
    const needed = neededObjects(w.store);
    assert.equal(needed.size, 43);
    const killed = await killedAfter(['push', w.root], 3);
    assert.equal(killed.signal, 'SIGKILL', 'the push was killed, not finished');

    const remote = resolveRemote(w.root, w.config);
    stops.push(async () => remote.close());
    const onRemote: string[] = [];
    for await (const o of remote.list()) onRemote.push(o.hash);
    assert.ok(onRemote.length >= killed.reported && onRemote.length < needed.size, `${onRemote.length} of ${needed.size} objects made it`);
    // Whatever made it is whole: a fresh workspace pulls every one of them, each verified.
    const b = bareWorkspace();
    const check = await pullObjects(b.store, b.root, remote, new Map(onRemote.map((h) => [h, 0])));
    assert.deepEqual([check.transferred, check.failed], [onRemote.length, []]);

    // A killed upload's temp file on this machine, and another machine's from two days ago.
    const tmpDir = r.folder ? path.join(r.folder, 'objects', 'tmp') : '';
    if (r.folder) {
      fs.mkdirSync(tmpDir, { recursive: true });
      fs.writeFileSync(path.join(tmpDir, `${os.hostname()}-${killed.pid}-0123abcd`), 'half');
      fs.writeFileSync(path.join(tmpDir, 'elsewhere-42-0123abcd'), 'half');
      const old = Date.now() / 1000 - 2 * 86400;
      fs.utimesSync(path.join(tmpDir, 'elsewhere-42-0123abcd'), old, old);
      fs.writeFileSync(path.join(tmpDir, 'elsewhere-43-0123abcd'), 'maybe still uploading');
    }
    let uploads = 0;
    const counted: ObjectRemote = { ...remote, put: async (...args) => { uploads++; await remote.put(...args); } };
    const rest = await pushObjects(w.store, w.root, counted, needed);
    assert.equal(uploads, needed.size - onRemote.length);
    assert.deepEqual([rest.transferred, rest.present, rest.failed], [needed.size - onRemote.length, onRemote.length, []]);
    const all = new Set<string>();
    for await (const o of remote.list()) all.add(o.hash);
    assert.deepEqual([...all].sort(), [...needed.keys()].sort());
    if (r.folder) assert.deepEqual(fs.readdirSync(tmpDir), ['elsewhere-43-0123abcd'], 'leftovers of killed uploads are swept; a recent one of another machine is kept');
  });
}

for (const kind of kinds) {
  test(`${kind}: a pull killed with SIGKILL mid-way leaves only temp files; a rerun clears them and fetches only the rest`, async () => {
    const r = await remoteConfig(kind);
    stops.push(r.stop);
    const w = await workspaceWithData(r.config, { files: 40, fileBytes: 1 << 20 });
    const needed = neededObjects(w.store);
    const remote = resolveRemote(w.root, w.config);
    stops.push(async () => remote.close());
    await pushObjects(w.store, w.root, remote, needed);
    const b = bareWorkspace();
    fs.writeFileSync(path.join(b.root, 'mlops.json'), JSON.stringify({ remotes: { team: r.config } }));
    const killed = await killedAfter(['pull', b.root, w.root], 3);
    assert.equal(killed.signal, 'SIGKILL');
    const have = [...needed.keys()].filter((h) => hasObject(b.root, h));
    // "moved" is said once the bytes are in the temp file: the last one may have been killed while being hashed.
    assert.ok(have.length >= killed.reported - 1 && have.length < needed.size, `${have.length} of ${needed.size} objects pulled`);
    const tmp = path.join(storeLayout(b.root).objects, 'tmp');
    const leftovers = fs.existsSync(tmp) ? fs.readdirSync(tmp) : [];
    assert.ok(leftovers.every((f) => f.startsWith(`${killed.pid}-`)), `only the killed pull's temp files: ${leftovers.join(', ')}`);
    const rest = await pullObjects(b.store, b.root, remote, needed);
    assert.deepEqual([rest.transferred, rest.present, rest.failed], [needed.size - have.length, have.length, []]);
    assert.deepEqual(fs.readdirSync(tmp), []);
  });
}
