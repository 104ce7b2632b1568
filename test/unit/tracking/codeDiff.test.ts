import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { putBytes } from '../../../src/core/data/objectCache';
import { changedFiles, codeDiff, codeDiffDocument, CodeDiffError, fileAtCommit } from '../../../src/core/tracking/codeDiff';
import type { RunRecord } from '../../../src/core/tracking/runRecords';
import { tempWorkspace } from '../tempWorkspace';

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();

/** A real repository with two commits: train.py edited, util.py renamed, old.py deleted, new.py added. */
function repo() {
  const dir = tempWorkspace('mlops-git-');
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.email', 'ada@example.com');
  git(dir, 'config', 'user.name', 'Ada');
  const write = (f: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.writeFileSync(path.join(dir, f), text);
  };
  write('train.py', 'lr = 0.1\nprint(lr)\n');
  write('src/util.py', 'def helper():\n    return 1\n# a long enough body for rename detection\n'.repeat(3));
  write('old.py', 'gone = True\n');
  git(dir, 'add', '.');
  git(dir, 'commit', '-q', '-m', 'first');
  const first = git(dir, 'rev-parse', 'HEAD');
  write('train.py', 'lr = 0.01\nprint(lr)\n');
  git(dir, 'mv', 'src/util.py', 'src/helpers.py');
  git(dir, 'rm', '-q', 'old.py');
  write('new file.py', 'x = 1\n');
  git(dir, 'add', '.');
  git(dir, 'commit', '-q', '-m', 'second');
  const second = git(dir, 'rev-parse', 'HEAD');
  return { dir, first, second };
}

function run(id: string, git: RunRecord['git']): RunRecord {
  return { id, name: `run-${id}`, experiment: 'train', status: 'finished', command: 'python3 train.py', cwd: '.', params: {}, createdAt: 0, git, environment: {}, note: '' };
}

test('changedFiles lists edits, renames, deletions and additions between two commits', async () => {
  const { dir, first, second } = repo();
  const files = await changedFiles(dir, first, second);
  assert.deepEqual(
    [...files].sort((x, y) => x.path.localeCompare(y.path)),
    [
      { status: 'added', path: 'new file.py' },
      { status: 'deleted', path: 'old.py' },
      { status: 'renamed', oldPath: 'src/util.py', path: 'src/helpers.py' },
      { status: 'modified', path: 'train.py' },
    ],
  );
  assert.equal((await fileAtCommit(dir, first, 'train.py'))?.toString(), 'lr = 0.1\nprint(lr)\n');
  assert.equal((await fileAtCommit(dir, second, 'train.py'))?.toString(), 'lr = 0.01\nprint(lr)\n');
  assert.equal(await fileAtCommit(dir, first, 'new file.py'), undefined, 'a path the commit lacks reads as undefined');
  assert.equal(await fileAtCommit(dir, '--output=/tmp/x', 'train.py'), undefined, 'a non-hex commit never reaches git');
});

test('codeDiff: files and patch between the commits plus each run’s uncommitted diff from the object cache', async () => {
  const { dir, first, second } = repo();
  const dirty = 'diff --git a/train.py b/train.py\n--- a/train.py\n+++ b/train.py\n@@ -1 +1 @@\n-lr = 0.01\n+lr = 0.001\n';
  const { hash } = putBytes(dir, dirty);
  const d = await codeDiff(dir, run('a', { commit: first, branch: 'main', dirty: false }), run('b', { commit: second, branch: 'main', dirty: true, diff: hash }));
  assert.equal(fs.realpathSync(d.repo), fs.realpathSync(dir));
  assert.equal(d.files.length, 4);
  assert.match(d.patch, /^-lr = 0\.1$/m);
  assert.match(d.patch, /^\+lr = 0\.01$/m);
  assert.equal(d.a.uncommitted, undefined);
  assert.equal(d.b.uncommitted, dirty);
  assert.equal(d.identical, false);
  const doc = codeDiffDocument(d);
  assert.match(doc, /^# git diff [0-9a-f]{12} [0-9a-f]{12}: 4 files changed$/m);
  assert.match(doc, /^# Uncommitted changes of run-a when it started: none$/m);
  assert.ok(doc.includes(dirty.trimEnd()), doc);
});

test('codeDiff: same commit and clean is identical; a pruned uncommitted diff is named, not fatal', async () => {
  const { dir, second } = repo();
  const same = await codeDiff(dir, run('a', { commit: second }), run('b', { commit: second }));
  assert.equal(same.identical, true);
  assert.deepEqual(same.files, []);
  const pruned = await codeDiff(dir, run('a', { commit: second }), run('b', { commit: second, dirty: true, diff: 'c'.repeat(64) }));
  assert.equal(pruned.identical, false);
  assert.match(pruned.b.uncommitted ?? '', /no longer in \.mlops\/objects/);
});

test('codeDiff: clear errors for a run without a commit, a commit that is gone, and no repository', async () => {
  const { dir, first } = repo();
  await assert.rejects(codeDiff(dir, run('a', {}), run('b', { commit: first })), (e: Error) => e instanceof CodeDiffError && /run-a" has no git commit recorded/.test(e.message));
  await assert.rejects(
    codeDiff(dir, run('a', { commit: first }), run('b', { commit: '0123456789abcdef0123456789abcdef01234567' })),
    (e: Error) => e instanceof CodeDiffError && /Commit 0123456789ab of run "run-b" is not in .* any more/.test(e.message),
  );
  const plain = tempWorkspace('mlops-nogit-');
  await assert.rejects(codeDiff(plain, run('a', { commit: first }), run('b', { commit: first })), (e: Error) => e instanceof CodeDiffError && /not in a git repository/.test(e.message));
});
