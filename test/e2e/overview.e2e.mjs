// A user's first path through the real workbench (code-server + Chromium): open the MLOps container,
// initialize the workspace from the palette, open the overview webview. Exit code 0 = all passed.
// The extension is loaded as a development extension through the workbench URL's payload.
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { collectConsole, launchBrowser, runCommand, waitForWorkbench, webviewFrame } from '../harness/browser.mjs';
import { repoRoot, resultsDir, startCodeServer } from '../harness/codeServer.mjs';
import { devPayload } from '../harness/extensionHost.mjs';

const EXTENSION_ID = 'mlops-workbench.mlops-workbench';
const demo = path.join(repoRoot, 'examples', 'demo-workspace');

async function makeWorkspace() {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'mlops-e2e-ws-'));
  if (existsSync(demo)) await fs.cp(demo, dir, { recursive: true });
  else await fs.writeFile(path.join(dir, 'train.py'), 'print("training")\n');
  // The path under test starts from an uninitialized workspace.
  await fs.rm(path.join(dir, 'mlops.json'), { force: true });
  await fs.rm(path.join(dir, '.mlops'), { recursive: true, force: true });
  return dir;
}

async function waitForFile(file, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(file)) {
    if (Date.now() > deadline) throw new Error(`${file} did not appear within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// Console messages from a webview carry the webview host page's URL, which names its extension.
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

const workspace = await makeWorkspace();
await fs.mkdir(resultsDir, { recursive: true });
const server = await startCodeServer({ workspace, name: 'e2e' });
const context = await launchBrowser('e2e');
const page = await context.newPage();
const consoleLog = collectConsole(page);
try {
  await step('workbench loads with the extension', async () => {
    await page.goto(server.folderUrl({ payload: devPayload(server.port) }));
    await waitForWorkbench(page);
  });

  await step('MLOps container shows Runs, Datasets, Models, Monitors and the Initialize button', async () => {
    await page.locator('.part.activitybar .action-item .action-label[aria-label^="MLOps"]').click();
    const sidebar = page.locator('.part.sidebar');
    for (const title of ['Runs', 'Datasets', 'Models', 'Monitors']) {
      await sidebar.locator('.pane-header .title', { hasText: new RegExp(`^${title}$`) }).waitFor({ state: 'visible' });
    }
    await sidebar.locator('.welcome-view-content .monaco-button', { hasText: 'Initialize Workspace' }).first().waitFor({ state: 'visible' });
    // The views show progress bars until their first load finishes; screenshot the settled state.
    await page.waitForFunction(() => !document.querySelector('.part.sidebar .monaco-progress-container.active'), null, { timeout: 15_000 });
    await page.screenshot({ path: path.join(resultsDir, 'e2e-container.png') });
  });

  await step('"MLOps: Initialize Workspace" writes mlops.json, opens it and switches the welcome views', async () => {
    await runCommand(page, 'MLOps: Initialize Workspace');
    await waitForFile(path.join(workspace, 'mlops.json'));
    JSON.parse(await fs.readFile(path.join(workspace, 'mlops.json'), 'utf8'));
    // mlops.hasConfig flips the welcome content; the new file opens for editing. Waiting for both
    // also keeps the editor from opening over the overview panel of the next step.
    await page.locator('.part.sidebar .welcome-view-content .monaco-button', { hasText: 'Open mlops.json' }).first().waitFor({ state: 'visible' });
    await page.locator('.part.editor .tab.active', { hasText: 'mlops.json' }).waitFor({ state: 'visible' });
  });

  await step('"MLOps: Show Overview" renders the chart and counts', async () => {
    await runCommand(page, 'MLOps: Show Overview');
    const frame = await webviewFrame(page, 'MLOps Overview');
    await frame.locator('[data-testid=overview-chart] svg').first().waitFor({ state: 'visible', timeout: 30_000 });
    await frame.locator('[data-testid=count-runs]').waitFor({ state: 'visible' });
    await page.screenshot({ path: path.join(resultsDir, 'e2e-overview.png') });
  });

  await step('no Content Security Policy violation from our webview', async () => {
    const ours = consoleLog.cspViolations(fromOurWebview);
    if (ours.length) throw new Error(`CSP violations:\n${ours.map((m) => m.text).join('\n')}`);
  });
} catch {
  // Already reported by step(); later steps depend on earlier ones, so the path stops here.
  await page.screenshot({ path: path.join(resultsDir, 'e2e-failure.png') }).catch(() => {});
} finally {
  await context.close();
  await server.stop();
  await fs.rm(workspace, { recursive: true, force: true });
}

console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
