// Pipelines in the real workbench (code-server + Chromium), on a copy of the demo workspace with a
// 3-stage pipeline of shell commands over small text files added to its mlops.json: the Pipelines
// view lists the stages; Run Pipeline from the view's context menu runs them (a notification sums it
// up) and they read "up to date"; editing and saving the first stage's dependency in the editor
// turns it stale at once; Run Pipeline again brings it back; Show DAG draws the three stages and the
// two edges, and clicking a stage selects it in the view. A second pipeline, hold, whose one stage
// writes its out and then sleeps: while it runs its node in the DAG panel pulses; the Cancel button of
// the run's own progress notification stops it, the view says it failed (stopped), and its out is put
// back as it was. Screenshots: test-results/e2e-pipelines.png, e2e-pipelines-stale.png,
// e2e-pipelines-dag.png, e2e-pipelines-running.png, e2e-pipelines-cancelled.png.
import fs from 'node:fs';
import path from 'node:path';
import { webviewFrame } from '../harness/browser.mjs';
import { contextMenu, dismissHover, sideBarQuiet } from './datasetsView.mjs';
import { demoWorkspace, e2eSession } from './session.mjs';

const workspace = await demoWorkspace('pipelines');
fs.mkdirSync(path.join(workspace, 'pl'), { recursive: true });
fs.writeFileSync(path.join(workspace, 'pl', 'raw.txt'), 'alpha\nbeta\n');
const configFile = path.join(workspace, 'mlops.json');
const config = JSON.parse(fs.readFileSync(configFile, 'utf8'));
config.pipelines = {
  tri: {
    stages: {
      prepare: { command: 'tr a-z A-Z < pl/raw.txt > pl/prep.txt', deps: ['pl/raw.txt'], outs: ['pl/prep.txt'] },
      train: { command: 'wc -l < pl/prep.txt > pl/model.txt', deps: ['pl/prep.txt'], outs: ['pl/model.txt'] },
      evaluate: { command: 'cat pl/model.txt > pl/score.txt', deps: ['pl/model.txt'], outs: ['pl/score.txt'] },
    },
  },
  // Overwrites its out, then runs until it is cancelled.
  hold: {
    stages: {
      wait: { command: 'echo partial > pl/held.txt && sleep 600', deps: ['pl/raw.txt'], outs: ['pl/held.txt'] },
    },
  },
};
const held = path.join(workspace, 'pl', 'held.txt');
fs.writeFileSync(held, 'as it was\n');
fs.writeFileSync(configFile, JSON.stringify(config, null, 2));

const pane = (page) => page.locator('.part.sidebar .pane', { has: page.locator('.pane-header .title', { hasText: /^Pipelines$/ }) });
const row = (page, label) => pane(page).locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: label }) }).first();
const stageReads = (page, stage, words) => row(page, new RegExp(`^${stage}$`)).locator('.label-description', { hasText: new RegExp(`^${words}`) });

async function expandPane(page) {
  const header = pane(page).locator('.pane-header');
  if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
}

/** Waits until `file` holds `text` (a stage writing it). */
async function waitForFileText(file, text, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== text) {
    if (Date.now() > deadline) throw new Error(`${file} did not come to hold ${JSON.stringify(text)} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function allRead(page, words, timeout = 60_000) {
  for (const s of ['prepare', 'train', 'evaluate']) await stageReads(page, s, words).waitFor({ state: 'visible', timeout });
}

await e2eSession('pipelines', workspace, async ({ page, step, screenshot }) => {
  await step('the Pipelines view lists tri and its three stages, stale (never run)', async () => {
    // Not openMlopsContainer: on a loaded machine the extension host takes longer to activate than its wait.
    await page.locator('.part.activitybar .action-item .action-label[aria-label^="MLOps"]').click();
    await pane(page).waitFor({ state: 'visible', timeout: 30_000 });
    await expandPane(page);
    await row(page, /^tri$/).waitFor({ state: 'visible', timeout: 120_000 });
    await allRead(page, 'stale');
  });

  await step('Run Pipeline from the context menu runs the three stages: a notification sums it up and they read "up to date"', async () => {
    await contextMenu(page, row(page, /^tri$/), 'Run Pipeline');
    await page.locator('.notifications-toasts .notification-toast', { hasText: 'pipeline tri: 3 ran' }).waitFor({ state: 'visible', timeout: 60_000 });
    await allRead(page, 'up to date');
    if (fs.readFileSync(path.join(workspace, 'pl', 'score.txt'), 'utf8').trim() !== '2') throw new Error('score.txt is not what the stages make');
    await screenshot('e2e-pipelines.png');
  });

  await step('editing pl/raw.txt in the editor and saving it turns prepare stale at once, and what depends on it', async () => {
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input').fill('pl/raw.txt');
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'raw.txt' }).first().waitFor({ state: 'visible', timeout: 15_000 });
    await page.keyboard.press('Enter');
    const editor = page.locator('.part.editor .monaco-editor').first();
    await page.locator('.part.editor .tab', { hasText: 'raw.txt' }).waitFor({ state: 'visible', timeout: 15_000 });
    await editor.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('gamma\n');
    await page.keyboard.press('Control+S');
    await page.locator('.part.editor .tab.active.dirty').waitFor({ state: 'detached', timeout: 10_000 });
    await stageReads(page, 'prepare', 'stale').waitFor({ state: 'visible', timeout: 15_000 });
    await allRead(page, 'stale', 15_000);
    await dismissHover(page);
    await screenshot('e2e-pipelines-stale.png');
  });

  await step('Run Pipeline again brings every stage back up to date', async () => {
    await contextMenu(page, row(page, /^tri$/), 'Run Pipeline');
    await allRead(page, 'up to date');
    if (fs.readFileSync(path.join(workspace, 'pl', 'score.txt'), 'utf8').trim() !== '3') throw new Error('score.txt was not remade from the saved raw.txt');
  });

  await step('Show DAG draws the three stages and two edges; clicking evaluate selects it in the view', async () => {
    await sideBarQuiet(page);
    await contextMenu(page, row(page, /^tri$/), 'Show DAG');
    const dag = await webviewFrame(page, 'Pipeline: tri', { timeout: 60_000 });
    await dag.locator('[data-testid=dag-node]').nth(2).waitFor({ state: 'visible', timeout: 30_000 });
    const states = await dag.locator('[data-testid=dag-node]').evaluateAll((ns) => ns.map((n) => `${n.getAttribute('data-id')}:${n.getAttribute('data-state')}`));
    if (states.join(',') !== 'prepare:up-to-date,train:up-to-date,evaluate:up-to-date') throw new Error(`nodes: ${states.join(', ')}`);
    if ((await dag.locator('[data-testid=dag-edge]').count()) !== 2) throw new Error('not two edges');
    const labels = await dag.locator('[data-testid=dag-edge] .edge-label').allTextContents();
    if (labels.join(',') !== 'pl/prep.txt,pl/model.txt') throw new Error(`edge labels: ${labels.join(', ')}`);
    await screenshot('e2e-pipelines-dag.png');
    await dag.locator('[data-testid=dag-node][data-id=evaluate]').click();
    await pane(page).locator('.monaco-list-row.selected', { has: page.locator('.label-name', { hasText: /^evaluate$/ }) }).waitFor({ state: 'visible', timeout: 30_000 });
  });

  await step('while hold runs, its stage pulses in the DAG panel and reads running in the view', async () => {
    await sideBarQuiet(page);
    await contextMenu(page, row(page, /^hold$/), 'Show DAG');
    const dag = await webviewFrame(page, 'Pipeline: hold', { timeout: 60_000 });
    await dag.locator('[data-testid=dag-node][data-id=wait]').waitFor({ state: 'visible', timeout: 30_000 });
    await contextMenu(page, row(page, /^hold$/), 'Run Pipeline');
    const node = dag.locator('[data-testid=dag-node][data-id=wait][data-state=running]');
    await node.waitFor({ state: 'visible', timeout: 60_000 });
    // Looked up and measured in one go: the panel redraws its graph on every state change.
    const animation = await dag.locator('body').evaluate((body) => {
      const box = body.querySelector('[data-testid=dag-node][data-id=wait][data-state=running] .box');
      return box ? getComputedStyle(box).animationName : 'no running node';
    });
    if (animation !== 'pulse') throw new Error(`the running stage's box is animated by "${animation}", not the pulse`);
    await stageReads(page, 'wait', 'running').waitFor({ state: 'visible', timeout: 30_000 });
    await waitForFileText(held, 'partial\n');
    await screenshot('e2e-pipelines-running.png');
  });

  await step("the progress notification's Cancel stops hold: the stage reads failed (stopped) and its out is put back", async () => {
    const progress = page.locator('.notifications-toasts .notification-toast', { hasText: 'MLOps: pipeline hold' });
    await progress.getByRole('button', { name: 'Cancel' }).click({ timeout: 30_000 });
    await page.locator('.notifications-toasts .notification-toast', { hasText: 'pipeline hold: 1 stopped' }).waitFor({ state: 'visible', timeout: 60_000 });
    await stageReads(page, 'wait', 'failed').waitFor({ state: 'visible', timeout: 30_000 });
    const text = fs.readFileSync(held, 'utf8');
    if (text !== 'as it was\n') throw new Error(`pl/held.txt was not put back: ${JSON.stringify(text)}`);
    const dag = await webviewFrame(page, 'Pipeline: hold');
    await dag.locator('[data-testid=dag-node][data-id=wait][data-state=failed]').waitFor({ state: 'visible', timeout: 30_000 });
    await dismissHover(page);
    await screenshot('e2e-pipelines-cancelled.png');
  });
});
