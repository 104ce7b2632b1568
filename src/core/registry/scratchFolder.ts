import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { storeLayout } from '../store/layout';
import { isAlive } from '../tracking/processTree';

/**
 * A fresh folder under .mlops/tmp for one operation (an export's staging, an import's unpacking, a
 * deploy hook's artifact), on the cache's filesystem so its files can be renamed into the cache. The
 * caller removes it; folders that a killed process left (its pid is in the name) go at the next call.
 */
export function scratchFolder(workspaceRoot: string, purpose: string): string {
  const tmp = path.join(storeLayout(workspaceRoot).dir, 'tmp');
  if (fs.existsSync(tmp)) {
    for (const name of fs.readdirSync(tmp)) {
      const pid = Number(/^[a-z]+-(\d+)-/.exec(name)?.[1]);
      if (pid > 0 && pid !== process.pid && !isAlive(pid)) fs.rmSync(path.join(tmp, name), { recursive: true, force: true });
    }
  }
  const dir = path.join(tmp, `${purpose}-${process.pid}-${randomBytes(6).toString('hex')}`);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}
