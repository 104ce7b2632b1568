// `npm run screenshots`: the pictures README.md and docs/ show, taken from a fresh copy of
// examples/demo-workspace in a real VS Code (code-server + Chromium), driven as a user would: runs
// recorded by the CLI as `npm run demo` records them, then the MLOps container and the Overview,
// train-long launched and its Metrics panel open while it streams, Compare Runs of two runs, the
// Datasets view with a Profile panel, and a bad value saved into data/train.csv caught in the
// Problems panel. Writes media/screenshots/*.png (1280x800).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { launchBrowser, runCommand, waitForWorkbench, webviewFrame } from '../test/harness/browser.mjs';
import { repoRoot, startCodeServer } from '../test/harness/codeServer.mjs';
import { mlops } from '../test/e2e/session.mjs';
import { datasetRow, expandDatasetsView } from '../test/e2e/datasetsView.mjs';

const outDir = path.join(repoRoot, 'media', 'screenshots');
const VIEWPORT = { width: 1280, height: 800 };

execFileSync(process.execPath, [path.join(repoRoot, 'esbuild.js')], { stdio: 'inherit', cwd: repoRoot });

// The demo's state after `npm run demo`: a git repository with two runs and the sweep recorded.
// The folder keeps the example's name, which the window title shows.
const home = await fs.mkdtemp(path.join(os.tmpdir(), 'mlops-screenshots-'));
const workspace = path.join(home, 'demo-workspace');
await fs.cp(path.join(repoRoot, 'examples', 'demo-workspace'), workspace, { recursive: true });
await fs.rm(path.join(workspace, '.mlops'), { recursive: true, force: true });
const git = (...args) => execFileSync('git', ['-c', 'user.name=MLOps demo', '-c', 'user.email=demo@localhost', ...args], { cwd: workspace, stdio: 'ignore' });
git('init', '-q', '-b', 'main');
git('add', '-A');
git('commit', '-qm', 'Demo workspace');
mlops(workspace, 'run', 'train', '--name', 'baseline');
mlops(workspace, 'run', 'train', '--param', 'lr=0.2', '--param', 'epochs=15', '--name', 'fast-lr');
mlops(workspace, 'sweep', 'train');

const server = await startCodeServer({ workspace, name: 'screenshots' });
// Installed as `npm run demo` installs it: a folder named publisher.name-version in the extensions dir.
const manifest = JSON.parse(await fs.readFile(path.join(repoRoot, 'package.json'), 'utf8'));
await fs.symlink(repoRoot, path.join(server.extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`));
const context = await launchBrowser('screenshots');
const page = await context.newPage();
await page.setViewportSize(VIEWPORT);
// A shared, busy machine can take far longer than a test's budget to act; the pictures are worth the wait.
page.setDefaultTimeout(120_000);

await fs.mkdir(outDir, { recursive: true });
const saved = [];
async function shoot(name, what) {
  // The pointer would leave a hover or a tooltip in the picture.
  await page.mouse.move(VIEWPORT.width - 5, VIEWPORT.height / 2);
  await page.locator('.workbench-hover-container, .monaco-hover:not(.hidden)').filter({ visible: true }).first().waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => {});
  const file = path.join(outDir, name);
  await page.screenshot({ path: file });
  saved.push(file);
  console.log(`  saved ${path.relative(repoRoot, file)}: ${what}`);
}

const sidebarPane = (title) => page.locator('.part.sidebar .pane', { has: page.locator('.pane-header .title', { hasText: new RegExp(`^${title}$`) }) });
const runRow = (name) => sidebarPane('Runs').locator('.monaco-list-row', { hasText: name }).first();

/** Polls `probe` until it is truthy: the panels expose their state as data attributes. */
async function waitUntil(probe, what, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await page.waitForTimeout(100);
  }
}

/** The webview whose document holds `selector` (the Profile panel's title names the file, not the panel). */
async function frameWith(selector, timeoutMs = 60_000) {
  return waitUntil(async () => {
    const n = await page.locator('iframe.webview').count();
    for (let i = 0; i < n; i++) {
      const frame = page.frameLocator('iframe.webview').nth(i).frameLocator('iframe#active-frame');
      if (await frame.locator(selector).count().catch(() => 0)) return frame;
    }
    return undefined;
  }, `a webview holding ${selector}`, timeoutMs);
}

/** Clicks the MLOps activity-bar icon; the Runs view is ready once it lists the demo's train runs. */
async function openContainer() {
  await page.locator('.part.activitybar .action-item .action-label[aria-label^="MLOps"]').click();
  // Generous: on a busy machine the extension host may take a minute to activate.
  await sidebarPane('Runs').locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: /^train$/ }) }).first().waitFor({ state: 'visible', timeout: 120_000 });
}

/** Right-clicks `row` and runs its context-menu entry (hover until focused, then Enter, as the e2e does). */
async function contextMenu(row, title) {
  await row.click({ button: 'right' });
  const entry = page.locator('.context-view .monaco-menu .action-item', { hasText: title }).first();
  await entry.hover();
  await page.locator('.context-view .monaco-menu .action-item.focused', { hasText: title }).waitFor({ state: 'visible', timeout: 5_000 });
  await page.keyboard.press('Enter');
}

let failed = false;
try {
  await page.goto(server.folderUrl(), { timeout: 120_000 });
  await waitForWorkbench(page, 120_000);

  // 1. The MLOps container with its four views, and the Overview panel.
  await openContainer();
  // The train experiment starts collapsed: expand it as a user would, by its twistie. A click that
  // lands while the tree redraws is dropped; click again.
  const trainGroup = sidebarPane('Runs').locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: /^train$/ }) }).first();
  const finishedRun = sidebarPane('Runs').locator('.monaco-list-row', { has: page.locator('.codicon-pass') }).first();
  for (let attempt = 1; !(await finishedRun.isVisible()); attempt++) {
    if ((await trainGroup.getAttribute('aria-expanded')) !== 'true') await trainGroup.locator('.monaco-tl-twistie').click();
    await finishedRun.waitFor({ state: 'visible', timeout: 5_000 }).catch((err) => {
      if (attempt >= 3) throw err;
    });
  }
  await runCommand(page, 'MLOps: Show Overview');
  const overview = await webviewFrame(page, 'MLOps Overview');
  await overview.locator('[data-testid=overview-chart] svg .mark-rect path').first().waitFor({ state: 'visible', timeout: 30_000 });
  await overview.locator('[data-testid=count-runs]', { hasText: /^8$/ }).waitFor({ state: 'visible', timeout: 30_000 });
  await shoot('overview.png', 'the MLOps container and the Overview panel');

  // 2. train-long launched from the palette; its Metrics panel while it streams.
  await runCommand(page, 'MLOps: Run...');
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'train-long' }).first().click();
  // The run's terminal is titled "MLOps: train-long (<run name>)".
  const terminalTitle = page.locator('.part.panel', { hasText: 'MLOps: train-long (' }).first();
  await terminalTitle.waitFor({ state: 'visible', timeout: 60_000 });
  const runName = /MLOps: train-long \(([^)]+)\)/.exec(await terminalTitle.innerText())?.[1];
  if (!runName) throw new Error('the run\'s terminal names no run');
  // A click on the run opens its metrics. A busy window may answer late, or with the run picker
  // instead (the click reached it before the selection did): then tick the run there, as a user would.
  await runRow(runName).click();
  const picker = page.locator('.quick-input-widget');
  const pick = picker.locator('.monaco-list-row', { hasText: runName }).first();
  const metrics = await waitUntil(async () => {
    if (await pick.isVisible().catch(() => false)) {
      await pick.locator('.monaco-custom-toggle, input[type=checkbox]').first().click();
      await picker.locator('.quick-input-count', { hasText: '1' }).waitFor({ state: 'visible', timeout: 15_000 });
      await picker.locator('.monaco-button', { hasText: /^OK$/ }).first().click();
    }
    return webviewFrame(page, 'MLOps Metrics', { timeout: 1_000 }).catch(() => undefined);
  }, 'the Metrics panel', 180_000);
  // The first card (charts are drawn as they near the viewport); about 40 of the 300 epochs drawn: a
  // curve to see, and the run still live.
  const lossChart = metrics.locator('[data-testid=metric-card][data-key="train/loss"] .metric-chart');
  await waitUntil(async () => Number((await lossChart.getAttribute('data-rendered').catch(() => null)) ?? 0) >= 40, 'train/loss to hold 40 points', 120_000);
  // On a machine too busy to open the panel within the run's 40 s, the picture shows it finished.
  const live = await metrics.locator('[data-testid=legend-run]', { hasText: 'live' }).first().isVisible();
  if (!live) console.log('  note: train-long finished before its Metrics panel was drawn; the picture shows it finished');
  await shoot('metrics.png', `train-long (${runName}) ${live ? 'streaming into' : 'finished in'} the Metrics panel`);
  await runRow(runName).locator('.codicon-pass').waitFor({ state: 'visible', timeout: 120_000 });

  // 3. Compare Runs of two runs, the terminal put away so the parallel coordinates show.
  await runCommand(page, 'View: Hide Panel');
  await runCommand(page, 'MLOps: Compare Runs');
  const quick = page.locator('.quick-input-widget');
  for (const [i, name] of ['baseline', 'fast-lr'].entries()) {
    // The list shows only the newest runs; typing the name filters it (ticks are kept).
    await quick.locator('.quick-input-box input').fill(name);
    const row = quick.locator('.monaco-list-row', { hasText: name }).first();
    await row.waitFor({ state: 'visible' });
    await row.locator('.monaco-custom-toggle, input[type=checkbox]').first().click();
    await quick.locator('.quick-input-count', { hasText: String(i + 1) }).waitFor({ state: 'visible', timeout: 30_000 });
  }
  // OK, not Enter: with focus on a row, Enter toggles that row's tick instead of accepting.
  await quick.locator('.monaco-button', { hasText: /^OK$/ }).first().click();
  const compare = await webviewFrame(page, 'Compare 2 Runs', { timeout: 120_000 });
  await compare.locator('[data-testid=parallel-chart] svg').first().waitFor({ state: 'visible', timeout: 120_000 });
  await compare.locator('td.best').first().waitFor({ state: 'visible' });
  await shoot('compare.png', 'Compare Runs: baseline and fast-lr');

  // 4. The Datasets view with train's versions, and the Profile panel of train.
  await runCommand(page, 'View: Close All Editors');
  await expandDatasetsView(page);
  await datasetRow(page, /^train$/).waitFor({ state: 'visible', timeout: 30_000 });
  await datasetRow(page, /^train$/).click();
  await datasetRow(page, /^v1$/).waitFor({ state: 'visible', timeout: 30_000 });
  await contextMenu(datasetRow(page, /^train$/), /^Show Profile$/);
  const profile = await frameWith('[data-testid=column-cards]', 120_000);
  const tenure = profile.locator('[data-testid=column-card][data-column=tenure_months]');
  await tenure.locator('[data-testid=histogram-chart] svg .mark-rect path').first().waitFor({ state: 'attached', timeout: 30_000 });
  await shoot('profile.png', 'the Datasets view and the Profile panel of train');

  // 5. A bad value typed into data/train.csv and saved: the new version fails its expectation.
  await runCommand(page, 'View: Show Explorer');
  const explorer = page.locator('.part.sidebar .explorer-folders-view');
  await explorer.locator('.monaco-list-row', { hasText: /^data$/ }).first().click();
  await explorer.locator('.monaco-list-row', { hasText: /^train\.csv$/ }).first().click();
  await page.locator('.part.editor .view-lines', { hasText: 'C00006,41,' }).first().waitFor({ state: 'visible', timeout: 30_000 });
  await openContainer();
  // Line 7 holds customer C00006 with a tenure of 41 months; 410 breaks "between 0 and 120".
  await page.locator('.part.editor .tab.active', { hasText: /^train\.csv/ }).click();
  await runCommand(page, 'Go to Line/Column...');
  await page.keyboard.type('7:10');
  await page.keyboard.press('Enter');
  await page.locator('.statusbar-item', { hasText: 'Ln 7, Col 10' }).waitFor({ state: 'visible', timeout: 5_000 });
  await page.keyboard.type('0');
  await page.keyboard.press('Control+S');
  await page.locator('.part.editor .tab.active.dirty').waitFor({ state: 'detached', timeout: 30_000 });
  const toast = page.locator('.notification-toast', { hasText: /train\.csv v\d+ fails 1 expectation/ });
  await toast.waitFor({ state: 'visible', timeout: 180_000 });
  await toast.locator('.monaco-button', { hasText: 'Show Problems' }).click();
  await page.locator('.part.panel .markers-panel .monaco-list-row', { hasText: 'between tenure_months' }).first().waitFor({ state: 'visible', timeout: 30_000 });
  await datasetRow(page, /^train$/).locator('.label-description', { hasText: 'fails 1' }).waitFor({ state: 'visible', timeout: 30_000 });
  await shoot('problems.png', 'a failed expectation in the Problems panel and the Datasets view');
} catch (err) {
  failed = true;
  const file = path.join(repoRoot, 'test-results', 'screenshots-failure.png');
  await fs.mkdir(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file }).catch(() => {});
  console.error(`screenshots: ${err?.stack ?? err}\n(the page at the failure: ${path.relative(repoRoot, file)}; code-server's log: ${server.logFile})`);
} finally {
  await context.close();
  await server.stop();
  await fs.rm(home, { recursive: true, force: true });
}
console.log(`screenshots: ${saved.length} saved in ${path.relative(repoRoot, outDir)}/`);
process.exitCode = failed ? 1 : 0;
