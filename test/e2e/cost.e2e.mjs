// What runs and data cost, in the real workbench (code-server + Chromium): the demo workspace with
// prices in mlops.json and three train runs recorded by the real CLI (measured and priced as they
// ran; one moved a week back), then the Overview's cost chart and storage table and the Compare
// panel's cost column. Screenshots go to test-results/. Exit code 0 = all passed.
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { runCommand, webviewFrame } from '../harness/browser.mjs';
import { compareAllRuns, demoWorkspace, e2eSession, mlops } from './session.mjs';

const require = createRequire(import.meta.url);
const WEEK_MS = 7 * 86_400_000;
// A high CPU price, so a training run of a second or two costs whole cents and the bars are tall.
const PRICES = { cpuHour: 50, storageGbMonth: 20 };

async function makeWorkspace() {
  const dir = await demoWorkspace('cost');
  const configFile = path.join(dir, 'mlops.json');
  const config = JSON.parse(await fs.readFile(configFile, 'utf8'));
  await fs.writeFile(configFile, JSON.stringify({ cost: PRICES, ...config }, null, 2));
  for (const lr of [0.1, 0.05, 0.01]) mlops(dir, 'run', 'train', '--param', `lr=${lr}`, '--param', 'epochs=200');
  const runs = JSON.parse(mlops(dir, 'runs', 'list', '--json'));
  if (runs.length !== 3 || runs.some((r) => !(r.cost > 0))) throw new Error(`expected 3 priced runs: ${JSON.stringify(runs.map((r) => [r.id, r.status, r.cpuSeconds, r.cost]))}`);
  // The oldest run a week earlier: the chart then has two weeks with a cost. A seed of dates only;
  // what the run used and cost stays as the launcher measured it.
  const Database = require('better-sqlite3');
  const db = new Database(path.join(dir, '.mlops', 'store.db'));
  db.prepare('UPDATE runs SET created_at = created_at - ?, started_at = started_at - ?, ended_at = ended_at - ? WHERE id = ?').run(WEEK_MS, WEEK_MS, WEEK_MS, runs.at(-1).id);
  db.close();
  return { dir, runs };
}

const { dir: workspace, runs } = await makeWorkspace();
const total = runs.reduce((sum, r) => sum + r.cost, 0);

await e2eSession('cost', workspace, async ({ page, step, screenshot }) => {
  await step('the Overview charts the cost per week and lists each dataset with its size and monthly cost', async () => {
    await runCommand(page, 'MLOps: Show Overview');
    const frame = await webviewFrame(page, 'MLOps Overview');
    // Vega puts the svg in the page before it draws the marks into it: wait for the bars themselves.
    await frame.locator('[data-testid=cost-chart] svg .mark-rect path').first().waitFor({ state: 'attached', timeout: 30_000 });
    // Two weeks with a cost: two bars with a height (the others are 0 high), counted until they are
    // there (a refresh may redraw the chart) or 10 s have passed.
    const chart = frame.locator('[data-testid=cost-chart]');
    const tallBars = () => chart.evaluate((el) => [...el.querySelectorAll('svg .mark-rect path')].filter((p) => p.getBBox().height > 0.5).length);
    let bars = await tallBars();
    for (const until = Date.now() + 10_000; bars !== 2 && Date.now() < until; bars = await tallBars()) await page.waitForTimeout(100);
    if (bars !== 2) throw new Error(`${bars} cost bars with a height, expected 2 (this week and last)`);
    const totalText = await frame.locator('[data-testid=cost-total]').textContent();
    const expected = `$${total.toFixed(2)}`;
    if (!totalText.startsWith(total < 0.005 ? '< $0.01' : expected)) throw new Error(`total "${totalText}", expected ${expected} over the last 12 weeks`);
    const table = frame.locator('[data-testid=storage-table]');
    await table.waitFor({ state: 'visible' });
    // The train run versioned its inputs (train and test): each has bytes and a monthly cost.
    for (const dataset of ['train', 'test']) {
      const cells = await table.locator(`tr[data-dataset="${dataset}"] td`).allTextContents();
      if (cells.length !== 2 || !/\d+(\.\d)? (B|KB|MB)$/.test(cells[0]) || !/\$\d+\.\d\d$/.test(cells[1])) throw new Error(`${dataset}: ${JSON.stringify(cells)}`);
    }
    await frame.locator('[data-testid=storage-table]').scrollIntoViewIfNeeded();
    await screenshot('e2e-cost-overview.png');
  });

  await step('Compare Runs shows each run\'s cost and CPU time, the cheapest starred', async () => {
    const frame = await compareAllRuns(page, runs.length);
    const table = frame.locator('[data-testid=compare-table]');
    await table.locator('th[data-key="usage:cost"]').waitFor({ state: 'visible', timeout: 30_000 });
    await table.locator('th[data-key="usage:cpu"]').waitFor({ state: 'visible' });
    const costs = await table.locator('td[data-key="usage:cost"]').allTextContents();
    if (costs.length !== runs.length || costs.some((c) => !/\$\d+\.\d\d$/.test(c))) throw new Error(`cost cells: ${JSON.stringify(costs)}`);
    // Every run at the lowest cost is starred: two runs can measure the same CPU ticks, and so cost
    // exactly the same.
    const lowest = Math.min(...runs.map((r) => r.cost));
    const cheapest = runs.filter((r) => r.cost === lowest).map((r) => r.id).sort();
    const starred = (await table.locator('tr:has(td.usage.best)').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-run')))).sort();
    if (starred.join() !== cheapest.join()) throw new Error(`the star is on ${starred.join(', ')}, the cheapest runs are ${cheapest.join(', ')}`);
    // Sorting by cost puts a cheapest run first.
    await table.locator('th[data-key="usage:cost"] button').click();
    await table.locator('th[data-key="usage:cost"][aria-sort=ascending]').waitFor();
    const first = await table.locator('tbody tr').first().getAttribute('data-run');
    if (!cheapest.includes(first)) throw new Error(`sorted by cost, ${first} comes first instead of one of ${cheapest.join(', ')}`);
    await screenshot('e2e-cost-compare.png');
  });
});
