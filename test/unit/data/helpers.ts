import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { emptyConfig, type DatasetConfig, type MlopsConfig } from '../../../src/core/config/types';
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
