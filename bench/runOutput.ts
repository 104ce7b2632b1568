// A run that prints as fast as it can: the rate at which the launcher drains its output into
// output.log (and hands it on, as to the extension's terminal) against the same script writing to
// /dev/null, and the calling thread's busy time meanwhile.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { emptyConfig } from '../src/core/config/types';
import { Store } from '../src/core/store/store';
import { launchRun } from '../src/core/tracking/launcher';
import { figure, type Figure } from './harness';

const LINES = Number(process.env.MLOPS_BENCH_RUN_LINES ?? 2_000_000);
// Blocks of 1000 lines per write, so Python itself is not what limits the rate.
const SCRIPT = `import sys
for i in range(0, ${LINES}, 1000):
    sys.stdout.write("".join("line %d of a chatty run\\n" % j for j in range(i, i + 1000)))
`;

export async function benchRunOutput(workdir: string): Promise<Figure> {
  const root = path.join(workdir, 'run-output');
  fs.mkdirSync(root, { recursive: true });
  fs.writeFileSync(path.join(root, 'chatty.py'), SCRIPT);
  const devNull = fs.openSync('/dev/null', 'w');
  const direct = performance.now();
  const r = spawnSync('python3', ['chatty.py'], { cwd: root, stdio: ['ignore', devNull, 'inherit'] });
  fs.closeSync(devNull);
  if (r.status !== 0) throw new Error(`bench/runOutput.ts: python3 chatty.py exited ${r.status}`);
  const directS = (performance.now() - direct) / 1000;

  const store = Store.open(root);
  try {
    let handed = 0;
    const elu = performance.eventLoopUtilization();
    const t = performance.now();
    const h = launchRun({
      workspaceRoot: root,
      store,
      config: emptyConfig(),
      command: 'python3 chatty.py',
      experiment: 'bench',
      params: {},
      sdkDir: path.resolve(__dirname, '..', 'src', 'sdk', 'python'),
      onOutput: (data) => (handed += data.length),
    });
    const outcome = await h.done;
    const launchedS = (performance.now() - t) / 1000;
    const busyMs = performance.eventLoopUtilization(elu).active;
    if (outcome.status !== 'finished') throw new Error(`bench/runOutput.ts: the run ended ${outcome.status}`);
    const log = fs.readFileSync(path.join(root, '.mlops', 'runs', h.runId, 'output.log'));
    if (log.length !== handed) throw new Error(`bench/runOutput.ts: output.log holds ${log.length} bytes, ${handed} were handed on`);
    return figure({
      name: `drain a run printing ${LINES.toLocaleString('en-US')} lines (${Math.round(log.length / 1048576)} MB) into output.log; event loop busy ${Math.round(busyMs)} ms of ${Math.round(launchedS * 1000)} ms`,
      unit: 'lines/s',
      value: LINES / launchedS,
      baselineName: 'the same script writing to /dev/null',
      baseline: LINES / directS,
      goal: '>= 0.5x',
    });
  } finally {
    store.close();
  }
}
