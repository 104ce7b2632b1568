// Data versioning in the real workbench: an edit of data/train.csv shows up as a new version in the
// Datasets view (the extension's watcher), and "Compare with Previous" opens the diff editor with the
// table summary; its details match rows by a key column the user picks and show the changed cells. The
// workspace is a git repository: git's "M" marks the edited file's editor tab but never the dataset's
// row, whose own state says it. Screenshot: test-results/e2e-datasets.png. Exit code 0 = all passed.
import fs from 'node:fs/promises';
import path from 'node:path';
import { demoWorkspace, e2eSession, mlops } from './session.mjs';
import { contextMenu, datasetRow, showDatasetVersions } from './datasetsView.mjs';

const workspace = await demoWorkspace('datasets', { git: true });
// v1 of train, and the store the watcher writes to (it never creates .mlops itself).
mlops(workspace, 'data', 'version', 'train');
const trainFile = path.join(workspace, 'data', 'train.csv');

const row = datasetRow;
let editedRow = [];
let tenureBefore = '';
const badge = '[class*="monaco-decoration-itemBadge"]';

await e2eSession('datasets', workspace, async ({ page, step, screenshot }) => {
  await step('the Datasets view lists train with its first version', async () => {
    await showDatasetVersions(page, 'train', ['v1']);
  });

  await step('editing data/train.csv adds v2 in the tree, marked current', async () => {
    const lines = (await fs.readFile(trainFile, 'utf8')).trimEnd().split('\n');
    // Drop two rows and duplicate the last one: rows removed and added for the summary; and edit the
    // first row's tenure_months, a change that matching by customer_id pairs.
    const first = lines[1].split(',');
    tenureBefore = first[1];
    first[1] = '999';
    const edited = [lines[0], first.join(','), ...lines.slice(2, -3), lines.at(-1), lines.at(-1)].join('\n') + '\n';
    editedRow = first;
    await fs.writeFile(trainFile, edited);
    const v2 = row(page, /^v2$/);
    await v2.waitFor({ state: 'visible', timeout: 30_000 });
    await v2.locator('.label-description', { hasText: 'current' }).waitFor({ state: 'visible', timeout: 15_000 });
    // The edit breaks an expectation: wait for v2's validation to land (its badge and its
    // notification), or the notification can arrive while the next step's context menu is open.
    await v2.locator('.label-description', { hasText: /passes|fails/ }).waitFor({ state: 'visible', timeout: 30_000 });
  });

  await step('git marks the edited file in its editor tab, never on the dataset row', async () => {
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input').fill('data/train.csv');
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'train.csv' }).first().waitFor({ state: 'visible', timeout: 15_000 });
    await page.keyboard.press('Enter');
    // The positive control: git's decoration does reach this file's labels.
    await page.locator('.part.editor .tab', { hasText: 'train.csv' }).locator(badge).first().waitFor({ state: 'attached', timeout: 30_000 });
    const onRow = await row(page, /^train$/).locator(badge).count();
    if (onRow) throw new Error(`the train row carries ${onRow} git decoration(s)`);
  });

  await step('"Compare with Previous" on v2 opens the diff editor and the table summary', async () => {
    await contextMenu(page, row(page, /^v2$/), 'Compare with Previous');
    await page.locator('.part.editor .tab.active', { hasText: '↔' }).waitFor({ state: 'visible', timeout: 15_000 });
    await page.locator('.monaco-diff-editor').first().waitFor({ state: 'visible' });
    await page.locator('.notification-toast', { hasText: /rows \+\d+ −\d+/ }).waitFor({ state: 'visible', timeout: 15_000 });
    await screenshot('e2e-datasets.png');
  });

  await step('"Show Details" opens the full table diff as a read-only document', async () => {
    await page.locator('.notification-toast', { hasText: /rows \+\d+ −\d+/ }).locator('.monaco-button', { hasText: 'Show Details' }).click();
    // The user picks how rows match: by content first, here.
    await page.locator('.quick-input-widget', { hasText: 'Match the rows of the two versions by' }).waitFor({ state: 'visible', timeout: 15_000 });
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Match rows by content' }).first().click();
    await page.locator('.part.editor .tab', { hasText: /train\.csv-v1-v2/ }).waitFor({ state: 'visible', timeout: 15_000 });
    await page.locator('.part.editor .view-lines', { hasText: 'rows matched by content' }).first().waitFor({ state: 'visible', timeout: 15_000 });
    // The removed rows are shown with their contents, not only their lines.
    await page.locator('.part.editor .view-lines', { hasText: `customer_id=${editedRow[0]}` }).first().waitFor({ state: 'visible', timeout: 15_000 });
  });

  await step('Show Details by the key column customer_id pairs the edited row and shows its cell before and after', async () => {
    await row(page, /^v2$/).click();
    const toast = page.locator('.notification-toast', { hasText: /rows \+\d+ −\d+/ }).last();
    await toast.locator('.monaco-button', { hasText: 'Show Details' }).click();
    await page.locator('.quick-input-widget .monaco-list-row', { has: page.locator('.label-name', { hasText: /^customer_id$/ }) }).first().click();
    await page.locator('.part.editor .tab', { hasText: /by-customer_id/ }).waitFor({ state: 'visible', timeout: 15_000 });
    await page.locator('.part.editor .view-lines', { hasText: 'rows matched by key: customer_id' }).first().waitFor({ state: 'visible', timeout: 15_000 });
    // Text, not a regex: the editor draws spaces as no-break spaces, which only text matching normalizes.
    await page.locator('.part.editor .view-lines', { hasText: `tenure_months: ${tenureBefore} -> 999` }).first().waitFor({ state: 'visible', timeout: 15_000 });
  });
});
