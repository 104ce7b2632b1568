// Teams in the real extension, against a real PostgreSQL (test/harness/postgres.mjs) and a folder
// remote: a teammate's workspace pushes through core; Pull brings their run into the Runs view with
// its author (and the author filter shows it alone), Push sends a local run, the status bar follows.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import pg from 'pg';
import * as vscode from 'vscode';
import { loadConfig } from '../../src/core/config/loadConfig';
import { listVersions } from '../../src/core/data/datasetVersions';
import { objectPath } from '../../src/core/data/objectCache';
import { versionDataset } from '../../src/core/data/versionDataset';
import { Store } from '../../src/core/store/store';
import { pushAll } from '../../src/core/team/sync';
import { isSkipped, type PullReport, type PushReport } from '../../src/core/team/syncTypes';
import { initTeam } from '../../src/core/team/teamInit';
import { insertMetrics } from '../../src/core/tracking/metricRecords';
import { insertRun } from '../../src/core/tracking/runRecords';
// @ts-expect-error: the harness is plain JavaScript
import { startPostgres } from '../harness/postgres.mjs';
import { versionUri } from '../../src/extension/data/dataDocuments';
import { activateExtension, waitFor, workspaceUri, type WorkbenchApi } from './support';

const BOB = 'Bob Teammate <bob@example.com>';

suite('team', () => {
  let api: WorkbenchApi;
  let server: { createDatabase(name: string): Promise<string>; stop(): Promise<void> };
  let url: string;
  let tmp: string;
  let bobRoot: string;
  let store: Store;
  let savedConfig: string | undefined;
  let mine = '';
  const root = () => workspaceUri().fsPath;
  const configFile = () => path.join(root(), 'mlops.json');

  function finishedRun(s: Store, cwd: string, id: string, name: string): void {
    const now = Date.now();
    insertRun(s, { id, name, experiment: 'team-exp', status: 'finished', command: 'python3 train.py', cwd, params: { lr: 0.1 }, createdAt: now, startedAt: now, endedAt: now + 1000, exitCode: 0 });
    s.transaction(() => insertMetrics(s, id, [0.7, 0.8].map((value, step) => ({ key: 'val/auc', step, value, timestamp: now + step }))));
  }

  async function serverCount(sql: string, params: unknown[]): Promise<number> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return Number((await client.query<{ n: string }>(sql, params)).rows[0].n);
    } finally {
      await client.end();
    }
  }

  suiteSetup(async function () {
    this.timeout(180_000);
    api = await activateExtension();
    server = await startPostgres();
    url = await server.createDatabase('team_exthost');
    await initTeam(url);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-team-exthost-'));
    const remote = path.join(tmp, 'remote');
    fs.mkdirSync(remote);
    // Bob's workspace: his own git identity (the author his pushes carry), a dataset and a run.
    bobRoot = path.join(tmp, 'bob');
    fs.mkdirSync(path.join(bobRoot, 'data'), { recursive: true });
    execFileSync('git', ['init', '-q'], { cwd: bobRoot });
    execFileSync('git', ['config', 'user.name', 'Bob Teammate'], { cwd: bobRoot });
    execFileSync('git', ['config', 'user.email', 'bob@example.com'], { cwd: bobRoot });
    fs.writeFileSync(path.join(bobRoot, 'mlops.json'), JSON.stringify({ datasets: { shared: 'data/shared.csv' }, remotes: { team: { url: remote, default: true } } }));
    fs.writeFileSync(path.join(bobRoot, 'data', 'shared.csv'), 'a,b\n1,2\n3,4\n');
    const bob = Store.open(bobRoot);
    try {
      const bobConfig = loadConfig(bobRoot).config;
      await versionDataset(bob, bobRoot, bobConfig, 'shared');
      finishedRun(bob, bobRoot, 'team-bob-run-1', 'bob-baseline');
      const pushed = await pushAll(bob, bobRoot, bobConfig, { env: { MLOPS_TEAM_DATABASE: url } });
      assert.ok(!isSkipped(pushed.records), JSON.stringify(pushed));
    } finally {
      bob.close();
    }
    // This workspace: the same remote in mlops.json, the team store from the environment.
    savedConfig = fs.existsSync(configFile()) ? fs.readFileSync(configFile(), 'utf8') : undefined;
    const config = savedConfig ? (JSON.parse(savedConfig) as Record<string, unknown>) : {};
    fs.writeFileSync(configFile(), JSON.stringify({ ...config, datasets: { ...(config.datasets as object), shared: 'data/shared.csv' }, remotes: { team: { url: remote, default: true } } }, null, 2));
    process.env.MLOPS_TEAM_DATABASE = url;
    await waitFor('mlops.json with the remote to be loaded', () => loadConfig(root()).config.remotes?.team && api.configProblems().length === 0);
    store = Store.open(root());
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('mlops.clearRunsAuthorFilter');
    delete process.env.MLOPS_TEAM_DATABASE;
    store?.close();
    if (savedConfig !== undefined) fs.writeFileSync(configFile(), savedConfig);
    await server?.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  test('the status bar says what a pull would bring; Pull brings the teammate\'s run with its author', async () => {
    const before = await waitFor('the team status bar to count the teammate\'s changes', async () => {
      const text = await Promise.race([api.nextTeamStatus(), new Promise<string | undefined>((r) => setTimeout(() => r(api.teamStatus()), 3000))]);
      return text && /\$\(cloud-download\) [1-9]/.test(text) ? text : undefined;
    }, 60_000);
    const report = await vscode.commands.executeCommand<PullReport>('mlops.pull');
    assert.ok(report && !isSkipped(report.records), JSON.stringify(report));
    assert.equal(report.records.pulled.run, 1);
    const row = await waitFor('bob-baseline in the Runs view', () => api.runRows().find((r) => r.id === 'team-bob-run-1'), 30_000);
    assert.match(row.tooltip, /Author: `Bob Teammate <bob@example\.com>` \(pulled from the team store\)/);
    assert.match(row.description, /^by Bob Teammate/);
    const after = await waitFor('the status bar to show nothing left to pull', () => {
      const t = api.teamStatus();
      return t && /\$\(cloud-download\) 0$/.test(t) ? t : undefined;
    });
    assert.notEqual(after, before);
    // A pulled run has no output.log here: said, not failed.
    const said = await vscode.commands.executeCommand<string>('mlops.openRunOutput', 'team-bob-run-1');
    assert.match(said ?? '', /output not shared/);
  });

  test('Filter Runs by Author shows the teammate\'s runs alone, and Clear Author Filter everyone\'s', async () => {
    mine = `team-mine-${Date.now().toString(36)}`;
    finishedRun(store, root(), mine, 'my-run');
    const shown = await vscode.commands.executeCommand<string>('mlops.filterRunsByAuthor', BOB);
    assert.equal(shown, BOB);
    await waitFor('only Bob\'s runs', () => {
      const runs = api.runRows().filter((r) => r.contextValue.startsWith('run.'));
      return runs.length > 0 && runs.every((r) => r.tooltip.includes(BOB));
    });
    await vscode.commands.executeCommand('mlops.clearRunsAuthorFilter');
    await waitFor('my run back in the view', () => api.runRows().some((r) => r.label === 'my-run'));
  });

  test('a teammate\'s run opens in Compare Runs and Show Metrics beside one\'s own', async () => {
    const tabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs);
    const webview = (suffix: string) => tabs().find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith(suffix));
    // The Compare panel is one per window: an earlier suite's may still be open, retitled a moment after the command.
    await vscode.commands.executeCommand('mlops.compareRuns', ['team-bob-run-1', mine]);
    await waitFor(
      () => `a "Compare 2 Runs" tab (tabs: ${tabs().map((t) => t.label).join(', ')})`,
      () => (webview('mlops.compare')?.label === 'Compare 2 Runs' ? true : undefined),
    );
    await vscode.commands.executeCommand('mlops.showMetrics', ['team-bob-run-1', mine]);
    await waitFor(() => `a Metrics tab (tabs: ${tabs().map((t) => t.label).join(', ')})`, () => webview('mlops.metrics'));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('Push sends a local run to the team store; the status bar counts it before and not after', async () => {
    const id = `team-push-${Date.now().toString(36)}`;
    finishedRun(store, root(), id, 'pushed-run');
    await waitFor('the status bar to count something to push', () => {
      const t = api.teamStatus();
      return t && /^\$\(cloud-upload\) [1-9]/.test(t) ? t : undefined;
    }, 30_000);
    const report = await vscode.commands.executeCommand<PushReport>('mlops.push');
    assert.ok(report && !isSkipped(report.records), JSON.stringify(report));
    assert.ok(report.records.pushed.run >= 1, JSON.stringify(report.records));
    assert.equal(await serverCount('SELECT count(*) AS n FROM mlops.runs WHERE id = $1', [id]), 1);
    await waitFor('the status bar to show nothing to push', () => {
      const t = api.teamStatus();
      return t && /^\$\(cloud-upload\) 0 /.test(t) ? t : undefined;
    });
  });

  test('a teammate\'s dataset version only on the remote shows a cloud, and Restore fetches it', async () => {
    const v = listVersions(store, 'shared').find((x) => x.version === 1);
    assert.ok(v, 'the pulled version of shared');
    // Pull fetched its object; a cache cleaned since leaves it on the remote only.
    fs.rmSync(objectPath(root(), v.hash), { force: true });
    store.db.prepare('UPDATE dataset_versions SET note = note WHERE id = ?').run(v.id);
    await vscode.commands.executeCommand('mlops.refresh');
    const row = await waitFor('the version to show on remote', () => api.datasetRows().find((r) => r.id === `version:${v.id}` && r.icon === 'cloud'), 30_000);
    assert.match(row.description, /on remote/);
    assert.match(row.tooltip, /Bob Teammate/);
    await vscode.commands.executeCommand('mlops.restoreVersion', { versionId: v.id });
    assert.equal(fs.readFileSync(path.join(root(), 'data', 'shared.csv'), 'utf8'), 'a,b\n1,2\n3,4\n');
    assert.ok(fs.existsSync(objectPath(root(), v.hash)), 'the object fetched into the cache');
  });

  test('opening a version only on the remote fetches it into the editor', async () => {
    const v = listVersions(store, 'shared').find((x) => x.version === 1);
    assert.ok(v, 'the pulled version of shared');
    fs.rmSync(objectPath(root(), v.hash), { force: true });
    const doc = await vscode.workspace.openTextDocument(versionUri(v));
    assert.equal(doc.getText(), 'a,b\n1,2\n3,4\n');
    assert.ok(fs.existsSync(objectPath(root(), v.hash)), 'the object fetched into the cache');
  });

  test('team.pullInterval pulls in the background: a teammate\'s new run appears without a command', async function () {
    this.timeout(180_000);
    const bob = Store.open(bobRoot);
    try {
      finishedRun(bob, bobRoot, 'team-bob-run-2', 'bob-second');
      await pushAll(bob, bobRoot, loadConfig(bobRoot).config, { env: { MLOPS_TEAM_DATABASE: url } });
    } finally {
      bob.close();
    }
    const config = JSON.parse(fs.readFileSync(configFile(), 'utf8')) as Record<string, unknown>;
    fs.writeFileSync(configFile(), JSON.stringify({ ...config, team: { pullInterval: 1 } }, null, 2));
    await waitFor('mlops.json with team.pullInterval to be loaded', () => loadConfig(root()).config.team?.pullInterval === 1);
    // One minute's beat, and the pull itself: no command is run meanwhile.
    const row = await waitFor('bob-second to be pulled in the background', () => api.runRows().find((r) => r.id === 'team-bob-run-2'), 150_000);
    assert.match(row.description, /^by Bob Teammate/);
  });

  test('an unreachable team store is said in the status bar, not thrown', async () => {
    // A port nothing listens on: the server stopped.
    const closed = url.replace(/:(\d+)\//, ':1/');
    process.env.MLOPS_TEAM_DATABASE = closed;
    try {
      await vscode.commands.executeCommand('mlops.refresh');
      const text = await waitFor('the status bar to say the team store is unreachable', async () => {
        const t = await Promise.race([api.nextTeamStatus(), new Promise<string | undefined>((r) => setTimeout(() => r(api.teamStatus()), 3000))]);
        return t?.includes('Team store unreachable') ? t : undefined;
      }, 45_000);
      assert.equal(text, '$(cloud) Team store unreachable');
    } finally {
      process.env.MLOPS_TEAM_DATABASE = url;
    }
  });
});
