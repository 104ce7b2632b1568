// Runs test/extension (bundled to out/test/extension/index.js) inside the real extension host of
// code-server: the workbench URL's `payload` carries extensionDevelopmentPath/extensionTestsPath, the
// way @vscode/test-web does it, and the exit code comes back through window.codeAutomationExit.
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { launchBrowser } from './browser.mjs';
import { repoRoot, resultsDir, startCodeServer } from './codeServer.mjs';

export const reportFile = path.join(resultsDir, 'extension-host.txt');

export async function copyWorkspace(workspace) {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'mlops-ws-'));
  if (workspace && existsSync(workspace)) await fs.cp(workspace, dir, { recursive: true });
  return dir;
}

export function devPayload(port, { extensionPath = repoRoot, testsPath } = {}) {
  const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
  const payload = [['extensionDevelopmentPath', remote(extensionPath)]];
  if (testsPath) payload.push(['extensionTestsPath', remote(testsPath)]);
  return JSON.stringify(payload);
}

export async function runExtensionHostTests({
  workspace,
  extensionPath = repoRoot,
  testsPath = path.join(repoRoot, 'out', 'test', 'extension', 'index'),
  report = reportFile,
  // Only stops a hung run: the suite takes about 2 minutes on a quiet machine and past 5 on a busy,
  // shared one, where a tighter bound failed runs that were still passing.
  timeoutMs = 20 * 60_000,
} = {}) {
  if (!existsSync(`${testsPath}.js`)) {
    throw new Error(`${testsPath}.js does not exist: build it first (node esbuild.js)`);
  }
  const ws = await copyWorkspace(workspace);
  await fs.rm(report, { force: true });
  const server = await startCodeServer({ workspace: ws, name: 'exthost' });
  const context = await launchBrowser('exthost');
  try {
    const page = await context.newPage();
    let settle;
    const exited = new Promise((resolve) => { settle = resolve; });
    // Must exist before the workbench loads: it checks for the hook when the tests finish.
    await page.exposeFunction('codeAutomationExit', (code) => settle(code));
    page.on('pageerror', (err) => process.stderr.write(`[exthost page] ${err}\n`));
    await page.goto(server.folderUrl({ payload: devPayload(server.port, { extensionPath, testsPath }) }));
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`extension-host tests gave no exit code within ${timeoutMs / 1000} s; see ${server.logFile}`)), timeoutMs);
    });
    const exitCode = await Promise.race([exited, timeout]).finally(() => clearTimeout(timer));
    const text = existsSync(report) ? await fs.readFile(report, 'utf8') : '';
    if (text) process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    else process.stdout.write(`(no report at ${report}; the test runner did not get far; see ${server.logFile})\n`);
    const count = (re) => Number(text.match(re)?.[1] ?? 0);
    const passed = count(/^passed: (\d+)$/m);
    let failed = count(/^failed: (\d+)$/m);
    if (exitCode !== 0 && failed === 0) failed = 1; // a crash before or outside Mocha still counts
    return { exitCode, passed, failed };
  } finally {
    await context.close();
    await server.stop();
    await fs.rm(ws, { recursive: true, force: true });
  }
}
