// Workspaces for the repro tests: a real mlops.json whose stages are `node stage.js ...` processes
// that read their deps, write their outs, stamp when they start and end, and can fail, wait for a
// sibling or hold until stopped.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadConfig } from '../../../src/core/config/loadConfig';
import { startRepro, type ReproOptions } from '../../../src/core/pipelines/repro';
import type { ReproEvent, ReproResult } from '../../../src/core/pipelines/types';
import { Store } from '../../../src/core/store/store';
import { tempWorkspace } from '../tempWorkspace';

export const sdkDir = path.resolve(__dirname, '../../../src/sdk/python');

// node stage.js NAME OUT [--in F]... [--tag T] [--fail] [--barrier OTHER] [--hold] [--metrics F] [--spin MS]
// (--spin: keeps the CPU busy for MS ms first, so a usage meter's samples see the stage's CPU time)
const stageScript = `
const fs = require('fs');
const [name, out, ...rest] = process.argv.slice(2);
const opt = (k) => { const i = rest.indexOf(k); return i < 0 ? undefined : rest[i + 1]; };
const ins = rest.flatMap((a, i) => (a === '--in' ? [rest[i + 1]] : []));
fs.mkdirSync('stamps', { recursive: true });
fs.writeFileSync('stamps/' + name + '.start', String(Date.now()));
const waitFor = (file, then) => {
  const t0 = Date.now();
  const tick = () => (fs.existsSync(file) ? then() : Date.now() - t0 > 20000 ? process.exit(3) : setTimeout(tick, 10));
  tick();
};
const finish = () => {
  const spin = Number(opt('--spin') ?? 0);
  for (const until = Date.now() + spin; Date.now() < until; );
  if (rest.includes('--fail')) { fs.writeFileSync(out, 'broken'); process.stderr.write(name + ' fails\\n'); process.exit(1); }
  if (rest.includes('--hold')) { fs.writeFileSync(out, 'partial'); fs.writeFileSync('stamps/' + name + '.holding', ''); return setInterval(() => {}, 1000); }
  const text = (opt('--tag') ?? name) + ':' + ins.map((f) => fs.readFileSync(f, 'utf8')).join('|');
  fs.writeFileSync(out, text);
  const m = opt('--metrics');
  if (m) fs.writeFileSync(m, JSON.stringify({ auc: 0.91, val: { loss: 0.25, n: 3 }, note: 'not a number', list: [1, 2] }));
  console.log(name + ' wrote ' + out);
  fs.writeFileSync('stamps/' + name + '.end', String(Date.now()));
};
const barrier = opt('--barrier');
barrier ? waitFor('stamps/' + barrier + '.start', finish) : finish();
`;

export interface StageDef {
  out: string;
  ins?: string[];
  /** Extra arguments to stage.js: '--fail', '--barrier b', '--hold', '--tag ${params.lr}', '--spin 300'. */
  args?: string;
  params?: Record<string, string | number | boolean>;
  metrics?: string;
  registers?: { model: string; artifact?: string; promote?: string };
}

export function stagesConfig(stages: Record<string, StageDef>, name = 'p'): object {
  const out: Record<string, object> = {};
  for (const [s, d] of Object.entries(stages)) {
    const ins = (d.ins ?? []).map((f) => ` --in ${f}`).join('');
    out[s] = {
      command: `node stage.js ${s} ${d.out}${ins}${d.args ? ' ' + d.args : ''}${d.metrics ? ' --metrics ' + d.metrics : ''}`,
      deps: ['stage.js', ...(d.ins ?? [])],
      outs: [d.out],
      ...(d.params ? { params: d.params } : {}),
      ...(d.metrics ? { metrics: d.metrics } : {}),
      ...(d.registers ? { registers: d.registers } : {}),
    };
  }
  return { pipelines: { [name]: { stages: out } } };
}

export interface ReproWorkspace {
  root: string;
  store: Store;
  write(rel: string, text: string): void;
  read(rel: string): string | undefined;
  setConfig(config: object): void;
  /** startRepro with this workspace's mlops.json as it is now (which must have no problems). */
  start(opts?: Partial<ReproOptions>): { handle: ReturnType<typeof startRepro>; events: ReproEvent[] };
  repro(opts?: Partial<ReproOptions>): Promise<ReproResult & { events: ReproEvent[] }>;
  runCount(): number;
  stamp(name: string, what: 'start' | 'end'): number;
}

export function reproWorkspace(config: object): ReproWorkspace {
  const root = tempWorkspace('mlops-repro-');
  fs.writeFileSync(path.join(root, 'stage.js'), stageScript);
  const store = Store.open(root);
  const ws: ReproWorkspace = {
    root,
    store,
    write: (rel, text) => fs.writeFileSync(path.join(root, rel), text),
    read: (rel) => (fs.existsSync(path.join(root, rel)) ? fs.readFileSync(path.join(root, rel), 'utf8') : undefined),
    setConfig: (c) => fs.writeFileSync(path.join(root, 'mlops.json'), JSON.stringify(c, null, 2)),
    start(opts = {}) {
      const loaded = loadConfig(root);
      assert.deepEqual(loaded.problems, []);
      const events: ReproEvent[] = [];
      const handle = startRepro({ workspaceRoot: root, store, config: loaded.config, pipeline: 'p', sdkDir, onEvent: (e) => events.push(e), ...opts });
      return { handle, events };
    },
    async repro(opts = {}) {
      const { handle, events } = ws.start(opts);
      return { ...(await handle.done), events };
    },
    runCount: () => Number(store.db.prepare('SELECT count(*) AS n FROM runs').get<{ n: number }>()!.n),
    stamp: (name, what) => Number(fs.readFileSync(path.join(root, 'stamps', `${name}.${what}`), 'utf8')),
  };
  ws.setConfig(config);
  return ws;
}

/** Outcome per stage, for compact assertions. */
export const outcomes = (r: ReproResult) => Object.fromEntries(r.stages.map((s) => [s.stage, s.outcome]));
