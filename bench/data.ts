// Data-versioning figures: hashing + caching a large file against Node's raw SHA-256 stream over the
// same file, and rescanning 10k unchanged tracked files (content bytes read must be 0).
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { figure, type Figure } from './harness';

export function benchData(workdir: string): Figure[] {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, 'dataWorker.ts'), workdir], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`bench/dataWorker.ts failed: ${r.stderr}`);
  const m = JSON.parse(r.stdout) as Record<string, number>;
  return [
    figure({
      name: `version a ${m.bigMb} MB file (hash + write the object in one pass; peak RSS ${Math.round(m.peakRssMb)} MB)`,
      unit: 'MB/s',
      value: m.oursMBps,
      baselineName: 'Node raw SHA-256 stream, same file',
      baseline: m.rawMBps,
      goal: '>= 0.85x',
    }),
    figure({
      name: `rescan ${m.files} unchanged tracked files (content bytes read: ${m.rescanBytesRead}, must be 0)`,
      unit: 'files/s',
      value: m.rescanFilesPerS,
      baselineName: 'bare fs.statSync of the same files',
      baseline: m.statFilesPerS,
    }),
  ];
}
