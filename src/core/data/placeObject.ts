import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CacheConfig } from '../config/types';
import { objectPath } from './objectCache';

export type LinkMode = NonNullable<CacheConfig['link']>;

/**
 * Writes object `hash` to `dest` atomically: a temp file beside it, renamed over it, so `dest` is
 * the old content or the new, never half of either. reflink (copy-on-write, else a copy), copy, or
 * hardlink (no extra space; the file is the read-only object itself). `mode` applies to copies.
 */
export function placeObject(workspaceRoot: string, hash: string, dest: string, link: LinkMode = 'reflink', mode = 0o644): void {
  const source = objectPath(workspaceRoot, hash);
  if (!fs.existsSync(source)) {
    throw new Error(`The object ${hash.slice(0, 12)} for ${dest} is missing from .mlops/objects (removed, or quarantined by \`mlops data verify\`).`);
  }
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  const tmp = path.join(path.dirname(dest), `.${path.basename(dest)}.mlops-${randomBytes(4).toString('hex')}`);
  try {
    if (link === 'hardlink') {
      try {
        fs.linkSync(source, tmp);
      } catch (err) {
        // Another filesystem (EXDEV) or links not allowed: a read-only copy keeps the promise.
        fs.copyFileSync(source, tmp);
        fs.chmodSync(tmp, 0o444);
        void err;
      }
    } else {
      fs.copyFileSync(source, tmp, link === 'reflink' ? fs.constants.COPYFILE_FICLONE : 0);
      fs.chmodSync(tmp, mode & 0o7777);
      const fd = fs.openSync(tmp, 'r');
      try {
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
    }
    fs.renameSync(tmp, dest);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}
