// What every end-to-end path shares: a throwaway copy of the demo workspace, a code-server with the
// packaged extension installed from its VSIX (what a user installs, not the development folder), a
// Chromium page on it, named steps that report as they
// go, a screenshot when a step fails, and the `e2e: N passed, N failed` line test/run.mjs reads.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { collectConsole, launchBrowser, runCommand, waitForWorkbench, webviewFrame } from '../harness/browser.mjs';
import { repoRoot, resultsDir, startCodeServer } from '../harness/codeServer.mjs';

export const EXTENSION_ID = 'mlops-workbench.mlops-workbench';
export const cliPath = path.join(repoRoot, 'dist', 'cli.js');
export const vsixPath = path.join(repoRoot, 'dist', 'mlops-workbench.vsix');

/** The packaged extension (`npm run package`); a note when sources changed after it was built. */
export function packagedExtension() {
  if (!existsSync(vsixPath)) throw new Error(`${vsixPath} does not exist: the e2e suite runs the installed extension; build it with \`npm run package\``);
  const built = statSync(vsixPath).mtimeMs;
  const newer = ['src', 'webview', 'media', 'schemas', 'package.json'].flatMap((p) => {
    const full = path.join(repoRoot, p);
    if (!existsSync(full)) return [];
    if (statSync(full).isFile()) return [p];
    return readdirSync(full, { recursive: true }).map((f) => path.join(p, String(f)));
  }).filter((f) => {
    const st = statSync(path.join(repoRoot, f));
    return st.isFile() && st.mtimeMs > built;
  });
  if (newer.length) console.log(`  note: ${newer.length} source file(s) changed after ${path.basename(vsixPath)} was built (e.g. ${newer[0]}); \`npm run package\` to test them`);
  return vsixPath;
}
const demo = path.join(repoRoot, 'examples', 'demo-workspace');

/** Runs the built CLI in `cwd`, as a user in a terminal would; returns its stdout. */
export function mlops(cwd, ...args) {
  return execFileSync(process.execPath, [cliPath, ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
}

/** A temp copy of examples/demo-workspace without its state; optionally a git repository. */
export async function demoWorkspace(prefix, { git = false } = {}) {
  if (!existsSync(demo) || !existsSync(cliPath)) throw new Error(`needs ${demo} and ${cliPath} (node esbuild.js)`);
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), `mlops-e2e-${prefix}-`));
  await fs.cp(demo, dir, { recursive: true });
  await fs.rm(path.join(dir, '.mlops'), { recursive: true, force: true });
  if (git) {
    const g = (...args) => execFileSync('git', ['-c', 'user.email=e2e@example.com', '-c', 'user.name=e2e', ...args], { cwd: dir, stdio: 'ignore' });
    g('init', '-q', '-b', 'main');
    g('add', '.');
    g('commit', '-q', '-m', 'demo');
  }
  return dir;
}

// Console messages from a webview carry the webview host page's URL, which names its extension.
const fromOurWebview = (m) => m.url.includes('/webview/browser/pre/') && m.url.includes(`extensionId=${EXTENSION_ID}`);

export async function waitForFile(file, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(file)) {
    if (Date.now() > deadline) throw new Error(`${file} did not appear within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Opens the workbench on `workspace` and runs `body({ page, step, screenshot })`; with `trust`,
 * Workspace Trust stays on (the workspace starts untrusted). Steps run in order
 * and the path stops at the first failure (later steps build on earlier ones); a last step checks
 * that no webview of ours hit a Content Security Policy violation.
 */
export async function e2eSession(name, workspace, body, { trust = false } = {}) {
  let passed = 0;
  let failed = 0;
  const step = async (title, fn) => {
    const started = Date.now();
    try {
      await fn();
      passed++;
      console.log(`  ok   ${title} (${Date.now() - started} ms)`);
    } catch (err) {
      failed++;
      console.log(`  FAIL ${title} (${Date.now() - started} ms)\n${String(err?.stack ?? err).replace(/^/gm, '       ')}`);
      throw err;
    }
  };
  await fs.mkdir(resultsDir, { recursive: true });
  const server = await startCodeServer({ workspace, name: `e2e-${name}`, trust, vsix: packagedExtension() });
  const context = await launchBrowser(`e2e-${name}`);
  const page = await context.newPage();
  const consoleLog = collectConsole(page);
  const screenshot = (file) => page.screenshot({ path: path.join(resultsDir, file) });
  try {
    await step('workbench loads with the installed extension', async () => {
      // A cold workbench load on a busy two-core machine can pass Playwright's 30 s default.
      await page.goto(server.folderUrl(), { timeout: 90_000 });
      await waitForWorkbench(page);
    });
    await body({ page, step, screenshot, server });
    await step('no Content Security Policy violation from our webviews', async () => {
      const ours = consoleLog.cspViolations(fromOurWebview);
      if (ours.length) throw new Error(`CSP violations:\n${ours.map((m) => m.text).join('\n')}`);
    });
  } catch {
    await screenshot(`e2e-${name}-failure.png`).catch(() => {});
  } finally {
    const noise = consoleLog.messages.filter((m) => ['error', 'warning', 'pageerror'].includes(m.type) && fromOurWebview(m));
    if (noise.length) console.log(`webview errors and warnings:\n${noise.map((m) => '  ' + m.text).join('\n')}`);
    await context.close();
    await server.stop();
    await fs.rm(workspace, { recursive: true, force: true });
  }
  console.log(`e2e: ${passed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}

/** Clicks the MLOps activity-bar icon and waits for its views to settle. */
export async function openMlopsContainer(page) {
  await page.locator('.part.activitybar .action-item .action-label[aria-label^="MLOps"]').click();
  await page.locator('.part.sidebar .pane-header .title', { hasText: /^Runs$/ }).waitFor({ state: 'visible' });
  await page.waitForFunction(() => !document.querySelector('.part.sidebar .monaco-progress-container.active'), null, { timeout: 15_000 });
}

/** "MLOps: Compare Runs" with every one of `count` runs picked; returns the panel's frame. */
export async function compareAllRuns(page, count) {
  await runCommand(page, 'MLOps: Compare Runs');
  const quick = page.locator('.quick-input-widget');
  await quick.locator('.monaco-list-row').first().waitFor({ state: 'visible' });
  // The header's "toggle all" checkbox (a custom toggle in current VS Code, an <input> in older ones).
  await quick.locator('.quick-input-header').locator('.quick-input-check-all, .monaco-custom-toggle, input[type=checkbox]').first().click();
  await quick.locator('.quick-input-count', { hasText: String(count) }).waitFor({ state: 'visible' });
  await page.keyboard.press('Enter');
  return webviewFrame(page, `Compare ${count} Runs`);
}
