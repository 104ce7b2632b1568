// What a run used and cost, as `mlops run`, `runs show` and `runs list` print it: the built CLI.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { formatCost } from '../../../src/shared/costFormat';
import { mlops } from '../cli/runCli';
import { tempWorkspace } from '../tempWorkspace';

function workspace(config: object) {
  const root = tempWorkspace();
  fs.writeFileSync(path.join(root, 'mlops.json'), JSON.stringify(config));
  return root;
}

test('a run config priced in mlops.json: runs show prints CPU time and cost, runs list a cost column, --json the figures', () => {
  // A run config's price over the top-level one; 3600 per CPU hour makes the cost the CPU seconds.
  const root = workspace({ cost: { cpuHour: 1, currency: 'CHF' }, runs: { burn: { command: 'node -e "const u=()=>{const c=process.cpuUsage();return (c.user+c.system)/1e6};while(u()<0.3);"', cost: { cpuHour: 3600 } } } });
  const r = mlops(['run', '--json', 'burn'], root);
  assert.equal(r.code, 0, r.stderr);
  const run = JSON.parse(r.stdout) as { id: string; cpuSeconds: number; cost: number; currency: string; gpuSeconds: null };
  assert.ok(run.cpuSeconds > 0, `cpu ${run.cpuSeconds}`);
  assert.equal(run.cost, (run.cpuSeconds / 3600) * 3600);
  assert.equal(run.currency, 'CHF');
  assert.equal(run.gpuSeconds, null);

  const shown = formatCost({ amount: run.cost, currency: 'CHF' });
  assert.match(r.stderr, new RegExp(`finished in .*; cost ${shown}; output: `));
  const show = mlops(['runs', 'show', run.id], root);
  assert.equal(show.code, 0, show.stderr);
  assert.match(show.stdout, /^cpu time\s+\d/m);
  assert.match(shown, /^\d+\.\d\d CHF$/);
  assert.match(show.stdout, new RegExp(`^cost\\s+${shown}$`, 'm'));
  assert.doesNotMatch(show.stdout, /gpu time/);

  const list = mlops(['runs', 'list'], root);
  assert.match(list.stdout.split('\n')[0], /DURATION\s+COST\s+PRIMARY METRIC/);
  assert.ok(list.stdout.split('\n')[1].includes(shown), list.stdout);
  const listed = JSON.parse(mlops(['runs', 'list', '--json'], root).stdout) as { cost: number }[];
  assert.equal(listed[0].cost, run.cost);
});

test('without prices: no cost line and no cost column, the CPU time still shown', () => {
  const root = workspace({});
  const r = mlops(['run', '--json', '--', 'true'], root);
  assert.equal(r.code, 0, r.stderr);
  const run = JSON.parse(r.stdout) as { id: string; cost: null; cpuSeconds: number };
  assert.equal(run.cost, null);
  assert.equal(typeof run.cpuSeconds, 'number');
  const show = mlops(['runs', 'show', run.id], root);
  assert.match(show.stdout, /^cpu time/m);
  assert.doesNotMatch(show.stdout, /^cost/m);
  assert.doesNotMatch(r.stderr, /cost/);
  assert.doesNotMatch(mlops(['runs', 'list'], root).stdout, /COST/);
});
