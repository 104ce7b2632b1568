import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { emptyConfig, type DatasetConfig, type MlopsConfig } from '../../../src/core/config/types';
import { snapshotMethod } from '../../../src/core/data/fileSnapshot';
import { statFile } from '../../../src/core/data/fileStat';
import { Store } from '../../../src/core/store/store';
import { tempWorkspace } from '../tempWorkspace';

export const sha = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

export function dataWorkspace(datasets: Record<string, string | DatasetConfig>, extra: Partial<MlopsConfig> = {}) {
  const root = fs.realpathSync(tempWorkspace('mlops-data-'));
  const config: MlopsConfig = {
    ...emptyConfig(),
    ...extra,
    datasets: Object.fromEntries(Object.entries(datasets).map(([k, v]) => [k, typeof v === 'string' ? { path: v } : v])),
  };
  fs.writeFileSync(path.join(root, 'mlops.json'), JSON.stringify({ datasets, ...(extra.cache ? { cache: extra.cache } : {}) }, null, 2));
  const store = Store.open(root);
  const write = (rel: string, data: string | Buffer, ageSeconds = 0) => {
    const abs = path.join(root, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, data);
    // Files older than the stat cache's racy window, as data files usually are.
    if (ageSeconds) {
      const t = Date.now() / 1000 - ageSeconds;
      fs.utimesSync(abs, t, t);
    }
  };
  return { root, config, store, write, abs: (rel: string) => path.join(root, rel) };
}

/**
 * Resolves once `file` was last changed more than the racy window ago, so a snapshot of it takes the
 * concurrent method (its ctime, moved by every write and by utimes, cannot be set back: wait it out).
 */
export async function settled(file: string): Promise<void> {
  while (snapshotMethod(statFile(file), Date.now()) !== 'concurrent') await new Promise((r) => setTimeout(r, 50));
}

/** `mb` MiB of bytes that differ with `seed`. */
export function bigContent(mb: number, seed: number): Buffer {
  const buf = Buffer.alloc(mb << 20);
  for (let i = 0; i < buf.length; i += 4) buf.writeUInt32LE((i * 2654435761 + seed) >>> 0, i);
  return buf;
}
