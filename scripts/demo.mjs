// `npm run demo`: builds the extension, prepares a working copy of examples/demo-workspace, and
// serves a real VS Code (code-server) with MLOps Workbench installed on 127.0.0.1 until Ctrl+C.
// Flag: --fresh starts from a clean copy of the example.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startCodeServer, repoRoot } from '../test/harness/codeServer.mjs';
import { cacheDir } from '../test/harness/provision.mjs';

const fresh = process.argv.includes('--fresh');

execFileSync(process.execPath, [path.join(repoRoot, 'esbuild.js')], { stdio: 'inherit', cwd: repoRoot });

// A working copy, so what the demo records (.mlops/, model.json) never lands in the repository.
const example = path.join(repoRoot, 'examples', 'demo-workspace');
const workspace = path.join(cacheDir(), 'demo-workspace');
if (fresh) fs.rmSync(workspace, { recursive: true, force: true });
if (!fs.existsSync(workspace)) {
  fs.cpSync(example, workspace, { recursive: true });
  // The data is committed; regenerating it proves the generator still gives the same bytes.
  execFileSync('python3', ['data/generate.py'], { cwd: workspace, stdio: 'inherit' });
  // A repository, so runs record their commit and Compare Code has something to show.
  const git = (...args) => execFileSync('git', args, { cwd: workspace, stdio: 'ignore' });
  git('init', '-q');
  git('add', '-A');
  git('-c', 'user.name=MLOps demo', '-c', 'user.email=demo@localhost', 'commit', '-qm', 'Demo workspace');
  // A few real runs and a sweep, recorded by the CLI exactly as a user's would be.
  const mlops = (...args) => execFileSync(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), ...args], { cwd: workspace, stdio: 'inherit' });
  mlops('run', 'train', '--name', 'baseline');
  mlops('run', 'train', '--param', 'lr=0.2', '--param', 'epochs=15', '--name', 'fast-lr');
  mlops('sweep', 'train');
}

const server = await startCodeServer({ workspace, name: 'demo' });
// Installed the way a user's extension is: a folder named publisher.name-version in the extensions dir.
const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
fs.symlinkSync(repoRoot, path.join(server.extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`));

console.log(`\nMLOps Workbench demo: open ${server.folderUrl()}`);
console.log(`workspace: ${workspace}   (npm run demo -- --fresh starts over)`);
console.log('In a terminal there, `mlops doctor` works. Ctrl+C stops the server.\n');

const stop = async () => {
  await server.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
