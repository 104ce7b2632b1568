// Runs in its own process (bench/data.ts spawns it) so its async work and peak memory are its own.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { emptyConfig } from '../src/core/config/types';
import { snapshotFile } from '../src/core/data/fileSnapshot';
import { versionDataset } from '../src/core/data/versionDataset';
import { Store } from '../src/core/store/store';

const workdir = process.argv[2];
const bigMb = Number(process.env.MLOPS_BENCH_DATA_MB ?? 1024);
const smallFiles = Number(process.env.MLOPS_BENCH_DATA_FILES ?? 10_000);

function writeBig(file: string, mb: number): void {
  const chunk = Buffer.alloc(1 << 20);
  const fd = fs.openSync(file, 'w');
  for (let m = 0; m < mb; m++) {
    for (let i = 0; i < chunk.length; i += 4) chunk.writeUInt32LE((i * 2654435761 + m) >>> 0, i);
    fs.writeSync(fd, chunk);
  }
  fs.closeSync(fd);
}

async function rawSha256(file: string): Promise<number> {
  const t = process.hrtime.bigint();
  const h = createHash('sha256');
  for await (const c of fs.createReadStream(file, { highWaterMark: 1 << 20 })) h.update(c as Buffer);
  h.digest('hex');
  return Number(process.hrtime.bigint() - t) / 1e9;
}

async function main() {
  const root = path.join(workdir, 'data');
  fs.mkdirSync(root, { recursive: true });
  const store = Store.open(root);
  const big = path.join(root, 'big.bin');
  writeBig(big, bigMb);
  // Alternate so neither side always gets the warmer page cache; best of two each.
  const raw: number[] = [];
  const ours: number[] = [];
  for (let round = 0; round < 2; round++) {
    raw.push(await rawSha256(big));
    fs.rmSync(path.join(root, '.mlops', 'objects'), { recursive: true, force: true });
    const t = process.hrtime.bigint();
    await snapshotFile(root, big, { store });
    ours.push(Number(process.hrtime.bigint() - t) / 1e9);
  }
  fs.rmSync(big);
  fs.rmSync(path.join(root, '.mlops', 'objects'), { recursive: true, force: true });

  // 10k small tracked files, older than the stat cache's racy window, versioned once, then rescanned.
  const dir = path.join(root, 'many');
  fs.mkdirSync(dir);
  const old = Date.now() / 1000 - 3600;
  for (let i = 0; i < smallFiles; i++) {
    const f = path.join(dir, `f${String(i).padStart(5, '0')}.csv`);
    fs.writeFileSync(f, `id,value\n${i},${i * 7}\n`);
    fs.utimesSync(f, old, old);
  }
  const config = { ...emptyConfig(), datasets: { many: { path: 'many/*.csv' } } };
  await versionDataset(store, root, config, 'many');
  const t = process.hrtime.bigint();
  const rescan = await versionDataset(store, root, config, 'many');
  const rescanS = Number(process.hrtime.bigint() - t) / 1e9;
  const t2 = process.hrtime.bigint();
  for (const f of fs.readdirSync(dir)) fs.statSync(path.join(dir, f), { bigint: true });
  const statS = Number(process.hrtime.bigint() - t2) / 1e9;
  store.close();
  process.stdout.write(
    JSON.stringify({
      bigMb,
      rawMBps: bigMb / Math.min(...raw),
      oursMBps: bigMb / Math.min(...ours),
      files: smallFiles,
      rescanFilesPerS: smallFiles / rescanS,
      statFilesPerS: smallFiles / statS,
      rescanBytesRead: rescan.bytesRead,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
    }),
  );
}

void main();
