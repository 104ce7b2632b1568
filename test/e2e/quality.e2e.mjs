// Bad data caught the moment it lands, in the real workbench: the demo's train dataset expects
// tenure_months between 0 and 120. Typing 999 on line 7 of data/train.csv and saving makes the
// watcher version the file and the extension validate that version: a fail badge on the new version
// in the Datasets tree, a notification with "Show Problems", and a diagnostic at line 7 in the
// Problems panel. Fixing the value and saving again clears it and shows a pass badge.
// Screenshots: test-results/e2e-quality-*.png. Exit code 0 = all passed.
import fs from 'node:fs/promises';
import path from 'node:path';
import { runCommand } from '../harness/browser.mjs';
import { demoWorkspace, e2eSession, mlops, openMlopsContainer } from './session.mjs';
import { datasetRow, showDatasetVersions } from './datasetsView.mjs';

const workspace = await demoWorkspace('quality');
// v1 of train, validated by the CLI (it passes), and the store the watcher writes to.
mlops(workspace, 'data', 'version', 'train');
const trainFile = path.join(workspace, 'data', 'train.csv');
const LINE = 7;
const original = (await fs.readFile(trainFile, 'utf8')).split('\n')[LINE - 1];
if (!/^C00006,41,/.test(original)) throw new Error(`the demo's train.csv changed: line ${LINE} is ${original}`);

const row = datasetRow;
const problemsRows = (page) => page.locator('.part.panel .markers-panel .monaco-list-row');

/** Replaces the tenure (the second field: columns 8 to 8 + width) on LINE of the open editor and saves. */
async function retype(page, width, value) {
  await page.locator('.part.editor .tab.active', { hasText: /^train\.csv/ }).click();
  // "7:8" puts the cursor on the tenure's first character (after "C00006,").
  await runCommand(page, 'Go to Line/Column...');
  await page.keyboard.type(`${LINE}:${'C00006,'.length + 1}`);
  await page.keyboard.press('Enter');
  await page.locator('.statusbar-item', { hasText: `Ln ${LINE}, Col ${'C00006,'.length + 1}` }).waitFor({ state: 'visible', timeout: 5_000 });
  for (let i = 0; i < width; i++) await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.type(value);
  await page.keyboard.press('Control+S');
  // Saved when the tab loses its dirty mark and the disk holds the new line.
  await page.locator('.part.editor .tab.active.dirty').waitFor({ state: 'detached', timeout: 10_000 });
  const deadline = Date.now() + 10_000;
  while ((await fs.readFile(trainFile, 'utf8')).split('\n')[LINE - 1] !== original.replace(/^C00006,41,/, `C00006,${value},`)) {
    if (Date.now() > deadline) throw new Error(`line ${LINE} of train.csv was not saved as ${value}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

await e2eSession('quality', workspace, async ({ page, step, screenshot }) => {
  await step('the Datasets view shows train v1 passing its expectations', async () => {
    await showDatasetVersions(page, 'train', []);
    const v1 = row(page, /^v1$/);
    await v1.waitFor({ state: 'visible', timeout: 15_000 });
    await v1.locator('.label-description', { hasText: 'passes' }).waitFor({ state: 'visible', timeout: 15_000 });
    await v1.locator('.codicon-pass').waitFor({ state: 'visible' });
  });

  await step('data/train.csv opens in the editor', async () => {
    await runCommand(page, 'View: Show Explorer');
    const explorer = page.locator('.part.sidebar .explorer-folders-view');
    await explorer.locator('.monaco-list-row', { hasText: /^data$/ }).first().click();
    await explorer.locator('.monaco-list-row', { hasText: /^train\.csv$/ }).first().click();
    await page.locator('.part.editor .tab.active', { hasText: /^train\.csv$/ }).waitFor({ state: 'visible', timeout: 10_000 });
    await page.locator('.part.editor .view-lines', { hasText: 'C00006,41,' }).first().waitFor({ state: 'visible', timeout: 10_000 });
    await openMlopsContainer(page);
  });

  await step(`typing 999 on line ${LINE} and saving gives v2 with a fail badge and a notification`, async () => {
    await retype(page, 2, '999');
    const v2 = row(page, /^v2$/);
    await v2.waitFor({ state: 'visible', timeout: 45_000 });
    await v2.locator('.label-description', { hasText: 'fails 1' }).waitFor({ state: 'visible', timeout: 30_000 });
    await v2.locator('.codicon-error').waitFor({ state: 'visible' });
    await row(page, /^train$/).locator('.label-description', { hasText: 'fails 1' }).waitFor({ state: 'visible', timeout: 10_000 });
    await page.locator('.notification-toast', { hasText: 'MLOps: train.csv v2 fails 1 expectation' }).waitFor({ state: 'visible', timeout: 15_000 });
    await screenshot('e2e-quality-failed.png');
  });

  await step(`"Show Problems" opens the Problems panel with the failure at line ${LINE}`, async () => {
    const toast = page.locator('.notification-toast', { hasText: 'MLOps: train.csv v2 fails 1 expectation' });
    await toast.locator('.monaco-button', { hasText: 'Show Problems' }).click();
    const marker = problemsRows(page).filter({ hasText: 'between tenure_months' }).filter({ hasText: `[Ln ${LINE}, Col 1]` });
    await marker.first().waitFor({ state: 'visible', timeout: 15_000 });
    const text = await marker.first().innerText();
    if (!/1 of \d+ rows unexpected/.test(text) || !/999/.test(text)) throw new Error(`unexpected Problems row: ${text}`);
    await screenshot('e2e-quality-problems.png');
  });

  await step("v2's tooltip lists the failed expectation", async () => {
    const hover = page.locator('.monaco-hover, .workbench-hover', { hasText: 'Fails:' }).first();
    // A tree redraw under the pointer drops a pending hover: move away and hover again until it shows.
    for (let attempt = 1; ; attempt++) {
      await page.mouse.move(700, 300);
      await row(page, /^v2$/).hover();
      try {
        await hover.waitFor({ state: 'visible', timeout: 4_000 });
        break;
      } catch (err) {
        if (attempt === 4) throw err;
      }
    }
    const text = await hover.innerText();
    if (!/between tenure_months: 1 of \d+ rows unexpected/.test(text)) throw new Error(`unexpected tooltip: ${text}`);
    await screenshot('e2e-quality-tooltip.png');
    await page.mouse.move(700, 300);
  });

  await step('fixing the value and saving clears the diagnostic and gives v3 a pass badge', async () => {
    await retype(page, 3, '41');
    const v3 = row(page, /^v3$/);
    await v3.waitFor({ state: 'visible', timeout: 45_000 });
    await v3.locator('.label-description', { hasText: 'passes' }).waitFor({ state: 'visible', timeout: 30_000 });
    await v3.locator('.codicon-pass').waitFor({ state: 'visible' });
    await problemsRows(page).filter({ hasText: 'between tenure_months' }).first().waitFor({ state: 'detached', timeout: 15_000 });
    // v2 keeps its own result.
    await row(page, /^v2$/).locator('.codicon-error').waitFor({ state: 'visible' });
    await screenshot('e2e-quality-fixed.png');
  });
});
