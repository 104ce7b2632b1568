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
 * The copy and the fsync run on libuv's pool, so the extension host keeps serving the UI while a
 * gigabyte is restored.
 */
export async function placeObject(workspaceRoot: string, hash: string, dest: string, link: LinkMode = 'reflink', mode = 0o644): Promise<void> {
  const { source, tmp } = placement(workspaceRoot, hash, dest);
  try {
    if (!(link === 'hardlink' && (await linked(() => fs.promises.link(source, tmp))))) {
      await fs.promises.copyFile(source, tmp, copyFlags(link));
      await fs.promises.chmod(tmp, copyMode(link, mode));
      const fh = await fs.promises.open(tmp, 'r');
      try {
        await fh.sync();
      } finally {
        await fh.close();
      }
    }
    await fs.promises.rename(tmp, dest);
  } catch (err) {
    await fs.promises.rm(tmp, { force: true });
    throw err;
  }
}

/** The object (which must exist) and a temp name beside `dest`, its folder created. */
function placement(workspaceRoot: string, hash: string, dest: string): { source: string; tmp: string } {
  const source = objectPath(workspaceRoot, hash);
  if (!fs.existsSync(source)) {
    throw new Error(`The object ${hash.slice(0, 12)} for ${dest} is missing from .mlops/objects (removed, or quarantined by \`mlops data verify\`).`);
  }
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  return { source, tmp: path.join(path.dirname(dest), `.${path.basename(dest)}.mlops-${randomBytes(4).toString('hex')}`) };
}

// A hard link that cannot be made (another filesystem: EXDEV; links not allowed) falls back to a
// read-only copy, which keeps hardlink mode's promise that the file is not edited in place.
async function linked(link: () => Promise<void>): Promise<boolean> {
  try {
    await link();
    return true;
  } catch {
    return false;
  }
}

const copyFlags = (link: LinkMode) => (link === 'reflink' ? fs.constants.COPYFILE_FICLONE : 0);
const copyMode = (link: LinkMode, mode: number) => (link === 'hardlink' ? 0o444 : mode & 0o7777);
