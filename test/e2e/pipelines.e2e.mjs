// Pipelines in the real workbench (code-server + Chromium), on a copy of the demo workspace with a
// 3-stage pipeline of shell commands over small text files added to its mlops.json: the Pipelines
// view lists the stages; Run Pipeline from the view's context menu runs them (a notification sums it
// up) and they read "up to date"; editing and saving the first stage's dependency in the editor
// turns it stale at once; Run Pipeline again brings it back; Show DAG draws the three stages and the
// two edges, and clicking a stage selects it in the view. Screenshots: test-results/e2e-pipelines.png,
// e2e-pipelines-stale.png, e2e-pipelines-dag.png.
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
};
fs.writeFileSync(configFile, JSON.stringify(config, null, 2));

const pane = (page) => page.locator('.part.sidebar .pane', { has: page.locator('.pane-header .title', { hasText: /^Pipelines$/ }) });
const row = (page, label) => pane(page).locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: label }) }).first();
const stageReads = (page, stage, words) => row(page, new RegExp(`^${stage}$`)).locator('.label-description', { hasText: new RegExp(`^${words}`) });

async function expandPane(page) {
  const header = pane(page).locator('.pane-header');
  if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
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
});
