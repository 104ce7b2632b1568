// Runs in its own process (bench/data.ts spawns it) so its async work and peak memory are its own.
// `dataWorker.ts DIR`: the 1 GB figures, where their time goes, and the rescan; `dataWorker.ts DIR
// peak`: only versioning one big file, so the process's peak RSS is that of versioning it.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { emptyConfig } from '../src/core/config/types';
import { snapshotFile, snapshotMethod, type SnapshotMethod } from '../src/core/data/fileSnapshot';
import { statFile } from '../src/core/data/fileStat';
import { versionDataset } from '../src/core/data/versionDataset';
import { Store } from '../src/core/store/store';

const workdir = process.argv[2];
const mode = process.argv[3] ?? 'figures';
const bigMb = Number(process.env.MLOPS_BENCH_DATA_MB ?? 1024);
const peakMb = Number(process.env.MLOPS_BENCH_DATA_PEAK_MB ?? 5120);
const smallFiles = Number(process.env.MLOPS_BENCH_DATA_FILES ?? 10_000);
const MB = 1 << 20;

function writeBig(file: string, mb: number): void {
  const chunk = Buffer.alloc(MB);
  const fd = fs.openSync(file, 'w');
  for (let m = 0; m < mb; m++) {
    for (let i = 0; i < chunk.length; i += 4) chunk.writeUInt32LE((i * 2654435761 + m) >>> 0, i);
    fs.writeSync(fd, chunk);
  }
  fs.closeSync(fd);
}

/** A file last changed more than the racy window ago (its ctime cannot be set back: wait it out). */
async function settled(file: string): Promise<void> {
  while (snapshotMethod(statFile(file), Date.now()) !== 'concurrent') await new Promise((r) => setTimeout(r, 100));
}

/** Versions `file` and checks which method ran: a figure must time what its name says. */
async function snapshotBy(method: SnapshotMethod, root: string, file: string, store: Store): Promise<void> {
  const snap = await snapshotFile(root, file, { store });
  if (snap.method !== method) throw new Error(`expected the ${method} snapshot of ${file}, got ${snap.method}`);
}

const seconds = (t: bigint) => Number(process.hrtime.bigint() - t) / 1e9;

async function timed(fn: () => unknown): Promise<number> {
  const t = process.hrtime.bigint();
  await fn();
  return seconds(t);
}

async function rawSha256(file: string): Promise<void> {
  const h = createHash('sha256');
  for await (const c of fs.createReadStream(file, { highWaterMark: MB })) h.update(c as Buffer);
  h.digest('hex');
}

async function readOnly(file: string): Promise<void> {
  for await (const c of fs.createReadStream(file, { highWaterMark: MB })) void c;
}

/** SHA-256 of `mb` MiB from memory: the hash's own rate, no I/O. */
function hashOnly(mb: number): void {
  const buf = Buffer.alloc(MB, 1);
  const h = createHash('sha256');
  for (let i = 0; i < mb; i++) h.update(buf);
  h.digest('hex');
}

/** fs.copyFile as the snapshot calls it (reflink, else copy_file_range), then fsync: [copy s, fsync s]. */
function copyOnly(file: string, tmp: string): [number, number] {
  const t = process.hrtime.bigint();
  fs.copyFileSync(file, tmp, fs.constants.COPYFILE_FICLONE);
  const copy = seconds(t);
  const t2 = process.hrtime.bigint();
  const fd = fs.openSync(tmp, 'r+');
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  const sync = seconds(t2);
  fs.rmSync(tmp);
  return [copy, sync];
}

/** An alternative evaluated (the first snapshot design): read, hash and write through JS buffers in
 * one pass, four writes in flight, fsync at the end. */
async function onePass(file: string, tmp: string): Promise<void> {
  const hash = createHash('sha256');
  const out = await fs.promises.open(tmp, 'wx', 0o600);
  const inFlight: Promise<unknown>[] = [];
  let seen = 0;
  for await (const chunk of fs.createReadStream(file, { highWaterMark: MB })) {
    const buf = chunk as Buffer;
    hash.update(buf);
    inFlight.push(out.write(buf, 0, buf.length, seen));
    if (inFlight.length >= 4) await inFlight.shift();
    seen += buf.length;
  }
  await Promise.all(inFlight);
  await out.sync();
  await out.close();
  hash.digest('hex');
  fs.rmSync(tmp);
}

async function figures() {
  const root = path.join(workdir, 'data');
  fs.mkdirSync(root, { recursive: true });
  const store = Store.open(root);
  const big = path.join(root, 'big.bin');
  const objects = path.join(root, '.mlops', 'objects');
  writeBig(big, bigMb);
  // The strict method's subject: the same bytes in a file touched just before each timing, as a file
  // still being written would be; `big` is left alone, so past the first wait it stays settled.
  const recent = path.join(root, 'recent.bin');
  fs.copyFileSync(big, recent);
  await settled(big);
  // This VM hands freed memory back to its host within seconds, and touching fresh memory then costs
  // ~2 ms/MB (a 1 GB copy at ~300-500 MB/s): timed once as such (cold), then each write-side timing
  // follows writing and removing 1 GB (warm), so the figures time the design, not the host's faults.
  const warm = () => {
    fs.copyFileSync(big, path.join(root, 'warm.tmp'));
    fs.rmSync(path.join(root, 'warm.tmp'));
  };
  await new Promise((r) => setTimeout(r, 5000));
  const cold = await timed(() => snapshotBy('concurrent', root, big, store));
  fs.rmSync(objects, { recursive: true, force: true });
  // Alternate so no side always gets the warmer page cache or the quieter disk; best of three each.
  const best = { raw: Infinity, ours: Infinity, strict: Infinity, read: Infinity, hash: Infinity, copy: Infinity, fsync: Infinity, onePass: Infinity };
  for (let round = 0; round < 3; round++) {
    best.raw = Math.min(best.raw, await timed(() => rawSha256(big)));
    warm();
    best.ours = Math.min(best.ours, await timed(() => snapshotBy('concurrent', root, big, store)));
    fs.rmSync(objects, { recursive: true, force: true });
    fs.utimesSync(recent, new Date(), new Date());
    best.strict = Math.min(best.strict, await timed(() => snapshotBy('strict', root, recent, store)));
    fs.rmSync(objects, { recursive: true, force: true });
    const [copy, sync] = copyOnly(big, path.join(root, 'copy.tmp'));
    best.copy = Math.min(best.copy, copy);
    best.fsync = Math.min(best.fsync, sync);
    best.onePass = Math.min(best.onePass, await timed(() => onePass(big, path.join(root, 'one-pass.tmp'))));
    best.read = Math.min(best.read, await timed(() => readOnly(big)));
    best.hash = Math.min(best.hash, await timed(() => hashOnly(bigMb)));
  }
  fs.rmSync(recent);
  fs.rmSync(big);

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
  const rescanS = seconds(t);
  const t2 = process.hrtime.bigint();
  for (const f of fs.readdirSync(dir)) fs.statSync(path.join(dir, f), { bigint: true });
  const statS = seconds(t2);
  store.close();
  const rate = (s: number) => bigMb / s;
  process.stdout.write(
    JSON.stringify({
      bigMb,
      rawMBps: rate(best.raw),
      oursMBps: rate(best.ours),
      oursColdMBps: rate(cold),
      readMBps: rate(best.read),
      hashMBps: rate(best.hash),
      copyMBps: rate(best.copy),
      fsyncS: best.fsync,
      strictMBps: rate(best.strict),
      // The concurrent method's floor: the slower of the copy and the hash (each alone, fsync hidden).
      copyOrHashMBps: rate(Math.max(best.copy, best.hash)),
      // The strict method's floor: the copy, then the hash (fsync hidden behind the hash).
      copyThenHashMBps: rate(best.copy + best.hash),
      onePassMBps: rate(best.onePass),
      files: smallFiles,
      rescanFilesPerS: smallFiles / rescanS,
      statFilesPerS: smallFiles / statS,
      rescanBytesRead: rescan.bytesRead,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
    }),
  );
}

/** Versions one `peakMb` file; peak RSS is measured before (the baseline) and after. */
async function peak() {
  const root = path.join(workdir, 'peak');
  fs.mkdirSync(root, { recursive: true });
  const big = path.join(root, 'big.bin');
  writeBig(big, peakMb);
  const store = Store.open(root);
  await settled(big);
  const before = process.resourceUsage().maxRSS / 1024;
  const s = await timed(() => snapshotBy('concurrent', root, big, store));
  const after = process.resourceUsage().maxRSS / 1024;
  store.close();
  fs.rmSync(root, { recursive: true, force: true });
  process.stdout.write(JSON.stringify({ peakMb, beforeRssMb: before, peakRssMb: after, MBps: peakMb / s }));
}

void (mode === 'peak' ? peak() : figures());
