// The Profile panel in the real workbench: train has two versions (the CLI versioned both); "Show
// Profile" on v1 in the Datasets view's context menu opens a card per column with a drawn histogram
// and a top-values chart; "Compare with" v2 overlays both versions' histograms in one chart (v2's bars
// outlined) and marks the column v2 dropped and the one it added.
// "Export JSON" answers the save dialog with a typed path and writes what `mlops profile --json` prints.
// Screenshots: test-results/e2e-profile.png, e2e-profile-export-dialog.png, e2e-profile-compare.png. Exit code 0 = all passed.
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { runCommand } from '../harness/browser.mjs';
import { demoWorkspace, e2eSession, mlops, waitForFile } from './session.mjs';
import { contextMenu, datasetRow, showDatasetVersions } from './datasetsView.mjs';

const workspace = await demoWorkspace('profile');
const trainFile = path.join(workspace, 'data', 'train.csv');
mlops(workspace, 'data', 'version', 'train');
// v2: charges up 30%, every fourth customer moved to a two-year contract, the last 300 rows gone,
// has_fiber dropped and a region column added.
const [head, ...rows] = (await fs.readFile(trainFile, 'utf8')).trimEnd().split('\n');
const cols = head.split(',');
const charges = cols.indexOf('monthly_charges');
const contract = cols.indexOf('contract');
const fiber = cols.indexOf('has_fiber');
const reshape = (f, region) => [...f.filter((_, k) => k !== fiber), region];
const edited = rows.slice(0, -300).map((line, i) => {
  const f = line.split(',');
  if (f[charges]) f[charges] = (Number(f[charges]) * 1.3).toFixed(2);
  if (i % 4 === 0) f[contract] = 'two-year';
  return reshape(f, ['north', 'south', 'east'][i % 3]).join(',');
});
await fs.writeFile(trainFile, [reshape(cols, 'region').join(','), ...edited].join('\n') + '\n');
mlops(workspace, 'data', 'version', 'train');

const row = datasetRow;

/** The webview frame holding our panel: the one whose document has the profile's cards. */
async function profileFrame(page, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const n = await page.locator('iframe.webview').count();
    for (let i = 0; i < n; i++) {
      const frame = page.frameLocator('iframe.webview').nth(i).frameLocator('iframe#active-frame');
      if (await frame.locator('[data-testid=column-cards]').count().catch(() => 0)) return frame;
    }
    await page.waitForTimeout(200); // polling: the webview loads after the command
  }
  throw new Error(`no webview with profile cards appeared within ${timeoutMs} ms`);
}

/** Distinct fills of a chart's bars: one per drawn subject. */
async function barFills(chart) {
  const fills = await chart.locator('svg .mark-rect path').evaluateAll((els) => els.map((e) => e.getAttribute('fill')));
  return [...new Set(fills.filter(Boolean))];
}

let frame;
await e2eSession('profile', workspace, async ({ page, step, screenshot }) => {
  await step('the Datasets view lists train with v1 and v2', async () => {
    await showDatasetVersions(page, 'train', ['v1', 'v2']);
  });

  await step('"Show Profile" on v1 opens a card per column, with a histogram and a top-values chart', async () => {
    await contextMenu(page, row(page, /^v1$/), /^Show Profile$/);
    // A tree redraw under the menu runs the command without its row: it then asks which version.
    const picker = page.locator('.quick-input-widget', { hasText: 'Show Profile of' });
    if (await picker.waitFor({ state: 'visible', timeout: 3_000 }).then(() => true, () => false)) {
      console.log('  note: the tree redrew under the menu; Show Profile asked which version');
      await picker.locator('.monaco-list-row', { hasText: /data\/train\.csv\s*v1\b/ }).first().click();
    }
    await page.locator('.part.editor .tab.active', { hasText: 'Profile: train.csv v1' }).waitFor({ state: 'visible', timeout: 30_000 });
    frame = await profileFrame(page);
    await frame.locator('[data-testid=subject]', { hasText: 'train:data/train.csv@1' }).waitFor({ state: 'visible', timeout: 15_000 });
    const cards = frame.locator('[data-testid=column-card]');
    const count = await cards.count();
    if (count !== 8) throw new Error(`expected 8 column cards (train.csv's columns), got ${count}`);
    const tenure = frame.locator('[data-testid=column-card][data-column=tenure_months]');
    await tenure.locator('[data-testid=histogram-chart] svg .mark-rect path').first().waitFor({ state: 'attached', timeout: 30_000 });
    await tenure.locator('[data-testid=type-badge]', { hasText: 'integer' }).waitFor({ state: 'visible' });
    await tenure.locator('[data-figure=p50]').waitFor({ state: 'visible' });
    const contractCard = frame.locator('[data-testid=column-card][data-column=contract]');
    // Charts are drawn as their card nears the viewport.
    await contractCard.scrollIntoViewIfNeeded();
    await contractCard.locator('[data-testid=top-chart] svg .mark-rect path').first().waitFor({ state: 'attached', timeout: 30_000 });
    const labels = await contractCard.locator('[data-testid=top-chart] svg').textContent();
    for (const v of ['month-to-month', 'one-year', 'two-year']) if (!labels.includes(v)) throw new Error(`the contract chart lacks "${v}": ${labels}`);
    const nulls = await frame.locator('[data-testid=column-card][data-column=total_charges] [data-testid=null-share]').first().textContent();
    if (!/%$/.test(nulls.trim())) throw new Error(`total_charges null share reads "${nulls}"`);
    await screenshot('e2e-profile.png');
  });

  await step('"Export JSON" asks for a file in the save dialog and writes v1\'s profile as `mlops profile train@1 --json` prints it', async () => {
    const saved = path.join(workspace, 'exported', 'train-v1.profile.json');
    await fs.mkdir(path.dirname(saved));
    await frame.locator('[data-testid=export-json]').click();
    // code-server's save dialog is VS Code's simple file dialog: a quick input holding a path.
    const dialog = page.locator('.quick-input-widget', { hasText: 'Save Profile as JSON' });
    const input = dialog.locator('.quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    // It proposes the workspace folder and a name after the version (filled in once the folder is listed).
    const proposal = path.join(workspace, 'train.csv-v1.profile.json');
    await page
      .waitForFunction((want) => document.querySelector('.quick-input-widget .quick-input-box input')?.value === want, proposal, { timeout: 15_000 })
      .catch(async () => {
        throw new Error(`the dialog proposes "${await input.inputValue()}", not ${proposal}`);
      });
    await screenshot('e2e-profile-export-dialog.png');
    await input.fill(saved);
    // Typing a new folder makes the dialog list it (only ".." here: it is empty); an accept while it
    // is busy listing is dropped, so OK is clicked once the listing shows.
    await page.waitForFunction(() => {
      const rows = [...document.querySelectorAll('.quick-input-widget .quick-input-list .monaco-list-row')].map((r) => r.textContent.trim());
      return rows.length === 1 && rows[0] === '..' && !document.querySelector('.quick-input-widget .monaco-progress-container.active');
    }, null, { timeout: 15_000 });
    await dialog.locator('.monaco-button', { hasText: /^OK$/ }).click();
    await waitForFile(saved, 15_000);
    await page.locator('.notification-toast', { hasText: 'MLOps: saved exported/train-v1.profile.json' }).waitFor({ state: 'visible', timeout: 15_000 });
    const exported = JSON.parse(await fs.readFile(saved, 'utf8'));
    const cli = JSON.parse(mlops(workspace, 'profile', 'train@1', '--json'));
    if (exported.rows !== 1500 || exported.rows !== cli.rows) throw new Error(`rows: exported ${exported.rows}, CLI ${cli.rows}`);
    const names = (p) => p.columns.map((c) => `${c.name}:${c.type}`).join(',');
    if (names(exported) !== names(cli)) throw new Error(`columns: exported ${names(exported)}, CLI ${names(cli)}`);
    assert.deepStrictEqual(exported, cli, 'the exported profile differs from `mlops profile train@1 --json`');
  });

  await step('"Compare with" v2 overlays both versions\' histograms and groups the top values', async () => {
    await frame.locator('[data-testid=compare-with]').selectOption({ label: 'v2' });
    await frame.locator('[data-testid=subject]', { hasText: 'train:data/train.csv@2' }).waitFor({ state: 'visible', timeout: 30_000 });
    await page.locator('.part.editor .tab.active', { hasText: 'Profile: train.csv v1 ↔ train.csv v2' }).waitFor({ state: 'visible', timeout: 15_000 });
    await screenshot('e2e-profile-compare-header.png');
    const chargesChart = frame.locator('[data-testid=column-card][data-column=monthly_charges] [data-testid=histogram-chart]');
    await chargesChart.scrollIntoViewIfNeeded();
    await chargesChart.locator('svg .mark-rect path').first().waitFor({ state: 'attached', timeout: 30_000 });
    const fills = await barFills(chargesChart);
    if (fills.length !== 2) throw new Error(`expected the histogram to overlay two colors, got ${JSON.stringify(fills)}`);
    // v2's bars (the second layer) are outlined in their own color, so where they coincide with v1's
    // both stay readable; v1's bars have no outline.
    const paint = (layer) => chargesChart.locator(`svg g.${layer}_marks path`).evaluateAll((els) => els.map((e) => ({ fill: e.getAttribute('fill'), stroke: e.getAttribute('stroke'), width: e.getAttribute('stroke-width') })));
    const [v1Bars, v2Bars] = [await paint('layer_0'), await paint('layer_1')];
    if (!v1Bars.length || v1Bars.some((b) => b.stroke)) throw new Error(`v1's bars: ${JSON.stringify(v1Bars.slice(0, 3))}`);
    if (!v2Bars.length || v2Bars.some((b) => b.stroke !== b.fill || !(Number(b.width) > 0))) throw new Error(`v2's bars are not outlined in their color: ${JSON.stringify(v2Bars.slice(0, 3))}`);
    const legend = await chargesChart.locator('svg').textContent();
    if (!legend.includes('train:data/train.csv@1') || !legend.includes('train:data/train.csv@2')) throw new Error(`the overlay's legend names the versions: ${legend}`);
    const top = frame.locator('[data-testid=column-card][data-column=contract] [data-testid=top-chart]');
    await top.scrollIntoViewIfNeeded();
    await top.locator('svg .mark-rect path').first().waitFor({ state: 'attached', timeout: 30_000 });
    if ((await barFills(top)).length !== 2) throw new Error('the top values are not grouped by version');
    // Columns only one version has are marked.
    await frame.locator('[data-testid=column-card][data-column=has_fiber][data-presence=removed]').waitFor({ state: 'attached', timeout: 5_000 });
    await frame.locator('[data-testid=column-card][data-column=region][data-presence=added]').waitFor({ state: 'attached', timeout: 5_000 });
    const cards = await frame.locator('[data-testid=column-card]').count();
    if (cards !== 9) throw new Error(`expected 9 cards (8 columns of v1 and region), got ${cards}`);
    // Rows: 1500 then 1200, with the change.
    const count = frame.locator('[data-testid=column-card][data-column=customer_id] [data-figure=count]');
    const text = (await count.textContent()).replace(/\s+/g, ' ');
    if (!text.includes('1,500') || !text.includes('1,200') || !text.includes('−300')) throw new Error(`count row reads "${text}"`);
    await frame.locator('[data-testid=column-card][data-column=monthly_charges]').scrollIntoViewIfNeeded();
    await screenshot('e2e-profile-compare.png');
    await frame.locator('[data-testid=column-card][data-column=region]').scrollIntoViewIfNeeded();
    await frame.locator('[data-testid=column-card][data-column=region] [data-testid=top-chart] svg .mark-rect path').first().waitFor({ state: 'attached', timeout: 30_000 });
    await screenshot('e2e-profile-compare-added.png');
  });

  await step('a store change that offers nothing new leaves the charts alone; a new version is offered at once', async () => {
    const renders = async () => Number(await frame.locator('#app').getAttribute('data-renders'));
    const before = await renders();
    // Another dataset's version: "Compare with..." offers the same, so nothing is redrawn.
    mlops(workspace, 'data', 'version', 'test');
    // A new version of train, a second or more later (the watcher waits for the file to settle): the
    // choice appears without reopening the panel.
    await fs.appendFile(trainFile, (await fs.readFile(trainFile, 'utf8')).trimEnd().split('\n').at(-1) + '\n');
    await frame.locator('[data-testid=compare-with] option', { hasText: /^v3\b/ }).waitFor({ state: 'attached', timeout: 30_000 });
    // The extension hears store changes in order: offering v3, it had heard test's version already.
    const drawn = (await renders()) - before;
    if (drawn !== 1) throw new Error(`the panel redrew ${drawn} times for two store changes, only one of which offers something new`);
  });

  await step('from the palette, a pick of the datasets\' files and versions: test.csv\'s working file', async () => {
    await runCommand(page, 'MLOps: Show Profile');
    const quick = page.locator('.quick-input-widget');
    const entry = quick.locator('.monaco-list-row', { hasText: 'data/test.csv' }).filter({ hasText: 'working file' }).first();
    await entry.waitFor({ state: 'visible', timeout: 15_000 });
    await entry.click();
    await page.locator('.part.editor .tab.active', { hasText: 'Profile: test.csv' }).waitFor({ state: 'visible', timeout: 30_000 });
    await frame.locator('[data-testid=subject]', { hasText: 'test:data/test.csv (working file)' }).waitFor({ state: 'visible', timeout: 30_000 });
    const subjects = await frame.locator('[data-testid=subject]').count();
    if (subjects !== 1) throw new Error(`a new pick shows one profile, not ${subjects}`);
    await frame.locator('[data-testid=column-card][data-column=tenure_months] [data-testid=histogram-chart] svg .mark-rect path').first().waitFor({ state: 'attached', timeout: 30_000 });
  });
});
