// Comparing runs in the real workbench (code-server + Chromium): a real sweep of the demo workspace
// through the CLI, then "MLOps: Compare Runs" (table, sorting, parallel coordinates) and Compare in
// Editor from the panel. Screenshots go to test-results/. Exit code 0 = all passed.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { webviewFrame } from '../harness/browser.mjs';
import { compareAllRuns, demoWorkspace, e2eSession, mlops } from './session.mjs';

/** The demo workspace under git with a finished sweep (6 runs) recorded by the real CLI. */
async function makeWorkspace() {
  const dir = await demoWorkspace('compare', { git: true });
  // A run with many long metric names, long enough (6 s) for the launcher's sampler to log system/* metrics.
  const wide = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'mlops-e2e-wide-')), 'wide.py');
  await fs.writeFile(
    wide,
    'import time\nimport mlops_workbench as mw\n' +
      'mw.log_metrics({"val/per_class/precision_class_%d" % i: 0.5 + i / 100 for i in range(12)}, step=0)\n' +
      'mw.log_metrics({"val/per_class/recall_class_%d" % i: 0.4 + i / 100 for i in range(12)}, step=0)\n' +
      'time.sleep(6)\n',
  );
  mlops(dir, 'run', '--experiment', 'train', '--', 'python3', wide);
  mlops(dir, 'sweep', 'train', '--parallel', '2');
  // One more run on a newer commit with an uncommitted edit on top: something for Compare Code to show.
  const git = (...args) => execFileSync('git', ['-c', 'user.email=e2e@example.com', '-c', 'user.name=e2e', ...args], { cwd: dir, stdio: 'ignore' });
  await fs.appendFile(path.join(dir, 'train.py'), '\n# tuned after the sweep\n');
  git('commit', '-q', '-am', 'tune');
  await fs.appendFile(path.join(dir, 'train.py'), '# an uncommitted experiment\n');
  mlops(dir, 'run', 'train', '--param', 'lr=0.2');
  const runs = JSON.parse(mlops(dir, 'runs', 'list', '--json'));
  if (runs.length < 2) throw new Error(`the sweep recorded ${runs.length} runs`);
  return { dir, runs };
}

const { dir: workspace, runs } = await makeWorkspace();
const title = `Compare ${runs.length} Runs`;
await e2eSession('compare', workspace, async ({ page, step, screenshot }) => {
  await step('"MLOps: Compare Runs" with every run picked opens the table and the parallel-coordinates chart', async () => {
    const frame = await compareAllRuns(page, runs.length);
    await frame.locator('[data-testid=parallel-chart] svg').first().waitFor({ state: 'visible', timeout: 30_000 });
    const rows = await frame.locator('[data-testid=compare-table] tbody tr').count();
    if (rows !== runs.length) throw new Error(`the table shows ${rows} rows for ${runs.length} runs`);
    // lr and l2 vary over the sweep: their columns are highlighted; val/auc has a best value.
    for (const k of ['lr', 'l2']) await frame.locator(`th.differs[data-key="param:${k}"]`).waitFor({ state: 'visible' });
    await frame.locator('td.best').first().waitFor({ state: 'visible' });
    await screenshot('e2e-compare-panel.png');
  });

  await step('the table fits the panel: system metrics come last, unranked, and long headers wrap', async () => {
    const frame = await webviewFrame(page, title);
    const keys = await frame.locator('[data-testid=compare-table] th.metric').evaluateAll((ths) => ths.map((th) => th.getAttribute('data-key')));
    const firstSystem = keys.findIndex((k) => k.startsWith('metric:system/'));
    if (firstSystem < 0) throw new Error(`no system metric in the table: ${keys.join(', ')}`);
    if (keys.slice(firstSystem).some((k) => !k.startsWith('metric:system/'))) throw new Error(`a model metric after the system ones: ${keys.join(', ')}`);
    if (keys[0] !== 'metric:val/auc') throw new Error(`the primary metric (val/auc, from mlops.json) is not first: ${keys.join(', ')}`);
    if (await frame.locator('td.best[data-key^="metric:system/"]').count()) throw new Error('a system metric is marked best');
    // A narrower window: 24 model metrics and the system ones still fit, the table scrolling inside itself if at all.
    await page.setViewportSize({ width: 1000, height: 900 });
    await frame.locator('body').evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    const widths = await frame.locator('body').evaluate((b) => ({ scroll: b.scrollWidth, client: b.clientWidth, page: document.documentElement.scrollWidth, view: document.documentElement.clientWidth }));
    if (widths.scroll > widths.client || widths.page > widths.view) throw new Error(`the panel scrolls sideways: ${JSON.stringify(widths)}`);
    // The metrics lead the table: the primary one is in view without scrolling it.
    const [scroller, primary] = await Promise.all([frame.locator('.table-scroll').boundingBox(), frame.locator('th[data-key="metric:val/auc"]').boundingBox()]);
    if (!scroller || !primary || primary.x + primary.width > scroller.x + scroller.width) throw new Error(`val/auc is out of view: ${JSON.stringify({ scroller, primary })}`);
    await screenshot('e2e-compare-narrow.png');
    await page.setViewportSize({ width: 1400, height: 900 });
  });

  await step('clicking a metric header sorts the runs best first, clicking again reverses', async () => {
    const frame = await webviewFrame(page, title);
    const header = frame.locator('th[data-key="metric:val/auc"] button');
    const firstRun = () => frame.locator('[data-testid=compare-table] tbody tr').first().getAttribute('data-run');
    const bestRun = runs.reduce((a, b) => ((a.metrics?.['val/auc']?.last ?? -1) >= (b.metrics?.['val/auc']?.last ?? -1) ? a : b));
    await header.click();
    await frame.locator('th[data-key="metric:val/auc"][aria-sort=descending]').waitFor();
    const top = await firstRun();
    const topCell = await frame.locator('[data-testid=compare-table] tbody tr').first().locator('td.best').count();
    if (!topCell) throw new Error(`the first row after sorting by val/auc (${top}) holds no best value`);
    if (bestRun.metrics && top !== bestRun.id) throw new Error(`first row ${top}, best run ${bestRun.id}`);
    await header.click();
    await frame.locator('th[data-key="metric:val/auc"][aria-sort=ascending]').waitFor();
    if ((await firstRun()) === top) throw new Error('the order did not reverse');
  });

  await step('"Compare in Editor" from the panel opens the diff editor on two mlops-run documents', async () => {
    const frame = await webviewFrame(page, title);
    await frame.locator('[data-testid=compare-in-editor]').click();
    await page.locator('.part.editor .tab.active', { hasText: '↔' }).waitFor({ state: 'visible', timeout: 15_000 });
    await page.locator('.monaco-diff-editor .line-insert, .monaco-diff-editor .char-insert').first().waitFor({ state: 'visible', timeout: 15_000 });
    await screenshot('e2e-compare-editor.png');
  });

  await step('"Compare Code" from the panel opens the changed files and the uncommitted diff', async () => {
    // The two newest runs are selected by default: the tuned one (newer commit, dirty) and a sweep run.
    await page.locator('.part.editor .tab', { hasText: title }).click();
    const frame = await webviewFrame(page, title);
    await frame.locator('[data-testid=compare-code]').click();
    await page.locator('.part.editor .tab', { hasText: 'code.diff' }).waitFor({ state: 'visible', timeout: 15_000 });
    await page.locator('.part.editor .tab', { hasText: /↔.*\(/ }).first().waitFor({ state: 'visible', timeout: 15_000 });
    await page.locator('.part.editor .tab', { hasText: /↔.*\(/ }).first().click();
    await page.waitForTimeout(1500); // the multi-diff editor lays its files out asynchronously
    await screenshot('e2e-compare-code.png');
  });
});
