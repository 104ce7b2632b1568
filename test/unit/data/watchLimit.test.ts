// A real ENOSPC from inotify: the watcher runs in a child process inside its own user namespace
// (`unshare -U -r`), whose inotify watch limit (/proc/sys/user/max_inotify_watches, per namespace
// since Linux 4.9) is lowered there; the rest of the machine keeps its limit.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { test } from 'node:test';
import { listVersions } from '../../../src/core/data/datasetVersions';
import { Store } from '../../../src/core/store/store';
import { dataWorkspace } from './helpers';

const CHILD = path.join(__dirname, 'watchLimitChild.ts');

/** Runs the child watcher with at most `limit` inotify watches; its JSON report. */
function watchWithLimit(root: string, dataset: string, limit: number) {
  const cmd = `echo ${limit} > /proc/sys/user/max_inotify_watches && exec "$0" --import tsx "$1" "$2" "$3"`;
  const r = spawnSync('unshare', ['--user', '--map-root-user', 'sh', '-c', cmd, process.execPath, CHILD, root, dataset], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, `the child failed: ${r.error?.message ?? ''}\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as { watched: string[]; errors: string[]; manual: { item: string; state: string; hash?: string }[] };
}

const canUnshare = spawnSync('unshare', ['--user', '--map-root-user', 'sh', '-c', 'echo 5 > /proc/sys/user/max_inotify_watches'], { encoding: 'utf8' });

test(
  'an inotify limit reached (real ENOSPC) is reported with the sysctl fix, and versioning by hand still works',
  { skip: canUnshare.status !== 0 && `unshare -U cannot lower the inotify limit here: ${canUnshare.stderr || canUnshare.error?.message}` },
  () => {
    const w = dataWorkspace({ images: 'images' });
    w.write('images/cat.png', 'cat', 60);
    w.write('images/sub/dog.png', 'dog', 60);
    w.store.close();
    const limited = watchWithLimit(w.root, 'images', 1);
    assert.equal(limited.errors.length >= 1, true, `the watcher reported the failure: ${JSON.stringify(limited)}`);
    const [message] = limited.errors;
    assert.match(message, /^images: Cannot watch dataset "images": the system's limit of file watches \(inotify\) is reached/);
    assert.match(message, /echo fs\.inotify\.max_user_watches=524288 \| sudo tee \/etc\/sysctl\.d\/60-mlops\.conf && sudo sysctl --system/);
    assert.match(message, /`mlops data version` \(or Version Now\) still versions on demand/);
    assert.deepEqual(limited.manual.map((i) => i.state), ['created']);
    // The same workspace with room for its watches: no error (the failure above came from the limit).
    const roomy = watchWithLimit(w.root, 'images', 1000);
    assert.deepEqual(roomy.errors, []);
    assert.deepEqual(roomy.manual.map((i) => i.state), ['unchanged']);
    const store = Store.open(w.root);
    assert.deepEqual(listVersions(store, 'images').map((v) => [v.version, v.source, v.hash]), [[1, 'cli', limited.manual[0].hash]]);
    store.close();
  },
);
