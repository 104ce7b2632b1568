import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CacheConfig } from '../config/types';
import { objectPath } from './objectCache';
import { hashForCheck, type CheckOptions } from './objectIntegrity';
import { corruptObject, missingObject } from './objectQuarantine';
import { isVerified, markVerified } from './verifiedObjectMemo';

export type LinkMode = NonNullable<CacheConfig['link']>;

export type PlaceOptions = CheckOptions;

/** A checked copy of an object in a temp file beside its destination, fsynced, ready to rename. */
export interface StagedObject {
  tmp: string;
  dest: string;
}

/**
 * Writes object `hash` to `dest` atomically: a temp file beside it, renamed over it, so `dest` is
 * the old content or the new, never half of either. reflink (copy-on-write, else a copy), copy, or
 * hardlink (no extra space; the file is the read-only object itself). `mode` applies to copies.
 * The bytes placed are hashed before the rename: a corrupted object never reaches `dest` (it is
 * quarantined and CorruptObjectError says how to recover). The copy, the fsync and a big file's
 * hash run off this thread, so the extension host keeps serving the UI while a gigabyte is restored.
 */
export async function placeObject(workspaceRoot: string, hash: string, dest: string, link: LinkMode = 'reflink', mode = 0o644, opts: PlaceOptions = {}): Promise<void> {
  const staged = await stageObject(workspaceRoot, hash, dest, link, mode, opts);
  await commitStaged([staged]);
}

/**
 * Copies (or links) the object to a temp file beside `dest` and proves its bytes hash to `hash`;
 * `dest` is untouched. On any failure the temp file is removed. commitStaged renames it into place;
 * discardStaged removes it (a folder's restore stages every file before it replaces any).
 */
export async function stageObject(workspaceRoot: string, hash: string, dest: string, link: LinkMode = 'reflink', mode = 0o644, opts: PlaceOptions = {}): Promise<StagedObject> {
  const what = opts.what ?? `Restoring ${dest}`;
  const { source, tmp } = placement(workspaceRoot, hash, dest, what);
  try {
    const isLink = link === 'hardlink' && (await linked(() => fs.promises.link(source, tmp)));
    if (!isLink) {
      await fs.promises.copyFile(source, tmp, copyFlags(link));
      await fs.promises.chmod(tmp, copyMode(link, mode));
    }
    // A link is the object itself: checked once per process. A copy is checked as written.
    if (!(isLink && isVerified(source))) {
      const actual = await hashForCheck(tmp, opts);
      if (actual !== hash) {
        await fs.promises.rm(tmp, { force: true });
        throw corruptObject(workspaceRoot, source, hash, actual, what, opts.store);
      }
      if (isLink) markVerified(source);
    }
    if (!isLink) {
      const fh = await fs.promises.open(tmp, 'r');
      try {
        await fh.sync();
      } finally {
        await fh.close();
      }
    }
    return { tmp, dest };
  } catch (err) {
    await fs.promises.rm(tmp, { force: true });
    throw err;
  }
}

/** Renames staged files into place; a failure removes the temp files not yet renamed. */
export async function commitStaged(staged: StagedObject[]): Promise<void> {
  for (let i = 0; i < staged.length; i++) {
    try {
      await fs.promises.rename(staged[i].tmp, staged[i].dest);
    } catch (err) {
      await discardStaged(staged.slice(i));
      throw err;
    }
  }
}

export async function discardStaged(staged: StagedObject[]): Promise<void> {
  await Promise.all(staged.map((s) => fs.promises.rm(s.tmp, { force: true })));
}

/** The object (which must exist) and a temp name beside `dest`, its folder created. */
function placement(workspaceRoot: string, hash: string, dest: string, what: string): { source: string; tmp: string } {
  const source = objectPath(workspaceRoot, hash);
  if (!fs.existsSync(source)) throw missingObject(hash, what);
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
