// Messages between the extension host and each webview panel. Both sides import these types and
// validate what they receive with the parse functions: anything unknown or malformed is dropped.
import type { OverviewData, RunsPerDay, OverviewCounts } from './overviewData';
import { isArrayOf, isCount, isRecord, isShape, isString, literal, type Guard } from './validate';

/* ---------- Overview panel ---------- */

/** Commands the overview may ask the host to run; nothing else is ever executed on its behalf. */
export const overviewCommands = ['mlops.initWorkspace', 'mlops.doctor', 'mlops.openConfig', 'mlops.showOutput'] as const;
export type OverviewCommand = (typeof overviewCommands)[number];

export type OverviewToHost =
  | { type: 'ready' }
  | { type: 'refresh' }
  | { type: 'runCommand'; command: OverviewCommand };

export type OverviewToWebview =
  | { type: 'overview'; data: OverviewData; hasConfig: boolean }
  | { type: 'error'; message: string };

const isOverviewToHost: Record<OverviewToHost['type'], Guard<unknown>> = {
  ready: isShape<{ type: 'ready' }>({ type: literal('ready') }),
  refresh: isShape<{ type: 'refresh' }>({ type: literal('refresh') }),
  runCommand: isShape<{ type: 'runCommand'; command: OverviewCommand }>({ type: literal('runCommand'), command: literal(...overviewCommands) }),
};

const isCounts = isShape<OverviewCounts>({
  runs: isCount,
  runningRuns: isCount,
  datasets: isCount,
  datasetVersions: isCount,
  models: isCount,
  modelVersions: isCount,
});
const isRunsPerDay = isShape<RunsPerDay>({ day: (v): v is string => isString(v) && /^\d{4}-\d{2}-\d{2}$/.test(v), status: isString, runs: isCount });
const isOverviewData = isShape<OverviewData>({ counts: isCounts, runsPerDay: isArrayOf(isRunsPerDay), generatedAt: isString });

const isOverviewToWebview: Record<OverviewToWebview['type'], Guard<unknown>> = {
  overview: isShape<{ type: 'overview'; data: OverviewData; hasConfig: boolean }>({
    type: literal('overview'),
    data: isOverviewData,
    hasConfig: (v): v is boolean => typeof v === 'boolean',
  }),
  error: isShape<{ type: 'error'; message: string }>({ type: literal('error'), message: isString }),
};

function parseWith<T extends { type: string }>(table: Record<string, Guard<unknown>>, msg: unknown): T | undefined {
  if (!isRecord(msg) || !isString(msg.type) || !Object.hasOwn(table, msg.type)) return undefined;
  return table[msg.type](msg) ? (msg as T) : undefined;
}

export const parseOverviewToHost = (msg: unknown) => parseWith<OverviewToHost>(isOverviewToHost, msg);
export const parseOverviewToWebview = (msg: unknown) => parseWith<OverviewToWebview>(isOverviewToWebview, msg);
