// A real, small, fillable file system for full-disk tests: a tmpfs of a few MB, or a loop-mounted
// ext4 image where tmpfs cannot be mounted. Needs root (CI's containers and this project's test
// machine run as root); elsewhere the caller skips with the reason given.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface SmallDisk {
  dir: string;
  /** Writes zeros to `name` on the disk until it is full; returns the file's path. */
  fill(name?: string): string;
  unmount(): void;
}

function run(cmd: string, args: string[]): string | undefined {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error) return r.error.message;
  return r.status === 0 ? undefined : (r.stderr || r.stdout || `${cmd} exited ${r.status}`).trim();
}

/** Mounts a file system of `mb` MB; a string says why none could be mounted (the test skips with it). */
export function mountSmallDisk(mb: number): SmallDisk | string {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-small-disk-'));
  const dir = path.join(base, 'mnt');
  fs.mkdirSync(dir);
  const cleanup: (() => void)[] = [() => fs.rmSync(base, { recursive: true, force: true })];
  let why = run('mount', ['-t', 'tmpfs', '-o', `size=${mb}m`, 'tmpfs', dir]);
  if (why) {
    const img = path.join(base, 'disk.img');
    fs.writeFileSync(img, '');
    fs.truncateSync(img, mb << 20);
    const loop = run('mkfs.ext4', ['-q', img]) ?? run('mount', ['-o', 'loop', img, dir]);
    if (loop) {
      for (const c of cleanup) c();
      return `no small file system to fill: tmpfs (${why}) and a loop-mounted ext4 image (${loop}) both need root and mount`;
    }
    why = undefined;
  }
  let mounted = true;
  return {
    dir,
    fill(name = 'filler') {
      const file = path.join(dir, name);
      const fd = fs.openSync(file, 'a');
      const zeros = Buffer.alloc(64 << 10);
      try {
        for (;;) fs.writeSync(fd, zeros);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
      } finally {
        fs.closeSync(fd);
      }
      // The last partial chunk may have left a few bytes: take them too.
      try {
        for (;;) fs.appendFileSync(file, Buffer.alloc(512));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
      }
      return file;
    },
    unmount() {
      if (!mounted) return;
      mounted = false;
      const err = run('umount', [dir]) && run('umount', ['-l', dir]);
      for (const c of cleanup) c();
      if (err) throw new Error(`could not unmount ${dir}: ${err}`);
    },
  };
}
