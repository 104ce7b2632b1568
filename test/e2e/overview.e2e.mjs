// A user's first path through the real workbench (code-server + Chromium): open the MLOps container,
// initialize the workspace from the palette, open the overview webview. Exit code 0 = all passed.
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { runCommand, webviewFrame } from '../harness/browser.mjs';
import { demoWorkspace, e2eSession, openMlopsContainer, waitForFile } from './session.mjs';

const workspace = await demoWorkspace('overview');
// The path under test starts from an uninitialized workspace.
await fs.rm(path.join(workspace, 'mlops.json'), { force: true });

await e2eSession('overview', workspace, async ({ page, step, screenshot }) => {
  await step('MLOps container shows Runs, Datasets, Models, Monitors and the Initialize button', async () => {
    await openMlopsContainer(page);
    const sidebar = page.locator('.part.sidebar');
    for (const title of ['Runs', 'Datasets', 'Models', 'Monitors']) {
      await sidebar.locator('.pane-header .title', { hasText: new RegExp(`^${title}$`) }).waitFor({ state: 'visible' });
    }
    await sidebar.locator('.welcome-view-content .monaco-button', { hasText: 'Initialize Workspace' }).first().waitFor({ state: 'visible' });
    // A fresh profile: Models and Monitors (they only list what mlops.json declares) start collapsed,
    // Runs and Datasets open, Runs the taller of the two (package.json's visibility and initialSize).
    const pane = (title) => sidebar.locator('.pane', { has: page.locator('.pane-header .title', { hasText: new RegExp(`^${title}$`) }) });
    const expanded = {};
    for (const title of ['Runs', 'Datasets', 'Models', 'Monitors']) expanded[title] = await pane(title).locator('.pane-header').getAttribute('aria-expanded');
    assert.deepEqual(expanded, { Runs: 'true', Datasets: 'true', Models: 'false', Monitors: 'false' });
    const height = async (title) => (await pane(title).boundingBox()).height;
    const [runs, datasets] = [await height('Runs'), await height('Datasets')];
    if (!(runs > datasets)) throw new Error(`the Runs view (${runs}px) should start taller than Datasets (${datasets}px)`);
    await screenshot('e2e-container.png');
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
    await screenshot('e2e-overview.png');
  });

  await step('`mlops` is on PATH in a new VS Code terminal, running the bundled CLI', async () => {
    await runCommand(page, 'Terminal: Create New Terminal');
    await page.locator('.terminal-wrapper.active .xterm, .terminal .xterm').first().waitFor({ state: 'visible', timeout: 15_000 });
    await page.locator('.xterm-helper-textarea').first().focus();
    // The shell may still be starting: what is typed now waits in its input queue.
    await page.keyboard.type('mlops doctor --json > doctor-from-terminal.json\n', { delay: 5 });
    const file = path.join(workspace, 'doctor-from-terminal.json');
    await waitForFile(file, 20_000);
    let report;
    const deadline = Date.now() + 10_000;
    while (!report) {
      try {
        report = JSON.parse(await fs.readFile(file, 'utf8'));
      } catch (err) {
        if (Date.now() > deadline) throw err;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    if (report.workspace !== workspace || !report.config.valid) throw new Error(`unexpected doctor report: ${JSON.stringify(report).slice(0, 300)}`);
    await screenshot('e2e-terminal.png');
  });
});
