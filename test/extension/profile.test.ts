// "MLOps: Show Profile" in the real extension host: the profile is computed by the worker bundle
// (dist/worker.js) on another thread, shown in the "mlops.profile" webview, and a dataset version's
// profile is stored equal to what core's profileFile computes, then read back instead of recomputed.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Worker } from 'node:worker_threads';
import * as vscode from 'vscode';
import { emptyConfig } from '../../src/core/config/types';
import { listVersions } from '../../src/core/data/datasetVersions';
import { versionDataset } from '../../src/core/data/versionDataset';
import { profileFile } from '../../src/core/quality/profile';
import { storedProfile } from '../../src/core/quality/profileStore';
import { Store } from '../../src/core/store/store';
import type { ProfileShown } from '../../src/extension/panels/profilePanel';
import { activateExtension, countingWorkers, EXTENSION_ID, waitFor, workspaceUri } from './support';

/** Rows of a numeric and a categorical column; `shift` moves the numbers so two versions differ. */
function csv(rows: number, shift: number): string {
  const lines = ['id,amount,plan'];
  for (let i = 0; i < rows; i++) lines.push(`${i},${((i * 7919) % 1000) / 10 + shift},${['free', 'pro', 'team'][i % 3]}`);
  return lines.join('\n') + '\n';
}

// Declared only here, not in mlops.json: the extension's watcher leaves it alone.
const config = { ...emptyConfig(), datasets: { profiled: { path: 'profile-versions.csv' } } };

const profileTabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('mlops.profile'));

suite('profile panel', () => {
  let root: string;
  let store: Store;

  suiteSetup(async () => {
    await activateExtension();
    root = workspaceUri().fsPath;
    store = Store.open(root);
  });
  suiteTeardown(() => store?.close());

  test('Show Profile on a CSV file opens the panel with a profile computed by dist/worker.js', async () => {
    const file = path.join(root, 'profile-file.csv');
    fs.writeFileSync(file, csv(3000, 0));
    const { result, workers } = await countingWorkers(() => vscode.commands.executeCommand<ProfileShown>('mlops.showProfile', vscode.Uri.file(file)));
    assert.ok(result, 'the command reported what it showed');
    assert.equal(result.error, undefined);
    assert.deepEqual(result.subjects.map((s) => [s.label, s.source, s.rows, s.columns]), [['profile-file.csv', 'worker', 3000, 3]]);
    assert.ok(workers >= 1, 'a worker thread was started');
    // From dist/extension.js the worker entry is dist/worker.js, or the sources through tsx, which a
    // packaged extension does not have: the profile came back, so the bundle ran it.
    const dist = path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'dist');
    assert.ok(fs.existsSync(path.join(dist, 'worker.js')));
    assert.ok(!fs.existsSync(path.join(dist, 'workerEntry.ts')));
    const tab = await waitFor(() => `a profile tab (tabs: ${vscode.window.tabGroups.all.flatMap((g) => g.tabs.map((t) => t.label)).join(', ')})`, () => profileTabs()[0]);
    assert.equal(tab.label, 'Profile: profile-file.csv');
  });

  test('a dataset version is profiled once, stored equal to profileFile, then read from the store', async () => {
    const file = path.join(root, 'profile-versions.csv');
    fs.writeFileSync(file, csv(2000, 0));
    await versionDataset(store, root, config, 'profiled', { source: 'cli' });
    const v1 = listVersions(store, 'profiled')[0];
    const first = await countingWorkers(() => vscode.commands.executeCommand<ProfileShown>('mlops.showProfile', { kind: 'version', v: v1 }));
    assert.deepEqual(first.result.subjects.map((s) => [s.label, s.source]), [['profiled:profile-versions.csv@1', 'worker']]);
    assert.ok(first.workers >= 1);
    const stored = storedProfile(store, v1.hash, 'csv');
    assert.ok(stored, 'the worker profile was stored for the version');
    // The store keeps JSON; so does this comparison.
    assert.deepEqual(stored, JSON.parse(JSON.stringify(await profileFile(file))));
    const again = await countingWorkers(() => vscode.commands.executeCommand<ProfileShown>('mlops.showProfile', { kind: 'version', v: v1 }));
    assert.equal(again.result.subjects[0].source, 'store');
    assert.equal(again.workers, 0, 'no worker for a stored profile');
  });

  test('Compare Profile with Previous shows two versions, older first', async () => {
    const file = path.join(root, 'profile-versions.csv');
    fs.writeFileSync(file, csv(2500, 40));
    await versionDataset(store, root, config, 'profiled', { source: 'cli' });
    const v2 = listVersions(store, 'profiled')[0];
    assert.equal(v2.version, 2);
    const shown = await vscode.commands.executeCommand<ProfileShown>('mlops.compareProfileWithPrevious', { kind: 'version', v: v2 });
    assert.deepEqual(shown.subjects.map((s) => [s.label, s.rows]), [['profiled:profile-versions.csv@1', 2000], ['profiled:profile-versions.csv@2', 2500]]);
    assert.equal(shown.title, 'Profile: profile-versions.csv v1 ↔ profile-versions.csv v2');
    assert.equal(profileTabs().length, 1, 'one panel, reused');
  });

  test('a file that is not a table is refused with a clear error, no panel change', async () => {
    const file = path.join(root, 'notes.md');
    fs.writeFileSync(file, '# notes\n');
    const shown = await vscode.commands.executeCommand<ProfileShown | undefined>('mlops.showProfile', vscode.Uri.file(file));
    assert.equal(shown, undefined);
  });

  test('two files selected in the Explorer are profiled side by side', async () => {
    const a = path.join(root, 'profile-a.csv');
    const b = path.join(root, 'profile-b.csv');
    fs.writeFileSync(a, csv(300, 0));
    fs.writeFileSync(b, 'id,amount,region\n1,5,north\n2,7,south\n');
    const uris = [vscode.Uri.file(a), vscode.Uri.file(b)];
    const shown = await vscode.commands.executeCommand<ProfileShown>('mlops.showProfile', uris[0], uris);
    assert.equal(shown.error, undefined);
    assert.deepEqual(shown.subjects.map((s) => [s.label, s.rows, s.columns]), [['profile-a.csv', 300, 3], ['profile-b.csv', 2, 3]]);
    assert.equal(shown.title, 'Profile: profile-a.csv ↔ profile-b.csv');
  });

  test('a malformed table gives an error naming the file and line', async () => {
    const file = path.join(root, 'profile-bad.csv');
    fs.writeFileSync(file, 'name,age\nada,36\n"bob,41\n');
    const shown = await vscode.commands.executeCommand<ProfileShown>('mlops.showProfile', vscode.Uri.file(file));
    assert.deepEqual(shown.subjects, []);
    assert.match(shown.error ?? '', /profile-bad\.csv:3\b.*quote/i);
  });

  test('closing the panel cancels the profiling under way: the worker stops, nothing is shown', async function () {
    this.timeout(180_000);
    const file = path.join(root, 'profile-big.csv');
    let workers = 0;
    let exited = 0;
    const onWorker = (w: Worker) => {
      workers++;
      w.once('exit', () => exited++);
    };
    process.on('worker', onWorker);
    try {
      // The close must land while the worker profiles. On a busy machine it can land after the file is
      // done, which proves nothing either way: then the same is tried on a file twice as big (a close
      // that never cancels fails both).
      let shown: ProfileShown | undefined;
      for (const rows of [1_500_000, 3_000_000]) {
        fs.writeFileSync(file, csv(rows, 0));
        const before = workers;
        const pending = vscode.commands.executeCommand<ProfileShown>('mlops.showProfile', vscode.Uri.file(file));
        const tab = await waitFor('the panel profiling profile-big.csv', () => profileTabs().find((t) => t.label === 'Profile: profile-big.csv'));
        await waitFor('a worker thread', () => workers > before);
        await vscode.window.tabGroups.close(tab);
        shown = await pending;
        if (shown.error) break;
        assert.equal(shown.subjects[0]?.rows, rows, 'a profile the close came too late for is whole');
      }
      assert.ok(shown);
      assert.match(shown.error ?? '', /^Profiling profile-big\.csv was cancelled\.$/);
      assert.deepEqual(shown.subjects, []);
      assert.equal(profileTabs().length, 0);
      await waitFor(() => `the worker to exit (${exited} of ${workers})`, () => exited === workers);
    } finally {
      process.off('worker', onWorker);
      fs.rmSync(file, { force: true });
    }
  });

  test("a CSV of 64 MB or more is profiled in parts: the extension's worker starts its own", async function () {
    this.timeout(120_000);
    const file = path.join(root, 'profile-parts.csv');
    const block = csv(20_000, 5).split('\n').slice(1).join('\n');
    const fd = fs.openSync(file, 'w');
    fs.writeSync(fd, 'id,amount,plan\n');
    while (fs.fstatSync(fd).size < 70 << 20) fs.writeSync(fd, block);
    fs.closeSync(fd);
    // OS threads of this process, sampled while the profile runs: the worker and the part it starts.
    const threads = () => Number(/^Threads:\s+(\d+)/m.exec(fs.readFileSync('/proc/self/status', 'utf8'))![1]);
    const before = threads();
    let most = before;
    const sampler = setInterval(() => (most = Math.max(most, threads())), 10);
    let shown: ProfileShown;
    try {
      shown = await vscode.commands.executeCommand<ProfileShown>('mlops.showProfile', vscode.Uri.file(file));
    } finally {
      clearInterval(sampler);
      fs.rmSync(file, { force: true });
    }
    assert.equal(shown.error, undefined);
    assert.ok(most - before >= 2, `threads rose from ${before} to ${most}: a worker, and its own for the second part`);
    assert.ok(shown.subjects[0].rows > 1_000_000, `${shown.subjects[0].rows} rows`);
  });

  test('the commands are contributed with their menus', () => {
    const pkg = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { contributes: { commands: { command: string }[]; menus: Record<string, { command: string; when?: string }[]> } };
    assert.ok(pkg.contributes.commands.some((c) => c.command === 'mlops.showProfile'));
    const menus = pkg.contributes.menus;
    assert.ok(menus['view/item/context'].some((m) => m.command === 'mlops.showProfile' && m.when?.includes('view == mlops.datasets')));
    assert.ok(menus['view/item/context'].some((m) => m.command === 'mlops.compareProfileWithPrevious'));
    for (const where of ['explorer/context', 'editor/title', 'editor/title/context']) assert.ok(menus[where].some((m) => m.command === 'mlops.showProfile'), where);
  });
});
