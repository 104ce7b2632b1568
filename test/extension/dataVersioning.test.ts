// Big-file versioning in the real extension host: Version Now hashes a ~300 MB file on a worker
// thread, so the extension host's event loop stays free; the same file versioned in-thread (core
// called directly from here) is the baseline, measured in the same test.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { loadConfig } from '../../src/core/config/loadConfig';
import { listVersions } from '../../src/core/data/datasetVersions';
import { versionDataset } from '../../src/core/data/versionDataset';
import { Store } from '../../src/core/store/store';
import { activateExtension, waitFor, workspaceUri } from './support';

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

/** How the event loop fared while `work` ran: its busy time and the longest a 10 ms timer waited. */
async function loopLag(work: () => PromiseLike<unknown>): Promise<{ busyMs: number; maxGapMs: number; ms: number }> {
  let last = performance.now();
  let maxGapMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    maxGapMs = Math.max(maxGapMs, now - last);
    last = now;
  }, 10);
  const elu = performance.eventLoopUtilization();
  const started = performance.now();
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  return { busyMs: performance.eventLoopUtilization(elu).active, maxGapMs, ms: performance.now() - started };
}

suite('data versioning of big files', () => {
  let store: Store;
  const root = () => workspaceUri().fsPath;
  const files = { inThread: 'data/big-in-thread.bin', onWorker: 'data/big-on-worker.bin' };
  const hashes: Record<string, string> = {};

  suiteSetup(async function () {
    this.timeout(120_000);
    await activateExtension();
    fs.mkdirSync(path.join(root(), 'data'), { recursive: true });
    hashes.inThread = writeBig(path.join(root(), files.inThread), 304, 1);
    hashes.onWorker = writeBig(path.join(root(), files.onWorker), 304, 2);
    const configFile = path.join(root(), 'mlops.json');
    const config = JSON.parse(fs.readFileSync(configFile, 'utf8')) as { datasets?: Record<string, unknown> };
    // Not watched: only the versionings this test starts read them.
    config.datasets = { ...config.datasets, bigInThread: { path: files.inThread, watch: false }, bigOnWorker: { path: files.onWorker, watch: false } };
    fs.writeFileSync(configFile, JSON.stringify(config, null, 2));
    store = Store.open(root());
  });
  suiteTeardown(() => {
    store?.close();
    for (const f of Object.values(files)) fs.rmSync(path.join(root(), f), { force: true });
  });

  test('Version Now hashes a 300 MB file on a worker: the extension host\'s event loop stays free', async function () {
    this.timeout(240_000);
    // The extension reloads mlops.json on its own schedule: until it knows bigOnWorker, Version Now
    // fails at once without reading anything; the attempt that versions the file is the one measured.
    const onWorker = await waitFor(
      'Version Now to version bigOnWorker',
      async () => {
        const lag = await loopLag(() => vscode.commands.executeCommand('mlops.versionNow', 'bigOnWorker'));
        if (listVersions(store, 'bigOnWorker').length) return lag;
        await new Promise((r) => setTimeout(r, 500));
        return undefined;
      },
      120_000,
    );
    assert.equal(listVersions(store, 'bigOnWorker')[0].hash, hashes.onWorker);
    // Baseline: the same work on this thread (core's versioning without offThreadBytes).
    const inThread = await loopLag(() => versionDataset(store, root(), loadConfig(root()).config, 'bigInThread'));
    assert.equal(listVersions(store, 'bigInThread')[0].hash, hashes.inThread);
    const fmt = (l: typeof inThread) => `busy ${l.busyMs.toFixed(0)} ms of ${l.ms.toFixed(0)} ms, longest timer gap ${l.maxGapMs.toFixed(0)} ms`;
    // The figures, for the record (the report only says pass or fail).
    const figures = path.resolve(__dirname, '../../../test-results/exthost-big-file-lag.txt');
    fs.mkdirSync(path.dirname(figures), { recursive: true });
    fs.writeFileSync(figures, `304 MB versioned in the extension host\nin-thread: ${fmt(inThread)}\non the worker (Version Now): ${fmt(onWorker)}\n`);
    // Busy time: what the extension host's thread spent on the versioning instead of the UI. In the
    // thread it is the SHA-256 alone (the kernel copies off-thread either way): about 5x the worker
    // path's fixed cost (command, progress, store) here, so 3x leaves room for a busy neighbour.
    assert.ok(onWorker.busyMs * 3 < inThread.busyMs, `on the worker the thread is busy far less: ${fmt(onWorker)} vs ${fmt(inThread)}`);
    // The longest timer gap is written to the figures file, not asserted: one GC pause or a busy
    // neighbour on this shared machine decides it, while the busy time above is the work itself.
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
