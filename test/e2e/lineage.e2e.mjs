// Lineage and the audit log in the real workbench (code-server + Chromium), on a git copy of the demo
// workspace: a real training run through the CLI (it versions train and test as it reads them),
// registered as churn@1. "MLOps: Show Lineage" with churn@1 typed draws the graph: every node visible,
// no two overlapping; the direction toggle redraws it; clicking the run opens its metrics, the train
// version its profile, the model version the Models view on churn. "MLOps:
// Show Audit Log" lists the entries, filters by action, and Verify reports the chain intact; after
// the store is tampered with raw SQL (the update trigger dropped, one entry's reason rewritten)
// Verify names that entry and the panel highlights its row.
// Last, Compare Versions on churn charts val/auc across its two versions.
// Screenshots: test-results/e2e-lineage.png, e2e-lineage-down.png, e2e-audit.png, e2e-audit-filtered.png,
// e2e-audit-tampered.png, e2e-compare-versions.png.
import { createRequire } from 'node:module';
import path from 'node:path';
import { runCommand, runCommandAndPick, webviewFrame } from '../harness/browser.mjs';
import { repoRoot } from '../harness/codeServer.mjs';
import { demoWorkspace, e2eSession, mlops } from './session.mjs';

const Database = createRequire(path.join(repoRoot, 'package.json'))('better-sqlite3');

const workspace = await demoWorkspace('lineage', { git: true });
mlops(workspace, 'run', 'train');
const [run] = JSON.parse(mlops(workspace, 'runs', 'list', '--json'));
if (run?.status !== 'finished') throw new Error(`the training run did not finish: ${JSON.stringify(run)}`);
mlops(workspace, 'model', 'register', 'churn', '--run', run.id, '--description', 'trained by the lineage e2e');

const quick = (page) => page.locator('.quick-input-widget');
const overlap = (a, b) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** The graph's node boxes as drawn (page coordinates), once `count` of them (at least) are laid out. */
async function nodeBoxes(frame, count) {
  const nodes = frame.locator('[data-testid=lineage-node]');
  await nodes.nth(count - 1).waitFor({ state: 'visible', timeout: 30_000 });
  const n = await nodes.count();
  const boxes = [];
  for (let i = 0; i < n; i++) {
    const node = nodes.nth(i);
    boxes.push({ id: await node.getAttribute('data-id'), kind: await node.getAttribute('data-kind'), ...(await node.locator('rect.box').boundingBox()) });
  }
  return boxes;
}

let lineage;
let audit;
await e2eSession('lineage', workspace, async ({ page, step, screenshot }) => {
  await step('"MLOps: Show Lineage" with churn@1 typed draws the model version, its run, params, code, environment and the data it read, none overlapping', async () => {
    // The first of our commands waits for the extension host, which a loaded machine starts late.
    await runCommand(page, 'MLOps: Show Lineage', { timeout: 120_000 });
    await quick(page).locator('.quick-input-title', { hasText: 'Show Lineage' }).waitFor({ state: 'visible', timeout: 15_000 });
    await quick(page).locator('input').fill('churn@1');
    await page.keyboard.press('Enter');
    lineage = await webviewFrame(page, 'Lineage: churn@1', { timeout: 60_000 });
    const boxes = await nodeBoxes(lineage, 6);
    const kinds = new Set(boxes.map((b) => b.kind));
    for (const k of ['model-version', 'run', 'dataset-version', 'params', 'code', 'environment']) if (!kinds.has(k)) throw new Error(`no ${k} node: ${JSON.stringify(boxes.map((b) => b.id))}`);
    for (const b of boxes) if (!(b.width > 40 && b.height > 20)) throw new Error(`node ${b.id} is not drawn: ${JSON.stringify(b)}`);
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) if (overlap(boxes[i], boxes[j])) throw new Error(`${boxes[i].id} overlaps ${boxes[j].id}: ${JSON.stringify([boxes[i], boxes[j]])}`);
    }
    // Data flows into the model: the dataset versions sit left of the run, the run left of the version.
    const x = (kind) => boxes.filter((b) => b.kind === kind).map((b) => b.x);
    if (!(Math.max(...x('dataset-version')) < Math.min(...x('run')) && Math.max(...x('run')) < Math.min(...x('model-version')))) throw new Error(`left to right: ${JSON.stringify(boxes.map((b) => [b.kind, Math.round(b.x)]))}`);
    const root = lineage.locator('[data-testid=lineage-node][data-kind=model-version]');
    const badges = await root.locator('[data-testid=lineage-badge]').allTextContents();
    if (!badges.includes('latest')) throw new Error(`churn@1's badges: ${badges.join(', ')}`);
    const validation = await lineage.locator('[data-testid=lineage-node][data-kind=dataset-version] [data-testid=lineage-status]').allTextContents();
    if (!validation.length || !validation.every((t) => ['passes', 'fails', 'not validated'].includes(t))) throw new Error(`dataset statuses: ${validation.join(', ')}`);
    await screenshot('e2e-lineage.png');
  });

  await step('Downstream redraws the graph from churn@1 alone (nothing is built on it); Both brings the rest back', async () => {
    await lineage.locator('[data-testid=direction-down]').click();
    await lineage.locator('[data-testid=direction-down][aria-pressed=true]').waitFor({ state: 'visible', timeout: 15_000 });
    const boxes = await nodeBoxes(lineage, 1);
    if (boxes.length !== 1 || boxes[0].kind !== 'model-version') throw new Error(`downstream of churn@1: ${JSON.stringify(boxes.map((b) => b.id))}`);
    await screenshot('e2e-lineage-down.png');
    await lineage.locator('[data-testid=direction-both]').click();
    await nodeBoxes(lineage, 6);
  });

  await step('clicking the run node opens the run: the Metrics panel shows it', async () => {
    await lineage.locator(`[data-testid=lineage-node][data-id="run:${run.id}"]`).click();
    const metrics = await webviewFrame(page, 'MLOps Metrics', { timeout: 60_000 });
    await metrics.locator('[data-testid=legend-run]', { hasText: run.name }).first().waitFor({ state: 'visible', timeout: 30_000 });
  });

  await step('clicking the train dataset version opens its profile; clicking the model version reveals churn in the Models view', async () => {
    await page.locator('.part.editor .tab', { hasText: 'Lineage: churn@1' }).click();
    lineage = await webviewFrame(page, 'Lineage: churn@1');
    await lineage.locator('[data-testid=lineage-node][data-id="dataset-version:train:data/train.csv@1"]').click();
    await page.locator('.part.editor .tab', { hasText: /^Profile: / }).first().waitFor({ state: 'visible', timeout: 60_000 });
    await page.locator('.part.editor .tab', { hasText: 'Lineage: churn@1' }).click();
    lineage = await webviewFrame(page, 'Lineage: churn@1');
    await lineage.locator('[data-testid=lineage-node][data-kind=model-version]').click();
    const models = page.locator('.part.sidebar .pane', { has: page.locator('.pane-header .title', { hasText: /^Models$/ }) });
    await models.locator('.monaco-list-row.selected', { has: page.locator('.label-name', { hasText: /^churn$/ }) }).waitFor({ state: 'visible', timeout: 30_000 });
  });

  await step('"MLOps: Show Audit Log" lists the store\'s changes newest first: the run, the dataset versions, the registration', async () => {
    await runCommand(page, 'MLOps: Show Audit Log');
    audit = await webviewFrame(page, 'MLOps Audit Log', { timeout: 60_000 });
    await audit.locator('[data-testid=audit-table] tbody tr').first().waitFor({ state: 'visible', timeout: 30_000 });
    const actions = await audit.locator('[data-testid=audit-table] tbody td.action').allTextContents();
    for (const a of ['run.created', 'dataset.versioned', 'model.registered']) if (!actions.includes(a)) throw new Error(`no ${a} entry: ${actions.join(', ')}`);
    if (actions[0] !== 'model.registered') throw new Error(`the newest entry is ${actions[0]}, not the registration`);
    await screenshot('e2e-audit.png');
  });

  await step('filtering by action keeps only those entries; Clear brings them all back', async () => {
    const total = await audit.locator('[data-testid=audit-table] tbody tr').count();
    await audit.locator('[data-testid=filter-action]').selectOption('dataset.versioned');
    await audit.locator('[data-testid=audit-count]', { hasText: 'matching' }).waitFor({ state: 'visible', timeout: 15_000 });
    const actions = await audit.locator('[data-testid=audit-table] tbody td.action').allTextContents();
    if (!actions.length || actions.some((a) => a !== 'dataset.versioned') || actions.length >= total) throw new Error(`filtered: ${actions.join(', ')} (of ${total})`);
    await screenshot('e2e-audit-filtered.png');
    await audit.locator('[data-testid=filter-clear]').click();
    await audit.locator('[data-testid=audit-count]', { hasText: 'matching' }).waitFor({ state: 'hidden', timeout: 15_000 });
  });

  await step('Verify reports the chain intact, with its head', async () => {
    await audit.locator('[data-testid=verify]').click();
    const banner = audit.locator('[data-testid=verification][data-ok=true]');
    await banner.waitFor({ state: 'visible', timeout: 15_000 });
    const db = new Database(path.join(workspace, '.mlops', 'store.db'), { readonly: true });
    const head = db.prepare('SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1').get().hash;
    db.close();
    if (!(await banner.textContent()).includes(head)) throw new Error(`the banner reads "${await banner.textContent()}", not head ${head}`);
  });

  await step('after an entry is rewritten with raw SQL (trigger dropped), Verify names it and its row is highlighted', async () => {
    const db = new Database(path.join(workspace, '.mlops', 'store.db'));
    db.exec('DROP TRIGGER audit_log_no_update');
    const victim = db.prepare("SELECT seq FROM audit_log WHERE action = 'dataset.versioned' ORDER BY seq LIMIT 1").get().seq;
    db.prepare("UPDATE audit_log SET reason = 'nothing to see here' WHERE seq = ?").run(victim);
    db.close();
    await audit.locator('[data-testid=verify]').click();
    const banner = audit.locator('[data-testid=verification][data-ok=false]');
    await banner.waitFor({ state: 'visible', timeout: 15_000 });
    if (!(await banner.textContent()).includes(`Entry ${victim} `)) throw new Error(`the banner reads "${await banner.textContent()}", not entry ${victim}`);
    const row = audit.locator(`[data-testid=audit-table] tr.bad[data-seq="${victim}"]`);
    await row.waitFor({ state: 'visible', timeout: 15_000 });
    if ((await audit.locator('[data-testid=audit-table] tr.bad').count()) !== 1) throw new Error('more than one row is highlighted');
    // The page is read with the verification: the row shows the rewritten reason.
    if ((await row.locator('td.reason').textContent()) !== 'nothing to see here') throw new Error(`the highlighted row's reason reads "${await row.locator('td.reason').textContent()}"`);
    await screenshot('e2e-audit-tampered.png');
    await runCommand(page, 'MLOps: Verify Audit Log');
    await page.locator('.notification-toast', { hasText: `does not verify: entry ${victim}` }).waitFor({ state: 'visible', timeout: 15_000 });
  });

  await step('"MLOps: Compare Versions" on churn (a second version and a staging alias added by the CLI) charts val/auc across v1 and v2, the alias marked', async () => {
    mlops(workspace, 'model', 'register', 'churn', '--run', run.id, '--description', 'the same run again');
    mlops(workspace, 'model', 'alias', 'set', 'churn', 'staging', '1', '--reason', 'e2e: marked on the chart');
    // The CLI just changed the store: the Models tree's refresh may close the first quick pick.
    await runCommandAndPick(page, 'MLOps: Compare Versions', quick(page).locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: /^churn$/ }) }).first());
    const compare = await webviewFrame(page, 'Compare churn v1, v2', { timeout: 60_000 });
    const chart = compare.locator('[data-testid=version-chart][data-metric="val/auc"]');
    await chart.scrollIntoViewIfNeeded();
    await chart.locator('svg .mark-symbol path').first().waitFor({ state: 'attached', timeout: 30_000 });
    const text = await chart.locator('svg').textContent();
    for (const t of ['val/auc', 'v1', 'v2', 'staging']) if (!text.includes(t)) throw new Error(`the chart lacks "${t}": ${text}`);
    await screenshot('e2e-compare-versions.png');
  });
});
