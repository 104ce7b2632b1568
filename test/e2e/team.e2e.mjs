// Teams in the real workbench (code-server + Chromium, the installed VSIX): a teammate (Bob, his own
// workspace and git identity) trains, versions data and pushes with the CLI to a real PostgreSQL team
// store and a shared-folder remote. Then, as the user: the status bar says what a pull would bring;
// clicking it -> Pull brings Bob's run into the Runs view with "by Bob" and his name in the tooltip;
// a dataset version whose object is only on the remote shows a cloud and Restore fetches it; the
// user's own run goes with Push and the status bar's count to push drops to 0. Screenshots go to
// test-results/. MLOPS_TEAM_DATABASE reaches the extension through code-server's environment.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCommand } from '../harness/browser.mjs';
import { startPostgres } from '../harness/postgres.mjs';
import { datasetRow, expandDatasetsView, contextMenu } from './datasetsView.mjs';
import { demoWorkspace, e2eSession, mlops } from './session.mjs';

const pgServer = await startPostgres();
const url = await pgServer.createDatabase('team_e2e');
const remote = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-e2e-team-remote-'));
// The team store's URL for the CLI below and for code-server (it passes its environment on).
process.env.MLOPS_TEAM_DATABASE = url;

const withRemote = (dir) => {
  const file = path.join(dir, 'mlops.json');
  const config = JSON.parse(fs.readFileSync(file, 'utf8'));
  config.remotes = { team: { url: remote, default: true } };
  fs.writeFileSync(file, JSON.stringify(config, null, 2));
};

const bob = await demoWorkspace('team-bob', { git: true });
execFileSync('git', ['config', 'user.name', 'Bob Teammate'], { cwd: bob });
execFileSync('git', ['config', 'user.email', 'bob@example.com'], { cwd: bob });
withRemote(bob);
mlops(bob, 'team', 'init');
mlops(bob, 'run', 'train');
const [bobRun] = JSON.parse(mlops(bob, 'runs', 'list', '--json'));
if (bobRun?.status !== 'finished') throw new Error(`Bob's training run did not finish: ${JSON.stringify(bobRun)}`);
// A version of train that only Bob has (the user's copy of the file stays as the demo ships it).
fs.appendFileSync(path.join(bob, 'data', 'train.csv'), fs.readFileSync(path.join(bob, 'data', 'train.csv'), 'utf8').split('\n').slice(1, 4).join('\n') + '\n');
mlops(bob, 'data', 'version', 'train');
mlops(bob, 'push');

const workspace = await demoWorkspace('team', { git: true });
withRemote(workspace);
const trainFile = path.join(workspace, 'data', 'train.csv');
const demoTrain = fs.readFileSync(trainFile, 'utf8');
const bobTrain = fs.readFileSync(path.join(bob, 'data', 'train.csv'), 'utf8');

const pane = (page, title) => page.locator('.part.sidebar .pane', { has: page.locator('.pane-header .title', { hasText: new RegExp(`^${title}$`) }) });
const rowIn = (page, title, label) => pane(page, title).locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: label }) }).first();
const teamItem = (page, text) => page.locator('.part.statusbar .statusbar-item', { hasText: text }).first();
const quick = (page) => page.locator('.quick-input-widget');
const notification = (page, text) => page.locator('.notification-toast', { hasText: text }).first();

try {
  await e2eSession('team', workspace, async ({ page, step, screenshot }) => {
    await step('the status bar offers a pull from the team (nothing is recorded here yet)', async () => {
      await page.locator('.part.activitybar .action-item .action-label[aria-label^="MLOps"]').click();
      await teamItem(page, /^\s*Pull\s*$/).waitFor({ state: 'visible', timeout: 120_000 });
      await screenshot('e2e-team-status-before.png');
    });

    await step('click the status bar -> Pull: Bob\'s run appears with "by Bob Teammate"', async () => {
      await teamItem(page, /^\s*Pull\s*$/).click();
      await quick(page).locator('.monaco-list-row', { hasText: 'Pull' }).first().click();
      await notification(page, /Pulled .*run/).waitFor({ state: 'visible', timeout: 60_000 });
      const row = rowIn(page, 'Runs', new RegExp(`^${bobRun.name}$`));
      await row.waitFor({ state: 'visible', timeout: 30_000 });
      await row.locator('.label-description', { hasText: /by Bob Teammate/ }).waitFor({ state: 'visible', timeout: 10_000 });
      await row.hover();
      await page.locator('.monaco-hover', { hasText: 'Bob Teammate <bob@example.com>' }).first().waitFor({ state: 'visible', timeout: 10_000 });
      await screenshot('e2e-team-pulled-run.png');
      await page.keyboard.press('Escape');
    });

    await step('Bob\'s version of train only on the remote shows a cloud; Restore fetches it', async () => {
      // Pull fetched every object; a cache cleaned since leaves Bob's version on the remote only.
      const hash = createHash('sha256').update(bobTrain).digest('hex');
      const versions = JSON.parse(mlops(workspace, 'data', 'versions', 'train', '--json'));
      if (!versions.some((x) => x.hash === hash)) throw new Error(`Bob's version of train was not pulled: ${JSON.stringify(versions)}`);
      fs.rmSync(path.join(workspace, '.mlops', 'objects', hash.slice(0, 2), hash.slice(2)), { force: true });
      await expandDatasetsView(page);
      await runCommand(page, 'MLOps: Refresh');
      await datasetRow(page, /^train$/).click();
      const cloudRow = pane(page, 'Datasets').locator('.monaco-list-row', { has: page.locator('.codicon-cloud') }).first();
      await cloudRow.waitFor({ state: 'visible', timeout: 30_000 });
      await cloudRow.locator('.label-description', { hasText: /on remote/ }).waitFor({ state: 'visible' });
      await screenshot('e2e-team-on-remote.png');
      // Straight to the context menu: a click would open the version, which fetches it too (and the
      // cloud would be gone before Restore could be asked for).
      await contextMenu(page, cloudRow, 'Restore This Version');
      const deadline = Date.now() + 60_000;
      while (fs.readFileSync(trainFile, 'utf8') !== bobTrain) {
        if (Date.now() > deadline) throw new Error('train.csv was not restored to Bob\'s version');
        await new Promise((r) => setTimeout(r, 200));
      }
      if (!fs.existsSync(path.join(workspace, '.mlops', 'objects', hash.slice(0, 2), hash.slice(2)))) throw new Error('the object was not fetched into the cache');
      // The view follows: no version of train is left only on the remote.
      await pane(page, 'Datasets').locator('.monaco-list-row .codicon-cloud').first().waitFor({ state: 'detached', timeout: 30_000 });
      await screenshot('e2e-team-restored.png');
    });

    await step('the user\'s own run goes with MLOps: Push; the status bar has nothing left to push', async () => {
      fs.writeFileSync(trainFile, demoTrain);
      mlops(workspace, 'run', 'train');
      await teamItem(page, /^\s*[1-9]\d*\s+\d+\s*$/).waitFor({ state: 'visible', timeout: 90_000 });
      await runCommand(page, 'MLOps: Push');
      await notification(page, /Pushed .*run/).waitFor({ state: 'visible', timeout: 90_000 });
      await teamItem(page, /^\s*0\s+\d+\s*$/).waitFor({ state: 'visible', timeout: 60_000 });
      await screenshot('e2e-team-pushed.png');
    });
  });
} finally {
  await pgServer.stop();
  fs.rmSync(remote, { recursive: true, force: true });
  fs.rmSync(bob, { recursive: true, force: true });
}
