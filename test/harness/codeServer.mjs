// Starts an isolated code-server (VS Code 1.100.3 in the browser) for one test run.
import { execFile, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ensureCodeServer } from './provision.mjs';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const resultsDir = path.join(repoRoot, 'test-results');

// Port 0 makes the OS pick a free port; it is released right away and handed to code-server.
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function waitForHealthz(url, child, logFile, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode} before it was ready; see ${logFile}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`code-server did not answer ${url}/healthz within ${timeoutMs} ms; see ${logFile}`);
}

/**
 * Starts code-server on `workspace`. With `vsix`, that package is installed into the throwaway
 * extensions folder first (`--install-extension`), as a user installs it: the workbench then runs
 * the installed copy, not the development folder.
 */
export async function startCodeServer({ workspace, trust = false, settings = {}, name = 'code-server', vsix }) {
  const bin = await ensureCodeServer();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const home = await fs.mkdtemp(path.join(os.tmpdir(), 'mlops-cs-'));
  const userDataDir = path.join(home, 'user-data');
  const extensionsDir = path.join(home, 'extensions');
  await fs.mkdir(path.join(userDataDir, 'User'), { recursive: true });
  await fs.mkdir(extensionsDir, { recursive: true });
  await fs.writeFile(
    path.join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ 'workbench.startupEditor': 'none', ...settings }, null, 2),
  );

  await fs.mkdir(resultsDir, { recursive: true });
  const logFile = path.join(resultsDir, `${name}-${port}.log`);
  const logStream = createWriteStream(logFile);
  const args = [
    '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check',
    '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir,
    ...(trust ? [] : ['--disable-workspace-trust']),
    workspace,
  ];
  // code-server writes to ~/.config and ~/.local/share even for --version; keep it in the throwaway home.
  const env = {
    ...process.env,
    XDG_CONFIG_HOME: path.join(home, 'config'),
    XDG_DATA_HOME: path.join(home, 'data'),
    EXTENSIONS_GALLERY: '{}',
  };
  if (vsix) {
    try {
      const cli = (...more) => promisify(execFile)(bin, ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, ...more], { env, maxBuffer: 16 << 20 });
      await cli('--install-extension', vsix);
      const { stdout } = await cli('--list-extensions', '--show-versions');
      if (!/^mlops-workbench\.mlops-workbench@/m.test(stdout)) throw new Error(`the extension is not listed as installed:\n${stdout}`);
    } catch (err) {
      await fs.rm(home, { recursive: true, force: true }).catch(() => {});
      throw new Error(`code-server --install-extension ${vsix} failed:\n${err.stderr || err.message}`);
    }
  }
  const child = spawn(bin, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.pipe(logStream, { end: false });
  child.stderr.pipe(logStream, { end: false });
  const exited = new Promise((resolve) => child.once('exit', resolve));

  async function stop() {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    logStream.end();
    await fs.rm(home, { recursive: true, force: true }).catch(() => {});
  }

  try {
    await waitForHealthz(url, child, logFile);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    url,
    port,
    home,
    extensionsDir,
    logFile,
    // Opens `workspace` plus any extra query parameters (e.g. { payload: '...' }).
    folderUrl(extra = {}) {
      const q = new URLSearchParams({ folder: workspace, ...extra });
      return `${url}/?${q}`;
    },
    stop,
  };
}
