// A big new version's automatic validation in the real workbench: train (with expectations) is
// regenerated at 150 MB, the watcher versions it as v2, and its validation runs on a worker thread
// behind a notification with its percent and a Cancel button. Cancel ends that thread, stores no
// result for v2 and leaves v2 without a pass/fail badge; "MLOps: Validate Data" later runs the check
// to the end and v2 gets its badge.
// Screenshots: test-results/e2e-big-validation-*.png. Exit code 0 = all passed.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { runCommand } from '../harness/browser.mjs';
import { demoWorkspace, e2eSession, mlops } from './session.mjs';
import { datasetRow, showDatasetVersions } from './datasetsView.mjs';

const Database = createRequire(import.meta.url)('better-sqlite3');

const BYTES = 150_000_000;
const workspace = await demoWorkspace('big-validation');
mlops(workspace, 'data', 'version', 'train'); // v1, validated by the CLI: it passes
const trainFile = path.join(workspace, 'data', 'train.csv');

/**
 * Rewrites train.csv at `bytes`: the demo's rows over and over, each with a fresh customer_id so the
 * `unique` expectation still holds. Written aside and renamed in, as a pipeline publishes a file.
 */
function regenerate(bytes) {
  const [head, ...rows] = fs.readFileSync(trainFile, 'utf8').trimEnd().split('\n');
  const tails = rows.map((r) => r.slice(r.indexOf(',')));
  const partial = path.join(os.tmpdir(), `${path.basename(workspace)}-train.csv`);
  const out = fs.openSync(partial, 'w');
  fs.writeSync(out, `${head}\n`);
  for (let written = 0, i = 0; written < bytes; ) {
    let chunk = '';
    for (const end = i + 20_000; i < end; i++) chunk += `C${String(i).padStart(8, '0')}${tails[i % tails.length]}\n`;
    written += fs.writeSync(out, chunk);
  }
  fs.closeSync(out);
  fs.renameSync(partial, trainFile);
}

/** The validations stored for train's version `v`, read from the store as the CLI would. */
function storedValidations(v) {
  const db = new Database(path.join(workspace, '.mlops', 'store.db'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare("SELECT success FROM validations WHERE dataset_version_id = (SELECT id FROM dataset_versions WHERE dataset = 'train' AND version = ?)").all(v);
  } finally {
    db.close();
  }
}

/** The pid of this session's extension host: the process started with the session's throwaway home. */
function extensionHostPid(home) {
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (cmd.includes('extensionHost') && fs.readFileSync(`/proc/${pid}/environ`, 'utf8').includes(`XDG_CONFIG_HOME=${home}`)) return Number(pid);
    } catch {
      // gone, or not ours to read
    }
  }
  throw new Error(`no extension host process with XDG_CONFIG_HOME under ${home}`);
}

/** CPU ticks (user + system) spent so far by each thread of `pid`. */
function threadTicks(pid) {
  const ticks = new Map();
  for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
    try {
      // Fields after the ")" closing the thread name: utime and stime are the 12th and 13th.
      const f = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8').split(') ')[1].split(' ');
      ticks.set(tid, Number(f[11]) + Number(f[12]));
    } catch {
      // the thread ended meanwhile
    }
  }
  return ticks;
}

/** The extension's Output channel as written to its log file ("MLOps Workbench.log"). */
function extensionLog(home) {
  const logs = path.join(home, 'user-data', 'logs');
  const file = fs.readdirSync(logs, { recursive: true }).find((f) => f.endsWith('MLOps Workbench.log'));
  return file ? fs.readFileSync(path.join(logs, file), 'utf8') : '';
}

async function until(what, condition, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const row = datasetRow;
const progressToast = (page) => page.locator('.notification-toast', { hasText: 'MLOps: validating train.csv v2' });
const badgeOf = async (r) => ({ text: await r.locator('.label-description').textContent(), icons: await r.locator('.codicon-pass, .codicon-error').count() });

await e2eSession('big-validation', workspace, async ({ page, step, screenshot, server }) => {
  let hostPid;
  let before;
  let worker;

  await step('the Datasets view shows train v1 passing its expectations', async () => {
    await showDatasetVersions(page, 'train', ['v1']);
    await row(page, /^v1$/).locator('.codicon-pass').waitFor({ state: 'visible', timeout: 15_000 });
    hostPid = extensionHostPid(server.home);
    before = new Set(threadTicks(hostPid).keys());
  });

  await step('train.csv regenerated at 150 MB becomes v2, validated behind a notification with its percent', async () => {
    regenerate(BYTES);
    await row(page, /^v2$/).waitFor({ state: 'visible', timeout: 180_000 });
    const toast = progressToast(page);
    await toast.filter({ hasText: /\d+%/ }).waitFor({ state: 'visible', timeout: 120_000 });
    // The thread doing the work: of those started since v1 showed, the one burning CPU now.
    const t0 = threadTicks(hostPid);
    await new Promise((r) => setTimeout(r, 1000)); // a CPU sample's span, not an assertion
    const t1 = threadTicks(hostPid);
    const busy = [...t1].filter(([tid]) => !before.has(tid) && t0.has(tid)).map(([tid, t]) => ({ tid, ticks: t - t0.get(tid) })).sort((a, b) => b.ticks - a.ticks);
    if (!busy.length || busy[0].ticks < 10) throw new Error(`no new busy thread in the extension host: ${JSON.stringify(busy)}`);
    worker = busy[0].tid;
    if (!(await toast.isVisible())) throw new Error('the validation ended before it could be cancelled: make the file bigger');
    await screenshot('e2e-big-validation-progress.png');
  });

  await step('Cancel closes it, ends the worker thread, stores no result and leaves v2 without a badge', async () => {
    await progressToast(page).locator('.monaco-button', { hasText: /^Cancel$/ }).click();
    await progressToast(page).waitFor({ state: 'detached', timeout: 10_000 });
    // The cancel terminates the worker within 2 s; left running, it would read the rest of 150 MB for far longer.
    await until(`worker thread ${worker} of the extension host ends`, () => !fs.existsSync(`/proc/${hostPid}/task/${worker}`), 6_000);
    await until('the Output channel reports the cancel', () => /Validation of train data\/train\.csv v2 cancelled/.test(extensionLog(server.home)), 15_000);
    const stored = storedValidations(2);
    if (stored.length) throw new Error(`a cancelled validation stored ${JSON.stringify(stored)} for v2`);
    const v2 = await badgeOf(row(page, /^v2$/));
    if (/passes|fails/.test(v2.text) || v2.icons) throw new Error(`v2 shows a validation badge after the cancel: "${v2.text}"`);
    if (extensionLog(server.home).includes('Validated train data/train.csv v2')) throw new Error('the log reports v2 validated after the cancel');
    await screenshot('e2e-big-validation-cancelled.png');
  });

  await step('"MLOps: Validate Data" runs the check to the end: v2 passes, its result stored', async () => {
    await runCommand(page, 'MLOps: Validate Data');
    await progressToast(page).waitFor({ state: 'visible', timeout: 30_000 });
    const v2 = row(page, /^v2$/);
    await v2.locator('.label-description', { hasText: 'passes' }).waitFor({ state: 'visible', timeout: 240_000 });
    await v2.locator('.codicon-pass').waitFor({ state: 'visible' });
    const stored = storedValidations(2);
    if (stored.length !== 1 || stored[0].success !== 1) throw new Error(`v2's stored validations: ${JSON.stringify(stored)}`);
    // The working file, checked by the command itself, passes too.
    await page.locator('.notification-toast', { hasText: 'MLOps: every expectation holds (1 file).' }).waitFor({ state: 'visible', timeout: 240_000 });
    await screenshot('e2e-big-validation-validated.png');
  });
});
