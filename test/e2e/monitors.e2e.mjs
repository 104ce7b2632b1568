// Monitors in the real workbench: a monitor "batches" compares each file of the glob dataset
// incoming (data/batches/*.csv) with train, notifies and offers Retrain. One batch like train was
// checked by the CLI before the window opened (ok); a drifted CSV dropped into the folder is
// versioned by the watcher and checked as it lands -> a notification names monthly_charges -> the
// Monitors view shows the check red, newest first, with the drifted column and its score, and the
// status bar counts the open alert -> Open Report opens the Drift Report panel on that check with the
// column's histograms -> Retrain starts train from the check's context menu: a run in the Runs view,
// tagged with the check and with the batch pinned among its inputs, compared at its end with the run
// the CLI trained on the reference -> Snooze Alert... for a day clears the status bar's count.
// Screenshots: test-results/e2e-monitors-notification.png, e2e-monitors-view.png,
// e2e-monitors-report.png, e2e-monitors-history.png, e2e-monitors-retrain.png. Exit code 0 = all passed.
import fs from 'node:fs/promises';
import path from 'node:path';
import { webviewFrame } from '../harness/browser.mjs';
import { contextMenu } from './datasetsView.mjs';
import { demoWorkspace, e2eSession, mlops, openMlopsContainer } from './session.mjs';

const workspace = await demoWorkspace('monitors');
const configFile = path.join(workspace, 'mlops.json');
const config = JSON.parse(await fs.readFile(configFile, 'utf8'));
config.datasets.incoming = 'data/batches/*.csv';
config.monitors = {
  batches: {
    reference: 'train',
    current: 'incoming',
    columns: ['tenure_months', 'monthly_charges', 'contract', 'support_calls', 'has_fiber'],
    // One drifted column of five is dataset drift: the check is red and raises the alert.
    driftShare: 0.2,
    actions: [{ notify: true }, { retrain: 'train' }],
  },
};
await fs.writeFile(configFile, JSON.stringify(config, null, 2) + '\n');

const [head, ...rows] = (await fs.readFile(path.join(workspace, 'data', 'train.csv'), 'utf8')).trimEnd().split('\n');
const charges = head.split(',').indexOf('monthly_charges');
const batchesDir = path.join(workspace, 'data', 'batches');
await fs.mkdir(batchesDir);
// Like train: a third of its rows.
await fs.writeFile(path.join(batchesDir, 'b1.csv'), [head, ...rows.filter((_, i) => i % 3 === 0)].join('\n') + '\n');
mlops(workspace, 'data', 'version', 'train');
mlops(workspace, 'data', 'version', 'incoming');
mlops(workspace, 'monitor', 'check', 'batches');
// The model the monitor guards: a run trained on the reference, which a retrain is compared with.
mlops(workspace, 'run', 'train');
const baseline = JSON.parse(mlops(workspace, 'runs', 'list', '--json'))[0];
// The drifted batch: monthly charges up by 40.
const drifted = [head, ...rows.filter((_, i) => i % 3 === 1).map((line) => {
  const f = line.split(',');
  if (f[charges]) f[charges] = (Number(f[charges]) + 40).toFixed(2);
  return f.join(',');
})].join('\n') + '\n';

const pane = (page, title) => page.locator('.part.sidebar .pane', { has: page.locator('.pane-header .title', { hasText: new RegExp(`^${title}$`) }) });
const row = (page, title, label) => pane(page, title).locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: label }) }).first();
async function expand(page, title) {
  const header = pane(page, title).locator('.pane-header');
  if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
}

const batchLabel = 'incoming:data/batches/b2.csv@1';
const reportTitle = `Drift: ${batchLabel} vs train:data/train.csv@1`;

await e2eSession('monitors', workspace, async ({ page, step, screenshot }) => {
  await step('the Monitors view lists the monitor with the CLI\'s ok check of b1', async () => {
    await openMlopsContainer(page);
    await expand(page, 'Monitors');
    // Room for the Monitors view's rows and descriptions.
    const datasets = pane(page, 'Datasets').locator('.pane-header');
    if ((await datasets.getAttribute('aria-expanded')) === 'true') await datasets.click();
    await row(page, 'Monitors', /^batches$/).waitFor({ state: 'visible', timeout: 15_000 });
    await row(page, 'Monitors', 'incoming:data/batches/b1.csv@1').locator('.codicon-pass').waitFor({ state: 'visible', timeout: 15_000 });
  });

  let toast;
  await step('a drifted CSV dropped into the folder is checked as it lands: the notification names monthly_charges', async () => {
    await fs.writeFile(path.join(batchesDir, 'b2.csv'), drifted);
    toast = page.locator('.notification-toast', { hasText: `monitor batches: batch ${batchLabel} drifted in monthly_charges` });
    await toast.waitFor({ state: 'visible', timeout: 90_000 });
    for (const b of ['Open Report', 'Retrain', 'Snooze']) await toast.locator('.monaco-button', { hasText: new RegExp(`^${b}$`) }).waitFor({ state: 'visible' });
    await screenshot('e2e-monitors-notification.png');
  });

  await step('the Monitors view turns red: the check first, its drifted column with its score; the status bar counts the alert', async () => {
    const check = row(page, 'Monitors', batchLabel);
    await check.locator('.codicon-error').waitFor({ state: 'visible', timeout: 15_000 });
    await row(page, 'Monitors', /^batches$/).locator('.codicon-error').waitFor({ state: 'visible', timeout: 15_000 });
    const order = await pane(page, 'Monitors').locator('.monaco-list-row .label-name').allTextContents();
    if (order.indexOf(batchLabel) < 0 || order.indexOf(batchLabel) > order.indexOf('incoming:data/batches/b1.csv@1')) throw new Error(`checks are not newest first: ${order.join(' | ')}`);
    // A click expands the check (its twistie: the row's inline action is Open Report).
    await check.locator('.monaco-tl-twistie').click();
    const column = row(page, 'Monitors', /^monthly_charges$/);
    await column.waitFor({ state: 'visible', timeout: 15_000 });
    const description = await column.locator('.label-description').textContent();
    if (!/threshold/.test(description ?? '')) throw new Error(`the column's score reads: ${description}`);
    await page.locator('.part.statusbar .statusbar-item', { hasText: '1 drift alert' }).waitFor({ state: 'visible', timeout: 15_000 });
    await screenshot('e2e-monitors-view.png');
  });

  await step('Open Report opens the Drift Report panel on the check, with monthly_charges drifted and its histograms', async () => {
    await toast.hover();
    await toast.locator('.monaco-button', { hasText: /^Open Report$/ }).click();
    await page.locator('.part.editor .tab.active', { hasText: reportTitle }).waitFor({ state: 'visible', timeout: 30_000 });
    const frame = await webviewFrame(page, reportTitle);
    await frame.locator('[data-testid=drift-table] tr[data-column=monthly_charges][data-drift=true]').waitFor({ state: 'visible', timeout: 15_000 });
    const chart = frame.locator('[data-testid=histogram][data-column=monthly_charges]');
    await chart.scrollIntoViewIfNeeded();
    await chart.locator('svg .mark-rect path').first().waitFor({ state: 'attached', timeout: 30_000 });
    await screenshot('e2e-monitors-report.png');
    // The monitor's history: monthly_charges's score at b1's check and at b2's.
    const history = frame.locator('[data-testid=score-history][data-column=monthly_charges]');
    await history.scrollIntoViewIfNeeded();
    await history.locator('svg').first().waitFor({ state: 'attached', timeout: 30_000 });
    // A point per check: b1's (no drift) and b2's (drift), in two colors.
    await history.locator('svg .mark-symbol.role-mark path').nth(1).waitFor({ state: 'attached', timeout: 15_000 });
    const points = await history.locator('svg .mark-symbol.role-mark path').evaluateAll((els) => els.map((e) => e.getAttribute('fill')));
    if (points.length !== 2 || points[0] === points[1]) throw new Error(`the score history's points: ${JSON.stringify(points)}`);
    await screenshot('e2e-monitors-history.png');
  });

  await step('Retrain on the check starts train, shown in the Runs view, tagged with the check and the batch pinned; at its end it is compared with the run on the reference', async () => {
    await contextMenu(page, row(page, 'Monitors', batchLabel), 'Retrain on This Batch');
    await expand(page, 'Runs');
    let retrain;
    for (let i = 0; i < 60 && !retrain; i++) {
      retrain = JSON.parse(mlops(workspace, 'runs', 'list', '--json')).find((r) => r.experiment === 'train' && r.id !== baseline.id);
      if (!retrain) await new Promise((r) => setTimeout(r, 500));
    }
    if (!retrain) throw new Error('no retrain run recorded');
    const details = JSON.parse(mlops(workspace, 'runs', 'show', retrain.id, '--json'));
    const text = JSON.stringify(details);
    if (!text.includes('mlops.drift_check')) throw new Error(`the run is not tagged with the check: ${text.slice(0, 600)}`);
    if (!text.includes('data/batches/b2.csv')) throw new Error(`the batch is not among the run's inputs: ${text.slice(0, 600)}`);
    await row(page, 'Runs', retrain.name).waitFor({ state: 'visible', timeout: 30_000 });
    const compared = page.locator('.notification-toast', { hasText: `retrain run ${retrain.name} finished: val/auc` });
    await compared.waitFor({ state: 'visible', timeout: 60_000 });
    const said = await compared.locator('.notification-list-item-message').textContent();
    if (!said.includes(`for run ${baseline.name} on the reference train:data/train.csv@1`)) throw new Error(`the retrain's comparison reads: ${said}`);
    await compared.locator('.monaco-button', { hasText: /^Compare Runs$/ }).waitFor({ state: 'visible' });
    await screenshot('e2e-monitors-retrain.png');
  });

  await step('Snooze Alert... on the check snoozes it for the picked time: the status bar count goes', async () => {
    await contextMenu(page, row(page, 'Monitors', batchLabel), 'Snooze Alert...');
    const pick = page.locator('.quick-input-widget .monaco-list-row', { hasText: /^1 day$/ });
    await pick.waitFor({ state: 'visible', timeout: 15_000 });
    await pick.click();
    await page.locator('.part.statusbar .statusbar-item', { hasText: 'drift alert' }).waitFor({ state: 'hidden', timeout: 15_000 });
    await row(page, 'Monitors', batchLabel).locator('.label-description', { hasText: 'alert snoozed' }).waitFor({ state: 'visible', timeout: 15_000 });
    const alerts = JSON.parse(mlops(workspace, 'alerts', 'list', '--json'));
    const list = Array.isArray(alerts) ? alerts : alerts.alerts;
    if (list.length !== 1 || list[0].state !== 'snoozed') throw new Error(`alerts: ${JSON.stringify(alerts)}`);
  });
});
