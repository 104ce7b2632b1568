// Versioning a folder of many small files, as a user waits for it (`mlops data add`, the bundled
// CLI), against copying the same folder and syncing it (`cp -r` + `sync`: the floor any durable
// copy pays) and against `git annex add` where git-annex is installed, in the same run.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { figure, type Figure } from './harness';

const FILES = Number(process.env.MLOPS_BENCH_FOLDER_FILES ?? 5000);
const FILE_BYTES = 2048;

/** Wall seconds of a shell command in `cwd`; throws with its stderr when it fails. */
function seconds(cwd: string, cmd: string, args: string[]): number {
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 1 << 24 });
  const s = Number(process.hrtime.bigint() - t) / 1e9;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  return s;
}

function folderWorkspace(workdir: string, name: string): string {
  const root = path.join(workdir, name);
  fs.mkdirSync(path.join(root, 'data'), { recursive: true });
  for (let i = 0; i < FILES; i++) fs.writeFileSync(path.join(root, 'data', `f${String(i).padStart(6, '0')}.bin`), randomBytes(FILE_BYTES));
  fs.writeFileSync(path.join(root, 'mlops.json'), '{}\n');
  return root;
}

export function benchDataFolder(workdir: string, cli: string): Figure[] {
  const root = folderWorkspace(workdir, 'folder-mlops');
  const copyRoot = folderWorkspace(workdir, 'folder-cp');
  // Pending writes of the set-up are flushed first, so neither side pays for them.
  seconds(workdir, 'sync', []);
  const ours = seconds(root, process.execPath, [cli, 'data', 'add', 'data']);
  const copy = seconds(copyRoot, 'sh', ['-c', 'cp -r data data-copy && sync']);
  const label = `version a folder of ${FILES.toLocaleString('en-US')} files of ${FILE_BYTES / 1024} KB (mlops data add: one sync per batch of small files)`;
  const figures = [figure({ name: label, unit: 's', value: ours, baselineName: 'cp -r + sync of the same folder', baseline: copy, goal: '<= 5x' })];
  const annexRoot = folderWorkspace(workdir, 'folder-annex');
  let annex = NaN;
  let why = 'git annex add: git-annex is not installed here';
  if (spawnSync('git', ['annex', 'version'], { encoding: 'utf8' }).status === 0) {
    seconds(annexRoot, 'git', ['init', '-q']);
    seconds(annexRoot, 'git', ['annex', 'init', '-q', 'bench']);
    seconds(workdir, 'sync', []);
    annex = seconds(annexRoot, 'git', ['annex', 'add', '--quiet', 'data']);
    why = 'git annex add of the same folder';
  }
  figures.push(figure({ name: `${label}, against git-annex`, unit: 's', value: ours, baselineName: why, baseline: annex }));
  return figures;
}
