// Pipelines as a user waits for them, through the bundled CLI: (1) a no-op `mlops repro` of a
// 20-stage pipeline whose dependencies are 10,000 files (1 GB), after a first repro, against
// `git status` on the same tree (committed, so git compares its index's stat data too): the stat
// cache must answer without reading a byte of content; (2) a stage restored from the run cache
// against running it (the stage sleeps 5 s).
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadConfig } from '../src/core/config/loadConfig';
import { pipelineStatus } from '../src/core/pipelines/pipelineStatus';
import { startRepro } from '../src/core/pipelines/repro';
import { Store } from '../src/core/store/store';
import { figure, type Figure } from './harness';

const STAGES = 20;
const FILES = Number(process.env.MLOPS_BENCH_PIPELINE_FILES ?? 10_000);
const FILE_BYTES = Number(process.env.MLOPS_BENCH_PIPELINE_FILE_BYTES ?? 100 * 1024);
const SLEEP_MS = 5000;

// NODE_EXTRA_CA_CERTS makes every Node process parse a CA bundle at start-up (40-70 ms here, where
// the machine sets it for its proxy); a user's machine normally does not set it, and nothing here
// makes a TLS connection.
const { NODE_EXTRA_CA_CERTS: _ca, ...commandEnv } = process.env;

/** Wall seconds of a command in `cwd`; throws with its output when it fails. */
function seconds(cwd: string, cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): number {
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 1 << 26, env: { ...commandEnv, NO_COLOR: '1', ...env } });
  const s = Number(process.hrtime.bigint() - t) / 1e9;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status}): ${r.stderr}${r.stdout}`);
  return s;
}

/** Median of `rounds` timings (seconds). */
function median(rounds: number, fn: () => number): number {
  const times = Array.from({ length: rounds }, fn).sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const stageName = (i: number) => `s${String(i).padStart(2, '0')}`;
const write = (file: string) => `node -e "require('fs').writeFileSync('${file}', String(Date.now()))"`;

/** 20 stages in a chain; stage i reads its folder of FILES / 20 files and the previous stage's out. */
function bigWorkspace(root: string): void {
  const perStage = Math.ceil(FILES / STAGES);
  const stages: Record<string, object> = {};
  for (let i = 0; i < STAGES; i++) {
    const dir = path.join(root, 'data', stageName(i));
    fs.mkdirSync(dir, { recursive: true });
    for (let f = 0; f < perStage && i * perStage + f < FILES; f++) fs.writeFileSync(path.join(dir, `f${String(f).padStart(5, '0')}.bin`), randomBytes(FILE_BYTES));
    const deps = [`data/${stageName(i)}`, ...(i ? [`out/${stageName(i - 1)}.txt`] : [])];
    stages[stageName(i)] = { command: write(`out/${stageName(i)}.txt`), deps, outs: [`out/${stageName(i)}.txt`] };
  }
  fs.mkdirSync(path.join(root, 'out'));
  fs.writeFileSync(path.join(root, 'mlops.json'), JSON.stringify({ pipelines: { big: { stages } } }, null, 2) + '\n');
  fs.writeFileSync(path.join(root, '.gitignore'), '.mlops/\n');
}

const sdkDir = path.resolve(__dirname, '..', 'src', 'sdk', 'python');

/** Wall seconds of a repro in this process (the store already open): the CLI's figure without Node's start-up. */
async function inProcess(root: string, pipeline: string, expect: string): Promise<number> {
  const store = Store.open(root);
  try {
    const t = process.hrtime.bigint();
    const result = await startRepro({ workspaceRoot: root, store, config: loadConfig(root).config, pipeline, sdkDir }).done;
    const s = Number(process.hrtime.bigint() - t) / 1e9;
    if (result.status !== 'finished' || result.stages.some((x) => x.outcome !== expect)) throw new Error(`repro ${pipeline}: ${JSON.stringify(result.stages)}`);
    return s;
  } finally {
    store.close();
  }
}

async function contentBytesRead(root: string): Promise<number> {
  const store = Store.open(root);
  try {
    return (await pipelineStatus(store, root, loadConfig(root).config, 'big')).bytesRead;
  } finally {
    store.close();
  }
}

export async function benchPipeline(workdir: string, cli: string): Promise<Figure[]> {
  const root = path.join(workdir, 'pipeline-big');
  bigWorkspace(root);
  const gb = (FILES * FILE_BYTES) / 1e9;
  // git's index holds the same stat data for the same files; no compression, as none is measured.
  // No automatic gc: it would repack the gigabyte in the background while both sides are timed.
  seconds(root, 'git', ['init', '-q']);
  seconds(root, 'git', ['config', 'gc.auto', '0']);
  seconds(root, 'git', ['-c', 'core.compression=0', 'add', '-A']);
  seconds(root, 'git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.com', 'commit', '-q', '-m', 'bench']);
  seconds(root, process.execPath, [cli, 'repro', 'big']);
  seconds(workdir, 'sync', []);
  // The first repro above left the CLI's code cache for `repro` (src/cli/launcher.ts), as a user's first run does.
  const repro = median(5, () => seconds(root, process.execPath, [cli, 'repro', 'big']));
  const uncached = median(5, () => seconds(root, process.execPath, [cli, 'repro', 'big'], { MLOPS_NO_CODE_CACHE: '1' }));
  const git = median(5, () => seconds(root, 'git', ['status', '--porcelain']));
  // What any Node command costs before it does anything: the floor under the CLI's figure.
  const node = median(5, () => seconds(root, process.execPath, ['-e', '0']));
  const inside: number[] = [];
  for (let i = 0; i < 5; i++) inside.push(await inProcess(root, 'big', 'up-to-date'));
  const core = inside.sort((a, b) => a - b)[2];
  const bytes = await contentBytesRead(root);
  const label = `no-op mlops repro: ${STAGES} stages over ${FILES.toLocaleString('en-US')} files (${gb.toFixed(2)} GB), all up to date`;
  const figures = [
    figure({ name: label, unit: 's', value: repro, baselineName: 'git status on the same committed tree', baseline: git, goal: '<= 3x' }),
    figure({ name: `${label}, the CLI without its code cache`, unit: 's', value: uncached, baselineName: 'git status on the same committed tree', baseline: git }),
    figure({ name: `${label}, in process (startRepro, no Node start-up)`, unit: 's', value: core, baselineName: 'git status on the same committed tree', baseline: git, goal: '<= 3x' }),
    figure({ name: 'Node starting and exiting (node -e 0), the floor under any CLI command', unit: 's', value: node, baselineName: 'git status on the same committed tree', baseline: git }),
    figure({ name: `${label}: content bytes read (the stat cache answers)`, unit: 'bytes', value: bytes, baselineName: 'the dependencies\' size', baseline: FILES * FILE_BYTES, goal: '0' }),
  ];

  // (2) One stage that sleeps 5 s: run on input A, then B, then A again, restored from the run cache.
  const small = path.join(workdir, 'pipeline-cache');
  fs.mkdirSync(small);
  const slow = `node -e "setTimeout(() => require('fs').writeFileSync('model.txt', require('fs').readFileSync('input.txt')), ${SLEEP_MS})"`;
  fs.writeFileSync(path.join(small, 'mlops.json'), JSON.stringify({ pipelines: { cached: { stages: { train: { command: slow, deps: ['input.txt'], outs: ['model.txt'] } } } } }, null, 2) + '\n');
  fs.writeFileSync(path.join(small, 'input.txt'), 'A');
  seconds(small, process.execPath, [cli, 'repro', 'cached']);
  fs.writeFileSync(path.join(small, 'input.txt'), 'B');
  const ran = seconds(small, process.execPath, [cli, 'repro', 'cached']);
  fs.writeFileSync(path.join(small, 'input.txt'), 'A');
  const restored = seconds(small, process.execPath, [cli, 'repro', 'cached']);
  if (fs.readFileSync(path.join(small, 'model.txt'), 'utf8') !== 'A') throw new Error('the restored out is not the one input A made');
  const name = `mlops repro: a stage restored from the run cache (it sleeps ${SLEEP_MS / 1000} s when run)`;
  figures.push(figure({ name, unit: 's', value: restored, baselineName: 'mlops repro running the stage', baseline: ran, goal: '<= 0.1x' }));
  // The same in this process: B is in the run cache now (restored); C is new (run).
  fs.writeFileSync(path.join(small, 'input.txt'), 'B');
  const restoredCore = await inProcess(small, 'cached', 'restored');
  fs.writeFileSync(path.join(small, 'input.txt'), 'C');
  const ranCore = await inProcess(small, 'cached', 'ran');
  figures.push(figure({ name: `${name}, in process (startRepro)`, unit: 's', value: restoredCore, baselineName: 'startRepro running the stage', baseline: ranCore, goal: '<= 0.1x' }));
  return figures;
}
