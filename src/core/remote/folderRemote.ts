// A shared folder as an object remote (an NFS or SMB mount, a synced drive): plain file operations.
// An upload is copied to <root>/objects/tmp/ and renamed into place, so no reader ever sees half an
// object under its hash, and an object already there is kept (same hash, same bytes).
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { alive } from '../data/objectInventory';
import { runPool } from './transferPool';
import { hashOfKey, objectKey } from './objectKey';
import { RemoteAccessError, type ObjectRemote, type RemoteObjectInfo, type TransferOptions } from './types';

// Upload temp names carry the host and pid, so a later push from the same machine can tell a killed
// upload's leftover from one still running; other machines' leftovers go once they are a day old.
const host = os.hostname().replace(/[^A-Za-z0-9.-]/g, '_');
const STALE_MS = 24 * 3600_000;

/** Removes upload temp files of killed pushes from <root>/objects/tmp; returns how many. */
export async function removeStaleUploads(root: string, now = Date.now()): Promise<number> {
  const dir = path.join(root, 'objects', 'tmp');
  let names: string[];
  try {
    names = await fs.promises.readdir(dir);
  } catch {
    return 0;
  }
  let n = 0;
  for (const name of names) {
    const m = /^(.+)-(\d+)-[0-9a-f]+$/.exec(name);
    const file = path.join(dir, name);
    const st = await fs.promises.stat(file).catch(() => undefined);
    if (!st) continue;
    const mine = m && m[1] === host && Number(m[2]) !== process.pid && !alive(Number(m[2]));
    if (mine || now - st.mtimeMs > STALE_MS) {
      await fs.promises.rm(file, { force: true });
      n++;
    }
  }
  return n;
}

export function folderRemote(name: string, root: string, jobs?: number): ObjectRemote & { jobs?: number } {
  const objects = path.join(root, 'objects');
  const file = (hash: string) => path.join(root, ...objectKey(hash).split('/'));
  const failed = (doing: string, err: unknown): never => {
    if (err instanceof Error && err.name === 'AbortError') throw err;
    const code = (err as NodeJS.ErrnoException).code;
    const fix = code === 'EACCES' || code === 'EPERM' ? 'give this user read and write access to it' : code === 'ENOENT' ? 'check that the folder is mounted and the url in mlops.json is right' : 'check the folder and its disk';
    throw new RemoteAccessError(`Remote "${name}" (${root}): ${doing} failed (${code ?? (err as Error).message}): ${fix}.`);
  };
  let swept = false;
  const checkRoot = () => {
    if (!fs.existsSync(root)) throw new RemoteAccessError(`Remote "${name}": the folder ${root} does not exist: create it (or mount the share), or fix remotes.${name}.url in mlops.json.`);
  };

  return {
    name,
    location: root,
    kind: 'folder',
    jobs,
    async has(hashes: readonly string[], opts: TransferOptions = {}): Promise<Set<string>> {
      checkRoot();
      const present = new Set<string>();
      const items = hashes.map((hash) => ({ hash, size: 0 }));
      const r = await runPool(items, async ({ hash }) => {
        try {
          await fs.promises.stat(file(hash));
          present.add(hash);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'ENOENT') failed(`checking object ${hash.slice(0, 12)}`, err);
        }
      }, { jobs: Math.max(jobs ?? 0, 32), signal: opts.signal, phase: 'checking' });
      if (r.failed.length) throw r.failed[0].error;
      return present;
    },
    async *list(opts: TransferOptions = {}): AsyncIterable<RemoteObjectInfo> {
      checkRoot();
      if (!fs.existsSync(objects)) return;
      for (const prefix of (await fs.promises.readdir(objects)).sort()) {
        if (!/^[0-9a-f]{2}$/.test(prefix)) continue; // tmp/ and anything foreign
        opts.signal?.throwIfAborted();
        for (const rest of (await fs.promises.readdir(path.join(objects, prefix))).sort()) {
          const hash = hashOfKey(`objects/${prefix}/${rest}`);
          if (!hash) continue;
          const st = await fs.promises.stat(path.join(objects, prefix, rest)).catch(() => undefined);
          if (st) yield { hash, size: st.size };
        }
      }
    },
    async put(hash: string, src: string, _size: number, opts: TransferOptions = {}): Promise<void> {
      checkRoot();
      if (!swept) {
        swept = true;
        await removeStaleUploads(root);
      }
      const dest = file(hash);
      if (fs.existsSync(dest)) return;
      const tmpDir = path.join(objects, 'tmp');
      const tmp = path.join(tmpDir, `${host}-${process.pid}-${randomBytes(6).toString('hex')}`);
      try {
        opts.signal?.throwIfAborted();
        await fs.promises.mkdir(tmpDir, { recursive: true });
        await fs.promises.copyFile(src, tmp, fs.constants.COPYFILE_FICLONE);
        opts.signal?.throwIfAborted();
        await fs.promises.mkdir(path.dirname(dest), { recursive: true });
        await fs.promises.rename(tmp, dest);
      } catch (err) {
        await fs.promises.rm(tmp, { force: true });
        failed(`uploading object ${hash.slice(0, 12)}`, err);
      }
    },
    async get(hash: string, dest: string, opts: TransferOptions = {}): Promise<void> {
      checkRoot();
      try {
        opts.signal?.throwIfAborted();
        await fs.promises.copyFile(file(hash), dest, fs.constants.COPYFILE_FICLONE);
        opts.signal?.throwIfAborted();
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT' && !fs.existsSync(file(hash))) {
          throw new RemoteAccessError(`Remote "${name}" (${root}) has no object ${hash}: push it from a workspace that has it.`);
        }
        failed(`downloading object ${hash.slice(0, 12)}`, err);
      }
    },
    close() {},
  };
}

