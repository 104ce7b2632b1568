// Big-file versioning in the real extension host: Version Now hashes a ~300 MB file on a worker
// thread, so the extension host's event loop stays free (how free is a figure of `npm run bench`:
// bench/offThread.ts), and Restore This Version writes a big version back whole.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { listVersions } from '../../src/core/data/datasetVersions';
import { Store } from '../../src/core/store/store';
import { activateExtension, countingWorkers, waitFor, workspaceUri, type WorkbenchApi } from './support';

const MB = 1 << 20;

/** `mb` MB of non-repeating bytes, written in 16 MB pieces; returns the file's SHA-256. */
function writeBig(file: string, mb: number, seed: number): string {
  const hash = createHash('sha256');
  const fd = fs.openSync(file, 'w');
  const piece = Buffer.alloc(16 * MB);
  for (let p = 0; p < mb / 16; p++) {
    for (let i = 0; i < piece.length; i += 4) piece.writeUInt32LE((((p * piece.length + i) * 2654435761) ^ seed) >>> 0, i);
    hash.update(piece);
    fs.writeSync(fd, piece);
  }
  fs.closeSync(fd);
  return hash.digest('hex');
}

suite('data versioning of big files', () => {
  let api: WorkbenchApi;
  let store: Store;
  const root = () => workspaceUri().fsPath;
  const files = { onWorker: 'data/big-on-worker.bin' };
  const hashes: Record<string, string> = {};

  suiteSetup(async function () {
    this.timeout(120_000);
    api = await activateExtension();
    fs.mkdirSync(path.join(root(), 'data'), { recursive: true });
    hashes.onWorker = writeBig(path.join(root(), files.onWorker), 304, 2);
    const configFile = path.join(root(), 'mlops.json');
    const config = JSON.parse(fs.readFileSync(configFile, 'utf8')) as { datasets?: Record<string, unknown> };
    // Not watched: only the versionings this test starts read it.
    config.datasets = { ...config.datasets, bigOnWorker: { path: files.onWorker, watch: false } };
    fs.writeFileSync(configFile, JSON.stringify(config, null, 2));
    store = Store.open(root());
  });
  suiteTeardown(() => {
    store?.close();
    for (const f of Object.values(files)) fs.rmSync(path.join(root(), f), { force: true });
  });

  test('Version Now hashes a 300 MB file on a worker thread, not the extension host\'s', async function () {
    this.timeout(240_000);
    // The extension reloads mlops.json on its own schedule: the Datasets view lists bigOnWorker once it has.
    await waitFor('the extension to load bigOnWorker from mlops.json', () => api.datasetRows().some((r) => r.id === 'dataset:bigOnWorker'), 30_000);
    const { workers } = await countingWorkers(() => vscode.commands.executeCommand('mlops.versionNow', 'bigOnWorker'));
    assert.equal(listVersions(store, 'bigOnWorker')[0]?.hash, hashes.onWorker);
    assert.ok(workers >= 1, 'Version Now started a worker thread');
  });

  test('Restore This Version of a 300 MB file saves the current content first, then writes the old one back byte-identical', async function () {
    this.timeout(180_000);
    const abs = path.join(root(), files.onWorker);
    const [v1] = listVersions(store, 'bigOnWorker');
    assert.equal(v1?.hash, hashes.onWorker, 'the previous test versioned it');
    const edited = writeBig(abs, 304, 3);
    await vscode.commands.executeCommand('mlops.restoreVersion', { versionId: v1.id });
    assert.equal(await fileSha(abs), hashes.onWorker);
    const after = listVersions(store, 'bigOnWorker');
    assert.deepEqual(
      after.map((v) => [v.version, v.source, v.hash]),
      [
        [3, 'restore', hashes.onWorker],
        [2, 'restore', edited],
        [1, 'cli', hashes.onWorker],
      ],
    );
    const saved = path.join(root(), '.mlops', 'objects', edited.slice(0, 2), edited.slice(2));
    assert.equal(await fileSha(saved), edited, 'the replaced content is in the cache, whole');
  });
});

async function fileSha(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 4 * MB })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
