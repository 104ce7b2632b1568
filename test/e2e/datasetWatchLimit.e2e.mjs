// A watcher failure for real in the real workbench: this script re-runs itself in its own user
// namespace (`unshare -U -r`) whose inotify watch limit (/proc/sys/user/max_inotify_watches, per
// namespace) is lowered, so code-server, its extension host and the browser all live under it while
// the rest of the machine keeps its limit. A dataset folder needing more watches than that makes
// chokidar fail with ENOSPC: the warning names the fix, and its "Version Now" button still versions.
// Screenshot: test-results/e2e-dataset-watch-limit.png. Exit code 0 = all passed.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { demoWorkspace, e2eSession, mlops, openMlopsContainer } from './session.mjs';

/** Watches for the whole session: VS Code and the browser need far fewer, the dataset far more. */
const LIMIT = 300;
const FOLDERS = 2 * LIMIT;

if (process.env.MLOPS_E2E_WATCH_LIMIT !== String(LIMIT)) {
  const cmd = `echo ${LIMIT} > /proc/sys/user/max_inotify_watches && exec "$0" "$1"`;
  const r = spawnSync('unshare', ['--user', '--map-root-user', 'sh', '-c', cmd, process.execPath, fileURLToPath(import.meta.url)], {
    stdio: 'inherit',
    env: { ...process.env, MLOPS_E2E_WATCH_LIMIT: String(LIMIT) },
  });
  if (r.status === null || r.error) {
    console.log(`  FAIL could not start in a user namespace with a lowered inotify limit: ${r.error?.message ?? r.signal}\ne2e: 0 passed, 1 failed`);
    process.exit(1);
  }
  process.exit(r.status);
}

const workspace = await demoWorkspace('watch-limit');
mlops(workspace, 'data', 'version', 'train'); // the store the extension's watcher writes to
// A folder dataset of FOLDERS subfolders, one small file each.
for (let i = 0; i < FOLDERS; i++) {
  const dir = path.join(workspace, 'shards', `part-${String(i).padStart(4, '0')}`);
  await fs.mkdir(dir, { recursive: true });
  await fs.writeFile(path.join(dir, 'rows.csv'), `id,value\n${i},${i * 2}\n`);
}
// VS Code's own file watcher leaves the shards to ours (as a user's settings would for a big data folder).
await fs.mkdir(path.join(workspace, '.vscode'), { recursive: true });
await fs.writeFile(path.join(workspace, '.vscode', 'settings.json'), JSON.stringify({ 'files.watcherExclude': { '**/shards/**': true } }, null, 2));
const configFile = path.join(workspace, 'mlops.json');
const config = JSON.parse(await fs.readFile(configFile, 'utf8'));
config.datasets.shards = 'shards';
await fs.writeFile(configFile, JSON.stringify(config, null, 2));

await e2eSession('dataset-watch-limit', workspace, async ({ page, step, screenshot }) => {
  const warning = page.locator('.notification-toast', { hasText: 'Cannot watch dataset "shards"' });

  await step('the watcher hits the inotify limit: a warning with the sysctl fix and a Version Now button', async () => {
    await openMlopsContainer(page);
    await warning.waitFor({ state: 'visible', timeout: 60_000 });
    await warning.locator('.notification-list-item-message', { hasText: "the system's limit of file watches (inotify) is reached" }).waitFor({ state: 'visible' });
    await warning.locator('.notification-list-item-message', { hasText: 'echo fs.inotify.max_user_watches=524288 | sudo tee /etc/sysctl.d/60-mlops.conf && sudo sysctl --system' }).waitFor({ state: 'visible' });
    await screenshot('e2e-dataset-watch-limit.png');
  });

  await step('"Version Now" on the warning versions the dataset all the same', async () => {
    if (JSON.parse(mlops(workspace, 'data', 'versions', 'shards', '--json')).length) throw new Error('shards had a version before Version Now');
    await warning.locator('.monaco-button', { hasText: 'Version Now' }).click();
    await page.locator('.notification-toast', { hasText: 'shards v1' }).waitFor({ state: 'visible', timeout: 60_000 });
    const [v1] = JSON.parse(mlops(workspace, 'data', 'versions', 'shards', '--json'));
    if (v1?.version !== 1 || v1.source !== 'cli') throw new Error(`unexpected shards versions: ${mlops(workspace, 'data', 'versions', 'shards', '--json')}`);
    // Every one of the FOLDERS files is in the version's manifest.
    const status = JSON.parse(mlops(workspace, 'data', 'status', '--json')).filter((s) => s.dataset === 'shards');
    if (status.length !== 1 || status[0].state !== 'clean') throw new Error(`shards status: ${JSON.stringify(status)}`);
  });
});
