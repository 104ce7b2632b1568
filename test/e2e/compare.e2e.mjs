// Comparing runs in the real workbench (code-server + Chromium): a real sweep of the demo workspace
// through the CLI, then "MLOps: Compare Runs" (table, sorting, parallel coordinates) and Compare in
// Editor from the panel. Screenshots go to test-results/. Exit code 0 = all passed.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { collectConsole, launchBrowser, runCommand, waitForWorkbench, webviewFrame } from '../harness/browser.mjs';
import { repoRoot, resultsDir, startCodeServer } from '../harness/codeServer.mjs';
import { devPayload } from '../harness/extensionHost.mjs';

const EXTENSION_ID = 'mlops-workbench.mlops-workbench';
const demo = path.join(repoRoot, 'examples', 'demo-workspace');
const cli = path.join(repoRoot, 'dist', 'cli.js');

/** The demo workspace under git with a finished sweep (6 runs) recorded by the real CLI. */
async function makeWorkspace() {
  if (!existsSync(demo) || !existsSync(cli)) throw new Error(`needs ${demo} and ${cli} (node esbuild.js)`);
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'mlops-e2e-compare-'));
  await fs.cp(demo, dir, { recursive: true });
  await fs.rm(path.join(dir, '.mlops'), { recursive: true, force: true });
  const git = (...args) => execFileSync('git', args, { cwd: dir, stdio: 'ignore' });
  git('init', '-q', '-b', 'main');
  git('-c', 'user.email=e2e@example.com', '-c', 'user.name=e2e', 'add', '.');
  git('-c', 'user.email=e2e@example.com', '-c', 'user.name=e2e', 'commit', '-q', '-m', 'demo');
  execFileSync(process.execPath, [cli, 'sweep', 'train', '--parallel', '2'], { cwd: dir, stdio: 'ignore' });
  // One more run on a newer commit with an uncommitted edit on top: something for Compare Code to show.
  await fs.appendFile(path.join(dir, 'train.py'), '\n# tuned after the sweep\n');
  git('-c', 'user.email=e2e@example.com', '-c', 'user.name=e2e', 'commit', '-q', '-am', 'tune');
  await fs.appendFile(path.join(dir, 'train.py'), '# an uncommitted experiment\n');
  execFileSync(process.execPath, [cli, 'run', 'train', '--param', 'lr=0.2'], { cwd: dir, stdio: 'ignore' });
  const runs = JSON.parse(execFileSync(process.execPath, [cli, 'runs', 'list', '--json'], { cwd: dir, encoding: 'utf8' }));
  if (runs.length < 2) throw new Error(`the sweep recorded ${runs.length} runs`);
  return { dir, runs };
}

const fromOurWebview = (m) => m.url.includes('/webview/browser/pre/') && m.url.includes(`extensionId=${EXTENSION_ID}`);

let passed = 0;
let failed = 0;
async function step(name, fn) {
  const started = Date.now();
  try {
    await fn();
    passed++;
    console.log(`  ok   ${name} (${Date.now() - started} ms)`);
  } catch (err) {
    failed++;
    console.log(`  FAIL ${name} (${Date.now() - started} ms)\n${String(err?.stack ?? err).replace(/^/gm, '       ')}`);
    throw err;
  }
}

const { dir: workspace, runs } = await makeWorkspace();
await fs.mkdir(resultsDir, { recursive: true });
const server = await startCodeServer({ workspace, name: 'e2e-compare' });
const context = await launchBrowser('e2e-compare');
const page = await context.newPage();
const consoleLog = collectConsole(page);
const title = `Compare ${runs.length} Runs`;
try {
  await step('workbench loads with the extension', async () => {
    await page.goto(server.folderUrl({ payload: devPayload(server.port) }));
    await waitForWorkbench(page);
  });

  await step('"MLOps: Compare Runs" with every run picked opens the table and the parallel-coordinates chart', async () => {
    await runCommand(page, 'MLOps: Compare Runs');
    const quick = page.locator('.quick-input-widget');
    await quick.locator('.monaco-list-row').first().waitFor({ state: 'visible' });
    // The header's "toggle all" checkbox (a custom toggle in current VS Code, an <input> in older ones).
    await quick.locator('.quick-input-header').locator('.quick-input-check-all, .monaco-custom-toggle, input[type=checkbox]').first().click();
    await quick.locator('.quick-input-count', { hasText: String(runs.length) }).waitFor({ state: 'visible' });
    await page.keyboard.press('Enter');
    const frame = await webviewFrame(page, title);
    await frame.locator('[data-testid=parallel-chart] svg').first().waitFor({ state: 'visible', timeout: 30_000 });
    const rows = await frame.locator('[data-testid=compare-table] tbody tr').count();
    if (rows !== runs.length) throw new Error(`the table shows ${rows} rows for ${runs.length} runs`);
    // lr and l2 vary over the sweep: their columns are highlighted; val/auc has a best value.
    for (const k of ['lr', 'l2']) await frame.locator(`th.differs[data-key="param:${k}"]`).waitFor({ state: 'visible' });
    await frame.locator('td.best').first().waitFor({ state: 'visible' });
    await page.screenshot({ path: path.join(resultsDir, 'e2e-compare-panel.png') });
  });

  await step('clicking a metric header sorts the runs best first, clicking again reverses', async () => {
    const frame = await webviewFrame(page, title);
    const header = frame.locator('th[data-key="metric:val/auc"] button');
    const firstRun = () => frame.locator('[data-testid=compare-table] tbody tr').first().getAttribute('data-run');
    const bestRun = runs.reduce((a, b) => ((a.metrics?.['val/auc']?.last ?? -1) >= (b.metrics?.['val/auc']?.last ?? -1) ? a : b));
    await header.click();
    await frame.locator('th[data-key="metric:val/auc"][aria-sort=descending]').waitFor();
    const top = await firstRun();
    const topCell = await frame.locator('[data-testid=compare-table] tbody tr').first().locator('td.best').count();
    if (!topCell) throw new Error(`the first row after sorting by val/auc (${top}) holds no best value`);
    if (bestRun.metrics && top !== bestRun.id) throw new Error(`first row ${top}, best run ${bestRun.id}`);
    await header.click();
    await frame.locator('th[data-key="metric:val/auc"][aria-sort=ascending]').waitFor();
    if ((await firstRun()) === top) throw new Error('the order did not reverse');
  });

  await step('"Compare in Editor" from the panel opens the diff editor on two mlops-run documents', async () => {
    const frame = await webviewFrame(page, title);
    await frame.locator('[data-testid=compare-in-editor]').click();
    await page.locator('.part.editor .tab.active', { hasText: '↔' }).waitFor({ state: 'visible', timeout: 15_000 });
    await page.locator('.monaco-diff-editor .line-insert, .monaco-diff-editor .char-insert').first().waitFor({ state: 'visible', timeout: 15_000 });
    await page.screenshot({ path: path.join(resultsDir, 'e2e-compare-editor.png') });
  });

  await step('"Compare Code" from the panel opens the changed files and the uncommitted diff', async () => {
    // The two newest runs are selected by default: the tuned one (newer commit, dirty) and a sweep run.
    await page.locator('.part.editor .tab', { hasText: title }).click();
    const frame = await webviewFrame(page, title);
    await frame.locator('[data-testid=compare-code]').click();
    await page.locator('.part.editor .tab', { hasText: 'code.diff' }).waitFor({ state: 'visible', timeout: 15_000 });
    await page.locator('.part.editor .tab', { hasText: /↔.*\(/ }).first().waitFor({ state: 'visible', timeout: 15_000 });
    await page.locator('.part.editor .tab', { hasText: /↔.*\(/ }).first().click();
    await page.waitForTimeout(1500); // the multi-diff editor lays its files out asynchronously
    await page.screenshot({ path: path.join(resultsDir, 'e2e-compare-code.png') });
  });

  await step('no Content Security Policy violation from our webview', async () => {
    const ours = consoleLog.cspViolations(fromOurWebview);
    if (ours.length) throw new Error(`CSP violations:\n${ours.map((m) => m.text).join('\n')}`);
  });
} catch {
  await page.screenshot({ path: path.join(resultsDir, 'e2e-compare-failure.png') }).catch(() => {});
} finally {
  await context.close();
  await server.stop();
  await fs.rm(workspace, { recursive: true, force: true });
}

console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
