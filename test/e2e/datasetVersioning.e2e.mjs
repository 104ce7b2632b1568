// Dataset versions in the real workbench, the long and the destructive paths: Delete Version on a
// version node, confirmed in the modal, removes it from the tree, the store and the cache; Version Now
// on a 1 GB file shows a progress notification counting MB whose Cancel leaves nothing behind (no
// version, no object, no temp file) and a later Version Now succeeds; the watcher's own notification
// for a rewritten 1 GB file cancels the same way. Screenshots: test-results/e2e-dataset-*.png.
// Exit code 0 = all passed.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { datasetRow, contextMenu, showDatasetVersions } from './datasetsView.mjs';
import { demoWorkspace, e2eSession, mlops } from './session.mjs';

const workspace = await demoWorkspace('dataset-versioning');
const objectsDir = path.join(workspace, '.mlops', 'objects');
const trainFile = path.join(workspace, 'data', 'train.csv');
const bigFile = path.join(workspace, 'data', 'big.bin');
const versions = (name) => JSON.parse(mlops(workspace, 'data', 'versions', name, '--json'));
/** Every object file's hash (the tmp folder aside). */
const objectHashes = () =>
  existsSync(objectsDir)
    ? readdirSync(objectsDir, { recursive: true })
        .map(String)
        .filter((f) => /^[0-9a-f]{2}[\\/][0-9a-f]{62}$/.test(f))
        .map((f) => f.replace(/[\\/]/, ''))
        .sort()
    : [];
const tempFiles = () => (existsSync(path.join(objectsDir, 'tmp')) ? readdirSync(path.join(objectsDir, 'tmp')) : []);

async function until(what, probe, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

// train v1 and v2 from the CLI (this also creates the store the extension writes to).
mlops(workspace, 'data', 'version', 'train');
const lines = (await fs.readFile(trainFile, 'utf8')).trimEnd().split('\n');
await fs.writeFile(trainFile, lines.slice(0, -1).join('\n') + '\n');
mlops(workspace, 'data', 'version', 'train');
const [trainV2, trainV1] = versions('train');

/** Writes 1 GB of non-repeating bytes (pattern `seed`) to data/big.bin; returns its SHA-256. */
async function writeBig(seed) {
  const hash = createHash('sha256');
  const fh = await fs.open(bigFile, 'w');
  const piece = Buffer.alloc(16 << 20);
  for (let p = 0; p < 64; p++) {
    for (let i = 0; i < piece.length; i += 4) piece.writeUInt32LE((((p * piece.length + i) * 2654435761) ^ seed) >>> 0, i);
    hash.update(piece);
    await fh.write(piece);
  }
  await fh.close();
  return hash.digest('hex');
}

// A 1 GB dataset, declared and written before the workbench opens (so the watcher has nothing to do).
const bigSha = await writeBig(7);
const configFile = path.join(workspace, 'mlops.json');
const config = JSON.parse(await fs.readFile(configFile, 'utf8'));
config.datasets.big = 'data/big.bin';
await fs.writeFile(configFile, JSON.stringify(config, null, 2));

await e2eSession('dataset-versioning', workspace, async ({ page, step, screenshot }) => {
  await step('the Datasets view lists train with v2 and v1', async () => {
    await showDatasetVersions(page, 'train', ['v1', 'v2']);
  });

  await step('"Delete Version" on v1, confirmed in the modal, removes v1 from the tree, the store and the cache', async () => {
    if (trainV1.version !== 1 || trainV2.version !== 2 || trainV1.hash === trainV2.hash) throw new Error(`unexpected train versions: ${JSON.stringify(versions('train'))}`);
    if (!objectHashes().includes(trainV1.hash)) throw new Error('v1\'s object is not in the cache before the delete');
    await contextMenu(page, datasetRow(page, /^v1$/), 'Delete Version');
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: 10_000 });
    await dialog.locator('.dialog-message-text', { hasText: 'Delete train v1' }).waitFor({ state: 'visible' });
    await screenshot('e2e-dataset-delete-confirm.png');
    await dialog.locator('.monaco-button', { hasText: /^Delete$/ }).click();
    await datasetRow(page, /^v1$/).waitFor({ state: 'detached', timeout: 15_000 });
    await datasetRow(page, /^v2$/).waitFor({ state: 'visible' });
    const left = versions('train');
    if (left.length !== 1 || left[0].version !== 2) throw new Error(`after the delete the store lists: ${JSON.stringify(left)}`);
    // Nothing else referred to v1's content, so its object went with it: gc has nothing left to find.
    if (objectHashes().includes(trainV1.hash)) throw new Error('v1\'s object is still in .mlops/objects');
    if (!objectHashes().includes(trainV2.hash)) throw new Error('v2\'s object went too');
    const gc = mlops(workspace, 'data', 'gc', '--dry-run');
    if (gc.includes(trainV1.hash) || !/Would remove 0 unreferenced objects/.test(gc)) throw new Error(`gc --dry-run found leftovers:\n${gc}`);
  });

  await step('Version Now on the 1 GB dataset shows a notification counting MB; Cancel leaves no version, object or temp file', async () => {
    const objectsBefore = objectHashes();
    await datasetRow(page, /^big$/).waitFor({ state: 'visible', timeout: 15_000 });
    await contextMenu(page, datasetRow(page, /^big$/), 'Version Now');
    const toast = page.locator('.notification-toast', { hasText: 'MLOps: versioning big' });
    await toast.locator('.notification-list-item-message', { hasText: /\d+ of 1024 MB/ }).waitFor({ state: 'visible', timeout: 30_000 });
    await screenshot('e2e-dataset-progress.png');
    await toast.locator('.monaco-button', { hasText: 'Cancel' }).click();
    await page.locator('.notification-toast', { hasText: 'versioning big cancelled' }).waitFor({ state: 'visible', timeout: 30_000 });
    if (versions('big').length) throw new Error(`a version was recorded: ${JSON.stringify(versions('big'))}`);
    await until('the temp file to be gone', () => tempFiles().length === 0, 10_000);
    const added = objectHashes().filter((h) => !objectsBefore.includes(h));
    if (added.length) throw new Error(`objects added by the cancelled versioning: ${added.join(', ')}`);
    if (objectHashes().includes(bigSha)) throw new Error('the 1 GB file\'s object exists');
  });

  await step('a later Version Now versions the 1 GB file: v1 in the tree, its object byte-identical', async () => {
    await page.locator('.notification-toast', { hasText: 'versioning big cancelled' }).locator('.codicon-notifications-clear').click().catch(() => {});
    await contextMenu(page, datasetRow(page, /^big$/), 'Version Now');
    // A tree redraw under the menu runs the command without its node: it then asks which dataset.
    const picker = page.locator('.quick-input-widget', { hasText: 'Version which dataset?' });
    if (await picker.waitFor({ state: 'visible', timeout: 3_000 }).then(() => true, () => false)) await picker.getByRole('option', { name: 'big', exact: true }).click();
    await page.locator('.notification-toast', { hasText: 'big.bin v1' }).waitFor({ state: 'visible', timeout: 120_000 });
    const [v1] = versions('big');
    if (v1?.hash !== bigSha) throw new Error(`big v1 is ${JSON.stringify(v1)}, expected hash ${bigSha}`);
    if (!objectHashes().includes(bigSha) || tempFiles().length) throw new Error('the object is missing or a temp file is left');
    await datasetRow(page, /^big$/).click();
    await datasetRow(page, /^v1$/).waitFor({ state: 'visible', timeout: 15_000 });
    await screenshot('e2e-dataset-versioned.png');
  });

  await step('the watcher versions a rewritten 1 GB file with its own notification; Cancel there leaves nothing either', async () => {
    const objectsBefore = objectHashes();
    const newSha = await writeBig(8);
    // Titled by the file (Version Now's is titled by the dataset); it appears once the file proves big.
    const toast = page.locator('.notification-toast', { hasText: 'MLOps: versioning data/big.bin' });
    await toast.locator('.notification-list-item-message', { hasText: /\d+ of 1024 MB/ }).waitFor({ state: 'visible', timeout: 60_000 });
    await screenshot('e2e-dataset-watch-progress.png');
    await toast.locator('.monaco-button', { hasText: 'Cancel' }).click();
    await toast.waitFor({ state: 'detached', timeout: 15_000 });
    // The worker removes its temp file before the cancel settles: once it is gone the versioning is over.
    await until('the temp file to be gone', () => tempFiles().length === 0, 10_000);
    if (versions('big').length !== 1) throw new Error(`the cancelled watcher versioning recorded: ${JSON.stringify(versions('big'))}`);
    const added = objectHashes().filter((h) => !objectsBefore.includes(h));
    if (added.length || objectHashes().includes(newSha)) throw new Error(`objects added by the cancelled versioning: ${added.join(', ')}`);
  });
});
