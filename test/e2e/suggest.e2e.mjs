// "MLOps: Suggest Expectations" in the real workbench: from the palette, pick the demo's test dataset
// (it has no expectations); the diff editor "mlops.json ↔ Suggested expectations" shows the proposal;
// Apply (the diff's title button) writes it into mlops.json, which the CLI then validates. From the
// Datasets tree's context menu on train, the proposal keeps train's own expectations and Discard
// leaves mlops.json as it was. Screenshots: test-results/e2e-suggest-*.png. Exit code 0 = all passed.
import fs from 'node:fs/promises';
import path from 'node:path';
import { runCommand } from '../harness/browser.mjs';
import { contextMenu, datasetRow, expandDatasetsView } from './datasetsView.mjs';
import { demoWorkspace, e2eSession, mlops, openMlopsContainer } from './session.mjs';

const workspace = await demoWorkspace('suggest');
const configFile = path.join(workspace, 'mlops.json');
const original = await fs.readFile(configFile, 'utf8');
const TITLE = 'mlops.json ↔ Suggested expectations';

async function waitUntil(what, probe, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const reviewTab = (page) => page.locator('.part.editor .tab', { hasText: TITLE });

await e2eSession('suggest', workspace, async ({ page, step, screenshot }) => {
  await step('the palette command asks for a dataset; picking "test" opens the review diff', async () => {
    await runCommand(page, 'MLOps: Suggest Expectations');
    const quick = page.locator('.quick-input-widget');
    const testRow = quick.locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: /^test$/ }) }).first();
    await testRow.waitFor({ state: 'visible', timeout: 15_000 });
    await testRow.locator('.label-description', { hasText: 'data/test.csv' }).waitFor({ state: 'visible' });
    await testRow.click();
    await reviewTab(page).waitFor({ state: 'visible', timeout: 30_000 });
    const diff = page.locator('.monaco-diff-editor').first();
    await diff.waitFor({ state: 'visible' });
    // The proposal's side holds the new list, written as the demo writes expectations (`{ "expect": ... }`);
    // mlops.json on disk is untouched until Apply.
    await diff.locator('.editor.modified .view-lines', { hasText: '"test": [' }).waitFor({ state: 'visible', timeout: 15_000 });
    await diff.locator('.editor.modified .view-lines', { hasText: '{ "expect": "columnsExist", "columns": ["customer_id"' }).waitFor({ state: 'visible' });
    await page.locator('.notification-toast', { hasText: /expectations suggested for test/ }).waitFor({ state: 'visible', timeout: 10_000 });
    if ((await fs.readFile(configFile, 'utf8')) !== original) throw new Error('mlops.json changed before Apply');
    await screenshot('e2e-suggest-diff.png');
  });

  await step('Apply in the diff\'s title bar writes the expectations into mlops.json and closes the diff', async () => {
    await page.locator('.part.editor .editor-actions .action-label[aria-label^="Apply Suggested Expectations"]').first().click();
    const text = await waitUntil('mlops.json with expectations for test', async () => {
      const t = await fs.readFile(configFile, 'utf8');
      return t.includes('"test": [') ? t : undefined;
    });
    const config = JSON.parse(text);
    const kinds = config.expectations.test.map((e) => `${e.expect}${e.column ? ':' + e.column : ''}`);
    for (const k of ['columnsExist', 'rowCountBetween', 'type:tenure_months', 'notNull:customer_id', 'between:monthly_charges', 'inSet:contract']) {
      if (!kinds.includes(k)) throw new Error(`${k} missing from ${kinds.join(', ')}`);
    }
    if (JSON.stringify(config.expectations.train) !== JSON.stringify(JSON.parse(original).expectations.train)) throw new Error('train\'s expectations changed');
    await reviewTab(page).waitFor({ state: 'detached', timeout: 10_000 });
    // mlops.json is shown with the added lines selected, and a notification says what was added.
    await page.locator('.part.editor .tab.active', { hasText: /^mlops\.json/ }).waitFor({ state: 'visible', timeout: 10_000 });
    await page.locator('.notification-toast', { hasText: /added \d+ expectations for test/ }).waitFor({ state: 'visible', timeout: 10_000 });
    await screenshot('e2e-suggest-applied.png');
    // The suggestions hold on the data they came from (execFileSync throws on exit 1).
    mlops(workspace, 'validate', 'test');
  });

  await step('from the Datasets tree on train: the proposal keeps train\'s own expectations; Discard changes nothing', async () => {
    const before = await fs.readFile(configFile, 'utf8');
    await openMlopsContainer(page);
    await expandDatasetsView(page);
    const train = datasetRow(page, /^train$/);
    await train.waitFor({ state: 'visible', timeout: 15_000 });
    await contextMenu(page, train, 'Suggest Expectations');
    await reviewTab(page).waitFor({ state: 'visible', timeout: 30_000 });
    const modified = page.locator('.monaco-diff-editor .editor.modified .view-lines').first();
    // The review wraps long lines (its language's default), so a line may span several view lines:
    // find it (which scrolls it into view), then read the rendered lines in order, spaces aside.
    const kept = '{ "expect": "between", "column": "tenure_months", "min": 0, "max": 120 },';
    await modified.locator('.view-line').first().waitFor({ state: 'visible', timeout: 15_000 });
    await modified.click();
    await page.keyboard.press('Control+f');
    await page.keyboard.type('"min": 0, "max": 120');
    await page.keyboard.press('Escape');
    const squeeze = (t) => t.replace(/\s+/g, '');
    await page.waitForFunction(
      ([text]) => {
        const lines = [...document.querySelectorAll('.monaco-diff-editor .editor.modified .view-lines .view-line')];
        const rendered = lines.sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top)).map((l) => l.textContent ?? '').join('');
        return rendered.replace(/\s+/g, '').includes(text);
      },
      [squeeze(kept)],
      { timeout: 15_000 },
    );
    await screenshot('e2e-suggest-train.png');
    await page.locator('.part.editor .editor-actions .action-label[aria-label^="Discard Suggested Expectations"]').first().click();
    await reviewTab(page).waitFor({ state: 'detached', timeout: 10_000 });
    if ((await fs.readFile(configFile, 'utf8')) !== before) throw new Error('Discard changed mlops.json');
  });
});
