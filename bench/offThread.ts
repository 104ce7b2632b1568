// The calling thread while a big file is versioned and restored (in the extension, the thread that
// serves the UI): the event loop's busy time (performance.eventLoopUtilization().active) on the path
// the extension takes, against the same work done on the thread. Every figure is a lower-is-better
// ratio; the extension-host tests check only that the work went where it should.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { emptyConfig } from '../src/core/config/types';
import { checkoutVersion } from '../src/core/data/checkoutVersion';
import { listVersions } from '../src/core/data/datasetVersions';
import { snapshotMethod } from '../src/core/data/fileSnapshot';
import { statFile } from '../src/core/data/fileStat';
import { objectPath } from '../src/core/data/objectCache';
import { versionDataset } from '../src/core/data/versionDataset';
import { Store } from '../src/core/store/store';
import { figure, type Figure } from './harness';

const MB = 1 << 20;

function writeBig(file: string, mb: number, seed: number): void {
  const chunk = Buffer.alloc(MB);
  const fd = fs.openSync(file, 'w');
  for (let m = 0; m < mb; m++) {
    for (let i = 0; i < chunk.length; i += 4) chunk.writeUInt32LE(((i * 2654435761) ^ (m + seed * 65_537)) >>> 0, i);
    fs.writeSync(fd, chunk);
  }
  fs.closeSync(fd);
}

/** Busy and wall milliseconds of the event loop while `work` runs. */
async function loopBusy(work: () => unknown): Promise<{ busy: number; wall: number }> {
  const elu = performance.eventLoopUtilization();
  const t = performance.now();
  await work();
  return { busy: performance.eventLoopUtilization(elu).active, wall: performance.now() - t };
}

/** Both sides must take the same snapshot method: wait until the files are past the racy window. */
async function settled(...files: string[]): Promise<void> {
  while (files.some((f) => snapshotMethod(statFile(f), Date.now()) !== 'concurrent')) await new Promise((r) => setTimeout(r, 100));
}

const ms = (n: number) => `${Math.round(n).toLocaleString('en-US')} ms`;

export async function benchOffThread(workdir: string): Promise<Figure[]> {
  const mb = Number(process.env.MLOPS_BENCH_OFFTHREAD_MB ?? 256);
  const root = path.join(workdir, 'off-thread');
  fs.mkdirSync(root, { recursive: true });
  const file = (name: string) => path.join(root, name);
  writeBig(file('worker.bin'), mb, 1);
  writeBig(file('thread.bin'), mb, 2);
  writeBig(file('warm.bin'), 1, 4);
  const config = { ...emptyConfig(), datasets: { worker: { path: 'worker.bin' }, thread: { path: 'thread.bin' }, warm: { path: 'warm.bin' } } };
  const store = Store.open(root);
  try {
    await settled(file('worker.bin'), file('thread.bin'), file('warm.bin'));
    // Each path once on a small file first, so neither side pays for loading modules and statements.
    await versionDataset(store, root, config, 'warm', { offThreadBytes: 0 });
    writeBig(file('warm.bin'), 1, 5);
    await versionDataset(store, root, config, 'warm');
    // Version Now's path: offThreadBytes set, so the file is hashed on a worker; then core's default.
    const onWorker = await loopBusy(() => versionDataset(store, root, config, 'worker', { offThreadBytes: 0 }));
    const inThread = await loopBusy(() => versionDataset(store, root, config, 'thread'));
    if (listVersions(store, 'worker').length !== 1 || listVersions(store, 'thread').length !== 1) throw new Error('bench/offThread.ts: a versioning recorded no version');

    // Restore This Version: version 1 written back over other content (copy and fsync on libuv's
    // pool), against copying the same object with the synchronous calls on this thread.
    writeBig(file('worker.bin'), mb, 3);
    await versionDataset(store, root, config, 'worker', { offThreadBytes: 0 });
    const v1 = listVersions(store, 'worker').find((v) => v.version === 1)!;
    const restore = await loopBusy(() => checkoutVersion(store, root, config, v1, { offThreadBytes: 0 }));
    const copy = path.join(root, 'sync-copy.tmp');
    const syncCopy = await loopBusy(() => {
      fs.copyFileSync(objectPath(root, v1.hash), copy, fs.constants.COPYFILE_FICLONE);
      const fd = fs.openSync(copy, 'r');
      fs.fsyncSync(fd);
      fs.closeSync(fd);
    });
    fs.rmSync(copy);
    return [
      figure({
        name: `event-loop busy time versioning a settled ${mb} MB file on a worker thread (Version Now's path; wall ${ms(onWorker.wall)})`,
        unit: 'ms',
        value: onWorker.busy,
        baselineName: `the same versioning on the calling thread (wall ${ms(inThread.wall)})`,
        baseline: inThread.busy,
        goal: 'far below 1x',
      }),
      figure({
        name: `event-loop busy time restoring a ${mb} MB version (Restore This Version's path; wall ${ms(restore.wall)})`,
        unit: 'ms',
        value: restore.busy,
        baselineName: `fs.copyFileSync + fsync of the same object on the calling thread (wall ${ms(syncCopy.wall)})`,
        baseline: syncCopy.busy,
        goal: 'far below 1x',
      }),
    ];
  } finally {
    store.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
}
