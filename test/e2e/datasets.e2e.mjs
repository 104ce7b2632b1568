// Data versioning in the real workbench: an edit of data/train.csv shows up as a new version in the
// Datasets view (the extension's watcher), and "Compare with Previous" opens the diff editor with the
// table summary. Screenshot: test-results/e2e-datasets.png. Exit code 0 = all passed.
import fs from 'node:fs/promises';
import path from 'node:path';
import { demoWorkspace, e2eSession, mlops } from './session.mjs';
import { datasetRow, showDatasetVersions } from './datasetsView.mjs';

const workspace = await demoWorkspace('datasets');
// v1 of train, and the store the watcher writes to (it never creates .mlops itself).
mlops(workspace, 'data', 'version', 'train');
const trainFile = path.join(workspace, 'data', 'train.csv');

const row = datasetRow;

await e2eSession('datasets', workspace, async ({ page, step, screenshot }) => {
  await step('the Datasets view lists train with its first version', async () => {
    await showDatasetVersions(page, 'train', ['v1']);
  });

  await step('editing data/train.csv adds v2 in the tree, marked current', async () => {
    const lines = (await fs.readFile(trainFile, 'utf8')).trimEnd().split('\n');
    // Drop two rows and duplicate the last one: rows removed and added for the summary.
    const edited = [...lines.slice(0, -3), lines.at(-1), lines.at(-1)].join('\n') + '\n';
    await fs.writeFile(trainFile, edited);
    const v2 = row(page, /^v2$/);
    await v2.waitFor({ state: 'visible', timeout: 30_000 });
    await v2.locator('.label-description', { hasText: 'current' }).waitFor({ state: 'visible', timeout: 15_000 });
  });

  await step('"Compare with Previous" on v2 opens the diff editor and the table summary', async () => {
    await row(page, /^v2$/).click({ button: 'right' });
    // The workbench menu acts on mouse up after its own hover tracking: hover the entry, then confirm
    // it with Enter (a plain click on the label can land before the menu takes pointer input).
    const entry = page.locator('.context-view .monaco-menu .action-item', { hasText: 'Compare with Previous' }).first();
    await entry.hover();
    await page.locator('.context-view .monaco-menu .action-item.focused', { hasText: 'Compare with Previous' }).waitFor({ state: 'visible', timeout: 5_000 });
    await page.keyboard.press('Enter');
    await page.locator('.part.editor .tab.active', { hasText: '↔' }).waitFor({ state: 'visible', timeout: 15_000 });
    await page.locator('.monaco-diff-editor').first().waitFor({ state: 'visible' });
    await page.locator('.notification-toast', { hasText: /rows \+\d+ −\d+/ }).waitFor({ state: 'visible', timeout: 15_000 });
    await screenshot('e2e-datasets.png');
  });

  await step('"Show Details" opens the full table diff as a read-only document', async () => {
    await page.locator('.notification-toast', { hasText: /rows \+\d+ −\d+/ }).locator('.monaco-button', { hasText: 'Show Details' }).click();
    await page.locator('.part.editor .tab', { hasText: /train\.csv-v1-v2/ }).waitFor({ state: 'visible', timeout: 15_000 });
    await page.locator('.part.editor .view-lines', { hasText: 'rows matched by content' }).first().waitFor({ state: 'visible', timeout: 15_000 });
  });
});
