import { cheapestRuns, isSystemMetric, type BestOfMetric, type CompareData, type CompareMetric, type CompareRow, type Direction, type MetricValue, type ParallelAxis, type ParallelPoint, type ParamValue } from '../../shared/compareData';
import { DEFAULT_CURRENCY } from '../cost/prices';
import type { RunDetails } from './runDetails';
import { formatNumber } from '../../shared/format';
import { maxOf, minOf } from '../../shared/boundedSpread';

/** The keys of every section over all compared runs: each run's document lists all of them. */
export interface CompareKeys {
  params: string[];
  metrics: string[];
  inputs: string[];
  artifacts: string[];
  environment: string[];
  tags: string[];
}

const sortedUnion = (lists: Iterable<string>[]) => [...new Set(lists.flatMap((l) => [...l]))].sort();

/** Metric keys in reading order: `first` (the primary metric) when present, the model's metrics, then system metrics. */
export function orderMetricKeys(keys: readonly string[], first?: string): string[] {
  const rest = keys.filter((k) => k !== first);
  return [...(first !== undefined && keys.includes(first) ? [first] : []), ...rest.filter((k) => !isSystemMetric(k)), ...rest.filter(isSystemMetric)];
}

export function compareKeys(runs: RunDetails[]): CompareKeys {
  return {
    params: sortedUnion(runs.map((r) => Object.keys(r.params))),
    metrics: orderMetricKeys(sortedUnion(runs.map((r) => Object.keys(r.metrics)))),
    inputs: sortedUnion(runs.map((r) => r.inputs.map((i) => i.path))),
    artifacts: sortedUnion(runs.map((r) => r.artifacts.map((a) => a.path))),
    environment: sortedUnion(runs.map((r) => Object.keys(r.environment).filter((k) => r.environment[k] !== undefined))),
    tags: sortedUnion(runs.map((r) => Object.keys(r.tags))),
  };
}

const ABSENT = '—';

// Documents show 8 significant digits, so float noise never shows as a difference.
const docNumber = (v: number) => formatNumber(v, 8);

// Chart labels need fewer digits than the diff editor: an axis label is read at a glance.
const chartNumber = (v: number) => formatNumber(v, 4);

// One line per value, whatever it holds: a newline inside a value would shift every later line.
const oneLine = (s: string) => s.replace(/\\/g, '\\\\').replace(/\r?\n|\r/g, '\\n');

function formatParam(v: unknown): string {
  if (v === undefined) return ABSENT;
  if (typeof v === 'number') return docNumber(v);
  return oneLine(typeof v === 'string' ? v : JSON.stringify(v));
}

const iso = (t: number | undefined) => (t === undefined ? ABSENT : new Date(t).toISOString());

function section(title: string, entries: Array<[string, string]>): string[] {
  if (!entries.length) return [`[${title}]`, '(none)', ''];
  const width = maxOf(entries.map(([k]) => k.length), 0);
  return [`[${title}]`, ...entries.map(([k, v]) => `${k.padEnd(width)} = ${v}`), ''];
}

/**
 * A run as stable, human-readable text for VS Code's diff editor. Every key of `keys` (the union over
 * the compared runs) gets its own line in every run's document, "—" where this run lacks it, so the
 * same key sits on the same line on both sides and a difference shows inline, never as a shift.
 */
export function runDocument(run: RunDetails, keys: CompareKeys = compareKeys([run])): string {
  // A linked input names its dataset version too: "train@3  <sha256>".
  const inputs = new Map(run.inputs.map((i) => [i.path, i.dataset ? `${i.dataset.name}@${i.dataset.version}  ${i.hash}` : i.hash]));
  const artifacts = new Map(run.artifacts.map((a) => [a.path, a]));
  const lines = [
    ...section('Run', [
      ['id', run.id],
      ['name', oneLine(run.name)],
      ['experiment', oneLine(run.experiment)],
      ['status', run.status],
      ['exit code', run.exitCode === undefined ? ABSENT : String(run.exitCode)],
      ['command', oneLine(run.command)],
      ['cwd', oneLine(run.cwd)],
      ['started', iso(run.startedAt)],
      ['ended', iso(run.endedAt)],
      ['duration', run.durationMs === undefined ? ABSENT : `${(run.durationMs / 1000).toFixed(1)} s`],
    ]),
    ...section(
      'Params',
      keys.params.map((k) => [k, formatParam(Object.hasOwn(run.params, k) ? run.params[k] : undefined)]),
    ),
    ...section(
      'Metrics (last / min / max, points)',
      keys.metrics.map((k) => {
        const m = run.metrics[k];
        return [k, m ? `${docNumber(m.last)} / ${docNumber(m.min)} / ${docNumber(m.max)} (${m.count})` : ABSENT];
      }),
    ),
    ...section('Inputs (SHA-256)', keys.inputs.map((p) => [oneLine(p), inputs.get(p) ?? ABSENT])),
    ...section(
      'Artifacts (SHA-256, bytes)',
      keys.artifacts.map((p) => {
        const a = artifacts.get(p);
        return [oneLine(p), a ? `${a.hash} ${a.size}` : ABSENT];
      }),
    ),
    ...section('Environment', keys.environment.map((k) => [k, oneLine(run.environment[k] ?? ABSENT)])),
    ...section('Git', [
      ['commit', run.git.commit ?? ABSENT],
      ['branch', run.git.branch ?? ABSENT],
      ['dirty', run.git.dirty === undefined ? ABSENT : run.git.dirty ? 'yes' : 'no'],
      ['diff', run.git.diff ?? ABSENT],
    ]),
    ...section('Tags', keys.tags.map((k) => [oneLine(k), Object.hasOwn(run.tags, k) ? oneLine(run.tags[k]) : ABSENT])),
    '[Note]',
    run.note ? oneLine(run.note) : ABSENT,
  ];
  return lines.join('\n') + '\n';
}

/* ---------- the compare table ---------- */

const MINIMIZED = /loss|error|mae|mse|rmse/i;

/** Maximize by default; losses and errors are minimized; `overrides` win. */
export function metricDirection(key: string, overrides: Record<string, Direction> = {}): Direction {
  return overrides[key] ?? (MINIMIZED.test(key) ? 'minimize' : 'maximize');
}

const metricValue = (v: number): MetricValue => (Number.isFinite(v) ? v : Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity');

function paramValue(v: unknown): ParamValue {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  return JSON.stringify(v) ?? null;
}

// Params compare by their JSON text, so 1 and "1" differ, and an absent key differs from any value.
const paramIdentity = (run: RunDetails, key: string) => (Object.hasOwn(run.params, key) ? JSON.stringify(run.params[key]) : undefined);

function bestOf(runs: RunDetails[], key: string, direction: Direction): BestOfMetric | undefined {
  let value: number | undefined;
  for (const r of runs) {
    const v = r.metrics[key]?.last;
    if (v === undefined || !Number.isFinite(v)) continue;
    if (value === undefined || (direction === 'maximize' ? v > value : v < value)) value = v;
  }
  if (value === undefined) return undefined;
  return { direction, value, runIds: runs.filter((r) => r.metrics[key]?.last === value).map((r) => r.id) };
}

/**
 * The primary metric: the requested one when some run has it, else the first key (sorted) that every
 * run logged, leaving system metrics aside; undefined when the runs share none.
 */
export function choosePrimaryMetric(runs: RunDetails[], requested?: string): string | undefined {
  if (requested && runs.some((r) => r.metrics[requested])) return requested;
  const shared = sortedUnion(runs.map((r) => Object.keys(r.metrics))).filter((k) => runs.every((r) => r.metrics[k]));
  return shared.find((k) => !isSystemMetric(k)) ?? shared[0];
}

/**
 * The compare panel's data: one row per run, the differing params, the metrics in reading order (the
 * primary one first, system metrics last), the best run per model metric (by last value) and a
 * parallel-coordinates dataset of params against the primary metric.
 */
export function compareTable(runs: RunDetails[], primaryMetric?: string, directions: Record<string, Direction> = {}): CompareData {
  const keys = compareKeys(runs);
  const differingParams = keys.params.filter((k) => new Set(runs.map((r) => paramIdentity(r, k))).size > 1);
  const best: Record<string, BestOfMetric> = {};
  for (const k of keys.metrics.filter((m) => !isSystemMetric(m))) {
    const b = bestOf(runs, k, metricDirection(k, directions));
    if (b) best[k] = b;
  }
  const primary = choosePrimaryMetric(runs, primaryMetric);
  const rows: CompareRow[] = runs.map((r) => ({
    id: r.id,
    name: r.name,
    experiment: r.experiment,
    status: r.status,
    startedAt: r.startedAt,
    durationMs: r.durationMs,
    params: Object.fromEntries(Object.entries(r.params).map(([k, v]) => [k, paramValue(v)])),
    metrics: Object.fromEntries(
      Object.entries(r.metrics).map(([k, m]): [string, CompareMetric] => [k, { last: metricValue(m.last), min: metricValue(m.min), max: metricValue(m.max), count: m.count }]),
    ),
    ...(r.cpuSeconds !== undefined ? { cpuSeconds: r.cpuSeconds } : {}),
    ...(r.gpuSeconds !== undefined ? { gpuSeconds: r.gpuSeconds } : {}),
    ...(r.cost !== undefined ? { cost: { amount: r.cost, currency: r.currency ?? DEFAULT_CURRENCY } } : {}),
  }));
  const cheapest = cheapestRuns(rows);
  // Params every run shares make flat axes: only differing ones are drawn, unless none differ.
  const axisParams = differingParams.length ? differingParams : keys.params;
  return { rows, paramKeys: keys.params, metricKeys: orderMetricKeys(keys.metrics, primary), differingParams, best, primaryMetric: primary, ...(cheapest ? { cheapest } : {}), parallel: parallelData(runs, axisParams, primary) };
}

/* ---------- parallel coordinates ---------- */

type AxisValue = number | string | undefined;

function parallelAxis(key: string, values: AxisValue[]): { axis: ParallelAxis; position: (v: AxisValue) => number | null } {
  const present = values.filter((v): v is number | string => v !== undefined);
  if (present.length && present.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    const nums = present as number[];
    const lo = minOf(nums);
    const hi = maxOf(nums);
    const position = (v: AxisValue) => (typeof v !== 'number' || !Number.isFinite(v) ? null : hi === lo ? 0.5 : (v - lo) / (hi - lo));
    const ticks = hi === lo ? [{ position: 0.5, label: chartNumber(lo) }] : [{ position: 0, label: chartNumber(lo) }, { position: 1, label: chartNumber(hi) }];
    return { axis: { key, kind: 'numeric', ticks }, position };
  }
  // Categorical: the distinct values in a stable order (numbers by value, then text), evenly spread.
  const cats = [...new Set(present.map(String))].sort((a, b) => {
    const [x, y] = [Number(a), Number(b)];
    return Number.isFinite(x) && Number.isFinite(y) ? x - y : a.localeCompare(b);
  });
  const at = (i: number) => (cats.length === 1 ? 0.5 : i / (cats.length - 1));
  const position = (v: AxisValue) => (v === undefined ? null : at(cats.indexOf(String(v))));
  return { axis: { key, kind: 'categorical', ticks: cats.map((label, i) => ({ position: at(i), label })) }, position };
}

function axisValue(v: unknown): AxisValue {
  if (v === undefined) return undefined;
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function parallelData(runs: RunDetails[], paramKeys: string[], primary: string | undefined): CompareData['parallel'] {
  const primaryOf = (r: RunDetails) => {
    const v = primary ? r.metrics[primary]?.last : undefined;
    return v !== undefined && Number.isFinite(v) ? v : null;
  };
  const columns: Array<{ key: string; values: AxisValue[] }> = paramKeys.map((k) => ({
    key: k,
    values: runs.map((r) => (Object.hasOwn(r.params, k) ? axisValue(r.params[k]) : undefined)),
  }));
  if (primary) columns.push({ key: primary, values: runs.map((r) => primaryOf(r) ?? undefined) });
  const axes: ParallelAxis[] = [];
  const points: ParallelPoint[] = [];
  for (const { key, values } of columns) {
    const { axis, position } = parallelAxis(key, values);
    axes.push(axis);
    runs.forEach((r, i) => {
      const v = values[i];
      points.push({ runId: r.id, runName: r.name, axis: key, position: position(v), label: v === undefined ? '—' : typeof v === 'number' ? formatNumber(v, 6) : v, primary: primaryOf(r) });
    });
  }
  return { axes, points };
}
