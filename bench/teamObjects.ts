// The objects half of the team figures (bench/team.ts): pushing 1 GB of objects to a folder remote
// against a plain copy of the same files. MLOPS_BENCH_TEAM_MB sets the size for a quick run.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadConfig } from '../src/core/config/loadConfig';
import { objectPath } from '../src/core/data/objectCache';
import { versionDataset } from '../src/core/data/versionDataset';
import { neededObjects } from '../src/core/remote/neededObjects';
import { resolveRemote } from '../src/core/remote/openRemote';
import { pushObjects } from '../src/core/remote/pushObjects';
import { Store } from '../src/core/store/store';
import { figure, type Figure } from './harness';
import { plainCopy } from './teamBaselines';

const OBJECT_MB = Number(process.env.MLOPS_BENCH_TEAM_MB ?? 1024);
const OBJECT_FILES = 16;

const elapsedMs = (t: bigint) => Number(process.hrtime.bigint() - t) / 1e6;

/**
 * 1 GB of objects (OBJECT_FILES files of a folder dataset, versioned by the store's own code) pushed
 * to a folder remote, against copying the same object files into a plain folder. Two alternating
 * rounds, best of each, so a noisy neighbour on the shared machine slows one round, not the figure.
 */
export async function benchTeamObjects(workdir: string): Promise<Figure> {
  const root = path.join(workdir, 'team-objects');
  const dataDir = path.join(root, 'data', 'blobs');
  fs.mkdirSync(dataDir, { recursive: true });
  const fileBytes = Math.floor((OBJECT_MB << 20) / OBJECT_FILES);
  // Distinct content per file without the cost of randomBytes for all of it: a random 1 MB block
  // repeated, each copy stamped with the file and block number.
  const block = Buffer.alloc(1 << 20);
  for (let i = 0; i < block.length; i += 4) block.writeUInt32LE((Math.random() * 2 ** 32) >>> 0, i);
  for (let f = 0; f < OBJECT_FILES; f++) {
    const fd = fs.openSync(path.join(dataDir, `part-${f}.bin`), 'w');
    for (let written = 0, b = 0; written < fileBytes; b++) {
      block.writeUInt32LE(f, 0);
      block.writeUInt32LE(b, 4);
      const n = Math.min(block.length, fileBytes - written);
      fs.writeSync(fd, block, 0, n);
      written += n;
    }
    fs.closeSync(fd);
  }
  fs.writeFileSync(path.join(root, 'mlops.json'), JSON.stringify({ datasets: { blobs: { path: 'data/blobs' } } }) + '\n');
  const store = Store.open(root);
  try {
    await versionDataset(store, root, loadConfig(root).config, 'blobs');
    fs.rmSync(dataDir, { recursive: true, force: true }); // the objects are what moves; the workspace copy is room
    const hashes = neededObjects(store);
    const bytes = [...hashes.values()].reduce((a, b) => a + b, 0);
    const files = [...hashes.keys()].map((h) => objectPath(root, h));
    let ours = Infinity;
    let plain = Infinity;
    const copyRound = (round: number) => {
      const copyDir = path.join(workdir, `team-plain-${round}`);
      plain = Math.min(plain, plainCopy(files, copyDir));
      fs.rmSync(copyDir, { recursive: true, force: true });
    };
    const pushRound = async (round: number) => {
      const remoteDir = path.join(workdir, `team-remote-${round}`);
      fs.mkdirSync(remoteDir);
      const config = { ...loadConfig(root).config, remotes: { bench: { url: remoteDir } } };
      const remote = resolveRemote(root, config, 'bench');
      try {
        const t = process.hrtime.bigint();
        const report = await pushObjects(store, root, remote, hashes, {});
        ours = Math.min(ours, elapsedMs(t));
        if (report.transferred !== hashes.size || report.failed.length) throw new Error(`pushed ${report.transferred} of ${hashes.size} objects (${report.failed.length} failed)`);
      } finally {
        remote.close();
      }
      fs.rmSync(remoteDir, { recursive: true, force: true });
    };
    // The plain copy first in the first round, the push first in the second.
    copyRound(0);
    await pushRound(0);
    await pushRound(1);
    copyRound(1);
    const mb = bytes / (1 << 20);
    return figure({
      name: `push ${Math.round(mb).toLocaleString('en-US')} MB of objects (${hashes.size} files) to a folder remote`,
      unit: 'MB/s',
      value: mb / (ours / 1000),
      baselineName: 'fs.copyFile of the same object files into a plain folder, one after another',
      baseline: mb / (plain / 1000),
      goal: '>= 0.8x',
    });
  } finally {
    store.close();
  }
}
