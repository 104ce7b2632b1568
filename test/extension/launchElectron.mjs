// Runs the same extension-host suite in desktop VS Code via @vscode/test-electron. It downloads VS Code
// on first use, so it needs internet (offline CI uses test/harness/extensionHost.mjs instead).
// Usage: node esbuild.js && node test/extension/launchElectron.mjs [workspace]
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const source = process.argv[2] ?? path.join(repoRoot, 'examples', 'demo-workspace');
// The suite rewrites mlops.json, so it works on a throwaway copy (empty when the source is absent).
const workspace = await fs.mkdtemp(path.join(os.tmpdir(), 'mlops-electron-ws-'));
await fs.cp(source, workspace, { recursive: true }).catch(() => {});

try {
  await runTests({
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: path.join(repoRoot, 'out', 'test', 'extension', 'index'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
  });
  console.log('extension-host tests (electron) passed');
} catch (err) {
  console.error(`extension-host tests (electron) failed: ${err instanceof Error ? err.message : err}`);
  process.exitCode = 1;
} finally {
  await fs.rm(workspace, { recursive: true, force: true });
}
