import { currentActor } from '../../core/audit/actor';
import { loadConfig } from '../../core/config/loadConfig';
import { runAuthorship } from '../../core/tracking/runAuthorship';
import { metricKeys, metricSummaries } from '../../core/tracking/metricRecords';
import { ingestProblems } from '../../core/tracking/ingest';
import { deleteRun } from '../../core/tracking/deleteRun';
import { runDetails, runJson, type RunDetails } from '../../core/tracking/runDetails';
import { resolveRunRef, RunRefError } from '../../core/tracking/runRef';
import { listRuns, runStatuses, updateRun, type RunRecord, type RunStatus } from '../../core/tracking/runRecords';
import { DEFAULT_CURRENCY, formatCost } from '../../core/cost/prices';
import type { Store } from '../../core/store/store';
import { compareAsConfigured, configPrimaryMetric } from '../../core/tracking/configuredComparison';
import { toWire as metricJson } from '../../shared/metricsData';
import { formatCompareValue, formatDuration, formatNumber } from '../../shared/format';
import { UsageError, type Command, type CommandContext } from '../command';
import { table } from '../table';
import { formatTime } from '../time';
import { openStore, openWorkspace } from '../workspaceStore';

export function resolveRun(store: Store, ref: string): string {
  try {
    return resolveRunRef(store, ref);
  } catch (err) {
    if (err instanceof RunRefError) throw new UsageError(err.message);
    throw err;
  }
}


function list(ctx: CommandContext): number {
  const { store } = openStore(ctx);
  const status = ctx.values.status as string | undefined;
  if (status && !runStatuses.includes(status as RunStatus)) throw new UsageError(`--status must be one of ${runStatuses.join(', ')}`);
  const runs = listRuns(store, { experiment: ctx.values.experiment as string | undefined, status: status as RunStatus | undefined });
  // Each run's primary metric (its run config's primaryMetric, else a model's metric it logged) and last value.
  const { config } = loadConfig(store.root);
  const primary = runs.map((r) => {
    const metrics = metricSummaries(store, r.id);
    const key = configPrimaryMetric(config, [{ experiment: r.experiment, metrics }]);
    return key && metrics[key] ? { key, value: metrics[key].last } : null;
  });
  // Who made each run (a teammate's pulled run names them; '' is this workspace's own actor).
  const authorship = ctx.json ? runAuthorship(store) : undefined;
  const authorOf = (id: string) => ({ author: authorship?.get(id)?.author || currentActor(store.root), origin: authorship?.get(id)?.origin ?? 'local' });
  if (ctx.json) ctx.out(JSON.stringify(runs.map((r, i) => ({ ...runJson(r), ...authorOf(r.id), primaryMetric: primary[i] && { key: primary[i].key, value: metricJson(primary[i].value) } })), null, 2));
  else if (!runs.length) ctx.out('No runs yet. Start one with `mlops run NAME` or `mlops run -- COMMAND`.');
  else {
    // The cost column only once some run has a cost (prices in mlops.json): otherwise it is all blanks.
    const priced = runs.some((r) => r.cost !== undefined);
    ctx.out(
      table(
        ['ID', 'NAME', 'EXPERIMENT', 'STATUS', 'STARTED', 'DURATION', ...(priced ? ['COST'] : []), 'PRIMARY METRIC', 'PARAMS'],
        runs.map((r, i) => [
          r.id.slice(0, 12),
          r.name,
          r.experiment,
          r.status + (r.exitCode ? ` (${r.exitCode})` : ''),
          formatTime(r.startedAt ?? r.createdAt),
          r.startedAt && r.endedAt ? formatDuration(r.endedAt - r.startedAt) : '',
          ...(priced ? [runCost(r)] : []),
          primary[i] ? `${primary[i].key}=${formatNumber(primary[i].value, 6)}` : '',
          Object.entries(r.params).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(' '),
        ]),
      ),
    );
  }
  store.close();
  return 0;
}

/** The run's cost as shown, '' when it has none. */
function runCost(r: RunRecord): string {
  return r.cost === undefined ? '' : formatCost({ amount: r.cost, currency: r.currency ?? DEFAULT_CURRENCY });
}

/** CPU time, GPU time and cost lines of `runs show`, for what the run has of them. */
function usageLines(r: RunRecord): [string, string][] {
  const lines: [string, string][] = [];
  if (r.cpuSeconds !== undefined) lines.push(['cpu time', formatDuration(r.cpuSeconds * 1000)]);
  if (r.gpuSeconds) lines.push(['gpu time', `${formatDuration(r.gpuSeconds * 1000)}${r.gpuUtil !== undefined ? `, ${Math.round(r.gpuUtil)}% utilised` : ''}`]);
  if (r.cost !== undefined) lines.push(['cost', runCost(r)]);
  return lines;
}

function printDetails(ctx: CommandContext, d: RunDetails, problems: ReturnType<typeof ingestProblems>): void {
  const kv = (k: string, v: string) => ctx.out(`${k.padEnd(12)}${v}`);
  kv('run', `${d.name} (${d.id})`);
  kv('experiment', d.experiment);
  kv('status', `${d.status}${d.exitCode !== undefined ? ` (exit code ${d.exitCode})` : ''}`);
  kv('command', d.command);
  kv('cwd', d.cwd);
  kv('started', `${formatTime(d.startedAt)}${d.durationMs !== undefined ? `, took ${formatDuration(d.durationMs)}` : ''}`);
  kv('git', d.git.commit ? `${d.git.commit.slice(0, 10)} on ${d.git.branch ?? '(detached)'}${d.git.dirty ? ', with uncommitted changes' : ''}` : 'not a git repository');
  kv('environment', Object.entries(d.environment).filter(([, v]) => v).map(([k, v]) => `${k} ${v}`).join(', '));
  if (d.note) kv('note', d.note);
  for (const [k, v] of usageLines(d)) kv(k, v);
  const section = (title: string, rows: string[][], header: string[]) => {
    if (!rows.length) return;
    ctx.out(`\n${title}`);
    ctx.out(table(header, rows).split('\n').map((l) => '  ' + l).join('\n'));
  };
  section('params', Object.entries(d.params).map(([k, v]) => [k, JSON.stringify(v)]), ['NAME', 'VALUE']);
  section(
    'metrics',
    Object.entries(d.metrics).map(([k, m]) => [k, formatNumber(m.last), formatNumber(m.min), formatNumber(m.max), String(m.step), String(m.count)]),
    ['KEY', 'LAST', 'MIN', 'MAX', 'STEP', 'COUNT'],
  );
  section('inputs', d.inputs.map((i) => [i.path, i.dataset ? `${i.dataset.name}@${i.dataset.version}` : '-', i.hash.slice(0, 12)]), ['PATH', 'VERSION', 'SHA-256']);
  section('artifacts', d.artifacts.map((a) => [a.path, a.hash ? a.hash.slice(0, 12) : '(not stored)', String(a.size)]), ['PATH', 'SHA-256', 'BYTES']);
  section('tags', Object.entries(d.tags), ['KEY', 'VALUE']);
  if (problems.count) {
    ctx.out(`\n${problems.count} malformed line${problems.count === 1 ? '' : 's'} in events.jsonl (skipped):`);
    for (const p of problems.first.slice(0, 10)) ctx.out(`  line ${p.line}: ${p.message}`);
  }
}

function show(ctx: CommandContext): number {
  if (ctx.args.length !== 1) throw new UsageError('Name one run.', 'Usage: mlops runs show RUN [--json]');
  const { store } = openStore(ctx);
  const id = resolveRun(store, ctx.args[0]);
  const d = runDetails(store, id)!;
  const problems = ingestProblems(store, id);
  if (ctx.json) ctx.out(JSON.stringify({ ...runJson(d), malformedLines: problems.count, malformed: problems.first, metricKeys: metricKeys(store, id) }, null, 2));
  else printDetails(ctx, d, problems);
  store.close();
  return 0;
}

/**
 * The Compare panel's comparison (compareAsConfigured), as JSON or a table: differing params marked
 * "*", each metric's best last value "(best)", by the direction mlops.json or the metric's name gives.
 */
function compare(ctx: CommandContext): number {
  if (ctx.args.length < 2) throw new UsageError('Name two or more runs.', 'Usage: mlops runs compare RUN RUN... [--json]');
  const { store, loaded } = openWorkspace(ctx);
  const runs = ctx.args.map((ref) => runDetails(store, resolveRun(store, ref))!);
  const data = compareAsConfigured(runs, loaded.config);
  store.close();
  if (ctx.json) {
    ctx.out(JSON.stringify(data, null, 2));
    return 0;
  }
  const differing = new Set(data.differingParams);
  const header = ['', ...data.rows.map((r) => `${r.name} (${r.id.slice(0, 8)})`)];
  const rows = [
    ['status', ...data.rows.map((r) => r.status)],
    ...data.paramKeys.map((k) => [`${differing.has(k) ? '* ' : '  '}${k}`, ...data.rows.map((r) => formatCompareValue(Object.hasOwn(r.params, k) ? r.params[k] : undefined))]),
    ...data.metricKeys.map((k) => {
      const best = data.best[k];
      const label = `  ${k} (last${best ? `, ${best.direction === 'maximize' ? 'higher' : 'lower'} is better` : ''})`;
      return [label, ...data.rows.map((r) => formatCompareValue(r.metrics[k]?.last) + (best?.runIds.includes(r.id) ? ' (best)' : ''))];
    }),
  ];
  ctx.out(table(header, rows));
  ctx.out(`\n* params that differ${data.primaryMetric ? `; primary metric: ${data.primaryMetric}` : ''}`);
  return 0;
}

function remove(ctx: CommandContext): number {
  if (!ctx.args.length) throw new UsageError('Name the runs to delete.', 'Usage: mlops runs delete RUN...');
  const { store, root } = openStore(ctx);
  const ids = ctx.args.map((ref) => resolveRun(store, ref));
  const results = ids.map((id) => {
    try {
      return { id, ...deleteRun(store, root, id) };
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
  });
  if (ctx.json) ctx.out(JSON.stringify(results, null, 2));
  else for (const r of results) ctx.out(`Deleted run ${r.id}${r.removedObjects.length ? ` and ${r.removedObjects.length} object(s) only it used` : ''}`);
  store.close();
  return 0;
}

function note(ctx: CommandContext): number {
  if (ctx.args.length !== 2) throw new UsageError('Give a run and the note text.', 'Usage: mlops runs note RUN "TEXT"');
  const { store } = openStore(ctx);
  const id = resolveRun(store, ctx.args[0]);
  updateRun(store, id, { note: ctx.args[1] });
  if (!ctx.json) ctx.out(`Note saved on ${id}`);
  else ctx.out(JSON.stringify({ id, note: ctx.args[1] }));
  store.close();
  return 0;
}

const verbs: Record<string, (ctx: CommandContext) => number> = { list, show, compare, delete: remove, note };

export const runsCommand: Command = {
  name: 'runs',
  summary: 'list, show, compare, annotate or delete runs (RUN: an id, an id prefix, or a name)',
  usage: 'mlops runs list [--experiment E] [--status S] | show RUN | compare RUN RUN... | note RUN TEXT | delete RUN...',
  examples: ['mlops runs list', 'mlops runs list --experiment train --status finished --json', 'mlops runs show brisk-otter-42', 'mlops runs compare 01m8et 01m8ez', 'mlops runs delete 01m8etf6'],
  options: { experiment: { type: 'string' }, status: { type: 'string' } },
  optionHelp: { '--experiment E': 'list: only runs of experiment E', '--status S': `list: only runs with status S (${runStatuses.join(', ')})` },
  run(ctx) {
    const [verb, ...args] = ctx.args;
    const fn = verb ? verbs[verb] : undefined;
    if (!fn) throw new UsageError(verb ? `Unknown "runs ${verb}".` : 'Say what to do with runs.', `Usage: ${this.usage}`);
    return fn({ ...ctx, args });
  },
};
