// Messages between the extension host and each webview panel. Both sides import these types and
// validate what they receive with the parse functions: anything unknown or malformed is dropped.
import { driftColumnTypes, driftCorrections, thresholdSources, type DriftColumn, type DriftData, type DriftHistogram, type DriftHistory, type MultivariateDriftShape, type PerformanceHistory, type ScoreHistory } from './driftData';
import { metricsExportFormats, type MetricsExportFormat, type MetricsRun, type MetricsSeries, type WireNumber } from './metricsData';
import type { CostWeek, DatasetStorage, OverviewCost, OverviewData, RunsPerDay, OverviewCounts } from './overviewData';
import type { BestOfMetric, CompareData, CompareMetric, CompareRow, MetricValue, ParallelAxis, ParallelPoint, ParamValue } from './compareData';
import { profileColumnTypes, quantileNames, type ProfileColumn, type ProfileColumnView, type ProfileCompareChoice, type ProfileData, type ProfileSubject, type ProfileValue } from './profileData';
import type { AuditFilter, AuditPage, AuditRow, AuditVerificationShape } from './auditData';
import { lineageDirections, lineageNodeKinds, type LineageData, type LineageDirectionShape, type LineageTone, type LineageViewNode } from './lineageData';
import type { VersionMetricPoint, VersionMetricsData } from './versionMetricsData';
import { dagStates, type DagData, type DagEdgeView, type DagNodeView, type DagPoint } from './dagData';
import { isArrayOf, isCount, isFiniteNumber, isRecord, isShape, isString, literal, type Guard } from './validate';

const optional = <T>(g: Guard<T>): Guard<T | undefined> => (v): v is T | undefined => v === undefined || g(v);
const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';

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
const isDay = (v: unknown): v is string => isString(v) && /^\d{4}-\d{2}-\d{2}$/.test(v);
const isRunsPerDay = isShape<RunsPerDay>({ day: isDay, status: isString, runs: isCount });
const isAmount = (v: unknown): v is number => isFiniteNumber(v) && v >= 0;
const isOverviewCost = isShape<OverviewCost>({
  computePrices: isBoolean,
  storagePrice: isBoolean,
  currency: isString,
  weeks: isArrayOf(isShape<CostWeek>({ week: isDay, cost: isAmount, cpuHours: isAmount })),
  storage: isArrayOf(isShape<DatasetStorage>({ dataset: isString, bytes: isCount, monthlyCost: optional(isAmount) })),
});
const isOverviewData = isShape<OverviewData>({
  counts: isCounts,
  runsPerDay: isArrayOf(isRunsPerDay),
  cost: optional(isOverviewCost),
  generatedAt: isString,
});

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

/* ---------- Compare panel ---------- */

export type CompareToHost =
  | { type: 'ready' }
  | { type: 'refresh' }
  | { type: 'setPrimaryMetric'; metric: string }
  /** Opens two of the compared runs in VS Code's diff editor or diffs their code. */
  | { type: 'compareInEditor' | 'compareCode'; runIds: [string, string] };

/** `versions`: Compare Versions' metrics across the compared model versions (absent for runs). */
export type CompareToWebview = { type: 'compare'; data: CompareData; versions?: VersionMetricsData } | { type: 'error'; message: string };

const nullable = <T>(g: Guard<T>): Guard<T | null> => (v): v is T | null => v === null || g(v);
const recordOf = <T>(g: Guard<T>): Guard<Record<string, T>> => (v): v is Record<string, T> => isRecord(v) && Object.values(v).every(g);
const isRunPair = (v: unknown): v is [string, string] => Array.isArray(v) && v.length === 2 && v.every(isString);
const isFraction = (v: unknown): v is number => isFiniteNumber(v) && v >= 0 && v <= 1;

const isCost = isShape<{ amount: number; currency: string }>({ amount: isAmount, currency: isString });
const isMetricValue: Guard<MetricValue> = (v): v is MetricValue => isFiniteNumber(v) || literal('NaN', 'Infinity', '-Infinity')(v);
const isParamValue: Guard<ParamValue> = (v): v is ParamValue => v === null || isString(v) || isBoolean(v) || isFiniteNumber(v);
const isCompareRow = isShape<CompareRow>({
  id: isString,
  name: isString,
  experiment: isString,
  status: isString,
  startedAt: optional(isFiniteNumber),
  durationMs: optional(isFiniteNumber),
  params: recordOf(isParamValue),
  metrics: recordOf(isShape<CompareMetric>({ last: isMetricValue, min: isMetricValue, max: isMetricValue, count: isCount })),
  cpuSeconds: optional(isAmount),
  gpuSeconds: optional(isAmount),
  cost: optional(isCost),
});
const isCompareData = isShape<CompareData>({
  rows: isArrayOf(isCompareRow),
  paramKeys: isArrayOf(isString),
  metricKeys: isArrayOf(isString),
  differingParams: isArrayOf(isString),
  best: recordOf(isShape<BestOfMetric>({ direction: literal('maximize', 'minimize'), value: isFiniteNumber, runIds: isArrayOf(isString) })),
  primaryMetric: optional(isString),
  cheapest: optional(isArrayOf(isString)),
  parallel: isShape<CompareData['parallel']>({
    axes: isArrayOf(
      isShape<ParallelAxis>({ key: isString, kind: literal('numeric', 'categorical'), ticks: isArrayOf(isShape<ParallelAxis['ticks'][number]>({ position: isFraction, label: isString })) }),
    ),
    points: isArrayOf(
      isShape<ParallelPoint>({ runId: isString, runName: isString, axis: isString, position: nullable(isFraction), label: isString, primary: nullable(isFiniteNumber) }),
    ),
  }),
});

const isVersionMetrics = isShape<VersionMetricsData>({
  metrics: isArrayOf(isString),
  directions: recordOf(literal('maximize', 'minimize')),
  points: isArrayOf(isShape<VersionMetricPoint>({ model: isString, version: isCount, metric: isString, value: nullable(isFiniteNumber), aliases: isArrayOf(isString) })),
});

const isCompareToHost: Record<CompareToHost['type'], Guard<unknown>> = {
  ready: isShape<{ type: 'ready' }>({ type: literal('ready') }),
  refresh: isShape<{ type: 'refresh' }>({ type: literal('refresh') }),
  setPrimaryMetric: isShape<{ type: 'setPrimaryMetric'; metric: string }>({ type: literal('setPrimaryMetric'), metric: isString }),
  compareInEditor: isShape<{ type: 'compareInEditor'; runIds: [string, string] }>({ type: literal('compareInEditor'), runIds: isRunPair }),
  compareCode: isShape<{ type: 'compareCode'; runIds: [string, string] }>({ type: literal('compareCode'), runIds: isRunPair }),
};

const isCompareToWebview: Record<CompareToWebview['type'], Guard<unknown>> = {
  compare: isShape<{ type: 'compare'; data: CompareData; versions?: VersionMetricsData }>({ type: literal('compare'), data: isCompareData, versions: optional(isVersionMetrics) }),
  error: isShape<{ type: 'error'; message: string }>({ type: literal('error'), message: isString }),
};

export const parseCompareToHost = (msg: unknown) => parseWith<CompareToHost>(isCompareToHost, msg);
export const parseCompareToWebview = (msg: unknown) => parseWith<CompareToWebview>(isCompareToWebview, msg);

/* ---------- Metrics panel ---------- */

export type MetricsToHost =
  /** `target`: points per series the webview wants (about two per pixel of chart width). */
  | { type: 'ready'; target: number }
  /** Ask the host to let the user add runs to the panel (a quick pick). */
  | { type: 'addRuns' }
  /** A chart or its data to save: SVG text, a PNG data URL, or CSV text. The host asks where. */
  | { type: 'export'; format: MetricsExportFormat; fileName: string; content: string }
  /** `count` series messages were drawn, in the order sent: the host may send that many more (later updates merged meanwhile). */
  | { type: 'applied'; count: number };

export type MetricsToWebview =
  | { type: 'runs'; runs: MetricsRun[] }
  /** `sentAt`: the host's clock when posted; `queryMs`: how long the host took to read the points. */
  | { type: 'series'; series: MetricsSeries[]; sentAt: number; queryMs: number }
  | { type: 'error'; message: string };

/** Exports are a chart or its downsampled data: generous, but bounded. */
export const METRICS_EXPORT_MAX_CHARS = 64 * 1024 * 1024;
const isWireNumber = (v: unknown): v is WireNumber => isFiniteNumber(v) || v === 'NaN' || v === 'Infinity' || v === '-Infinity';
const isFileName = (v: unknown): v is string => isString(v) && /^[^\\/:*?"<>|\u0000-\u001f]{1,200}$/.test(v) && !/^\.+$/.test(v);
const isExportContent = (v: unknown): v is string => isString(v) && v.length > 0 && v.length <= METRICS_EXPORT_MAX_CHARS;

const isExportShape = isShape<{ type: 'export'; format: MetricsExportFormat; fileName: string; content: string }>({
  type: literal('export'),
  format: literal(...metricsExportFormats),
  fileName: isFileName,
  content: isExportContent,
});

const isMetricsToHost: Record<MetricsToHost['type'], Guard<unknown>> = {
  ready: isShape<{ type: 'ready'; target: number }>({ type: literal('ready'), target: (v): v is number => isCount(v) && v >= 3 && v <= 100_000 }),
  addRuns: isShape<{ type: 'addRuns' }>({ type: literal('addRuns') }),
  applied: isShape<{ type: 'applied'; count: number }>({ type: literal('applied'), count: (v): v is number => isCount(v) && v >= 1 && v <= 1_000_000 }),
  // A PNG travels as a data URL; anything else claiming to be one is refused.
  export: (v): v is unknown => isExportShape(v) && (v.format !== 'png' || v.content.startsWith('data:image/png;base64,')),
};

const isMetricsRun = isShape<MetricsRun>({
  id: isString,
  name: isString,
  experiment: isString,
  status: isString,
  origin: (v): v is number | null => v === null || isFiniteNumber(v),
});

const isSeriesShape = isShape<MetricsSeries>({
  runId: isString,
  key: isString,
  mode: literal('replace', 'append'),
  step: isArrayOf(isFiniteNumber),
  value: isArrayOf(isWireNumber),
  timestamp: isArrayOf(isFiniteNumber),
  relative: isArrayOf(isFiniteNumber),
  lo: isArrayOf(isWireNumber),
  hi: isArrayOf(isWireNumber),
});
const isMetricsSeries = (v: unknown): v is MetricsSeries =>
  isSeriesShape(v) && [v.value, v.timestamp, v.relative, v.lo, v.hi].every((column) => column.length === v.step.length);

const isMetricsToWebview: Record<MetricsToWebview['type'], Guard<unknown>> = {
  runs: isShape<{ type: 'runs'; runs: MetricsRun[] }>({ type: literal('runs'), runs: isArrayOf(isMetricsRun) }),
  series: isShape<{ type: 'series'; series: MetricsSeries[]; sentAt: number; queryMs: number }>({
    type: literal('series'),
    series: isArrayOf(isMetricsSeries),
    sentAt: isFiniteNumber,
    queryMs: (v): v is number => isFiniteNumber(v) && v >= 0,
  }),
  error: isShape<{ type: 'error'; message: string }>({ type: literal('error'), message: isString }),
};

export const parseMetricsToHost = (msg: unknown) => parseWith<MetricsToHost>(isMetricsToHost, msg);
export const parseMetricsToWebview = (msg: unknown) => parseWith<MetricsToWebview>(isMetricsToWebview, msg);

/* ---------- Profile panel ---------- */

export type ProfileToHost =
  | { type: 'ready' }
  /** Show this choice (a ProfileCompareChoice id) beside the profile, or nothing (null). */
  | { type: 'compareWith'; target: string | null }
  /** Save the shown profiles as JSON (the host holds them and asks where). */
  | { type: 'export' };

export type ProfileToWebview =
  | { type: 'profile'; data: ProfileData }
  /** Profiling under way: what, and how far (0..1). */
  | { type: 'progress'; label: string; fraction: number }
  | { type: 'error'; message: string };

// Statistics may be NaN or infinite: any number passes. Webview messages travel as JSON, so the host
// writes a non-finite figure as "Infinity", "-Infinity" or "NaN" (as metrics travel), shown as that text.
const isNumber = (v: unknown): v is number => typeof v === 'number';
const isFigure = (v: unknown): v is number => isNumber(v) || v === 'NaN' || v === 'Infinity' || v === '-Infinity';
const isProfileValue = (v: unknown): v is ProfileValue => isString(v) || isNumber(v) || isBoolean(v);
const isProfileColumn = isShape<ProfileColumn>({
  name: isString,
  type: literal(...profileColumnTypes),
  count: isCount,
  nulls: isCount,
  nullShare: isFraction,
  distinct: isCount,
  distinctError: optional(isFiniteNumber),
  min: nullable((v): v is number | string => isNumber(v) || isString(v)),
  max: nullable((v): v is number | string => isNumber(v) || isString(v)),
  mean: nullable(isFigure),
  std: nullable(isFigure),
  stdSample: nullable(isFigure),
  quantiles: nullable(isShape<Record<(typeof quantileNames)[number], number>>(Object.fromEntries(quantileNames.map((q) => [q, isFigure])) as Record<(typeof quantileNames)[number], Guard<number>>)),
  quantileRankError: optional(isFiniteNumber),
  histogram: nullable(isShape<NonNullable<ProfileColumn['histogram']>>({ edges: isArrayOf(isNumber), counts: isArrayOf(isFiniteNumber), approximate: optional(isBoolean) })),
  histogramNote: optional(isString),
  top: isArrayOf(isShape<ProfileColumn['top'][number]>({ value: isProfileValue, count: isCount })),
  domain: optional(isArrayOf(isProfileValue)),
  topApproximate: optional(isBoolean),
  lengths: nullable(isShape<NonNullable<ProfileColumn['lengths']>>({ min: isFiniteNumber, mean: isFiniteNumber, max: isFiniteNumber })),
  zerosShare: nullable(isFraction),
  negativesShare: nullable(isFraction),
});
const isOverlay = (v: unknown): v is NonNullable<ProfileColumnView['histogram']> =>
  isShape<NonNullable<ProfileColumnView['histogram']>>({ edges: isArrayOf(isFiniteNumber), counts: isArrayOf(isArrayOf(isFiniteNumber)) })(v) &&
  v.edges.length >= 2 &&
  v.counts.every((c) => c.length === v.edges.length - 1);
const isProfileColumnView = isShape<ProfileColumnView>({
  name: isString,
  only: optional(isCount),
  sides: isArrayOf(nullable(isProfileColumn)),
  histogram: nullable(isOverlay),
  top: isArrayOf(isShape<ProfileColumnView['top'][number]>({ value: isString, counts: isArrayOf(nullable(isCount)) })),
});
const isProfileSubject = isShape<ProfileSubject>({ label: isString, rows: isCount, columns: isCount, raggedRows: isCount, format: isString, notes: optional(isArrayOf(isString)) });
const isProfileDataShape = isShape<ProfileData>({
  subjects: isArrayOf(isProfileSubject),
  columns: isArrayOf(isProfileColumnView),
  choices: isArrayOf(isShape<ProfileCompareChoice>({ id: isString, label: isString })),
  comparedWith: nullable(isString),
});
/** One or two subjects, and every column has one entry per subject. */
const isProfileData = (v: unknown): v is ProfileData =>
  isProfileDataShape(v) &&
  (v.subjects.length === 1 || v.subjects.length === 2) &&
  v.columns.every((c) => c.sides.length === v.subjects.length && (c.histogram === null || c.histogram.counts.length === v.subjects.length) && c.top.every((t) => t.counts.length === v.subjects.length));

const isProfileToHost: Record<ProfileToHost['type'], Guard<unknown>> = {
  ready: isShape<{ type: 'ready' }>({ type: literal('ready') }),
  compareWith: isShape<{ type: 'compareWith'; target: string | null }>({ type: literal('compareWith'), target: nullable((v): v is string => isString(v) && v.length > 0 && v.length <= 500) }),
  export: isShape<{ type: 'export' }>({ type: literal('export') }),
};

const isProfileToWebview: Record<ProfileToWebview['type'], Guard<unknown>> = {
  profile: isShape<{ type: 'profile'; data: ProfileData }>({ type: literal('profile'), data: isProfileData }),
  progress: isShape<{ type: 'progress'; label: string; fraction: number }>({ type: literal('progress'), label: isString, fraction: isFraction }),
  error: isShape<{ type: 'error'; message: string }>({ type: literal('error'), message: isString }),
};

export const parseProfileToHost = (msg: unknown) => parseWith<ProfileToHost>(isProfileToHost, msg);
export const parseProfileToWebview = (msg: unknown) => parseWith<ProfileToWebview>(isProfileToWebview, msg);

/* ---------- Drift Report panel ---------- */

export const driftExportFormats = ['json', 'html'] as const;
export type DriftExportFormat = (typeof driftExportFormats)[number];

export type DriftToHost =
  | { type: 'ready' }
  /** Save the shown report as JSON (as `mlops drift --json` prints it) or as the HTML report; the host asks where. */
  | { type: 'export'; format: DriftExportFormat };

export type DriftToWebview = { type: 'drift'; data: DriftData } | { type: 'error'; message: string };

const isNullableWire = nullable(isWireNumber);
const isDriftHistogram = (v: unknown): v is DriftHistogram =>
  isShape<DriftHistogram>({ edges: optional(isArrayOf(isFiniteNumber)), categories: optional(isArrayOf(isString)), reference: isArrayOf(isCount), current: isArrayOf(isCount) })(v) &&
  v.reference.length === v.current.length &&
  // Bins: edges around every count; categories: one name per count; never both.
  (v.edges ? !v.categories && v.edges.length === v.reference.length + 1 : !!v.categories && v.categories.length === v.reference.length);
const isDriftColumn = isShape<DriftColumn>({
  name: isString,
  type: literal(...driftColumnTypes),
  method: isString,
  statistic: isNullableWire,
  pValue: isNullableWire,
  threshold: isFiniteNumber,
  thresholdSource: literal(...thresholdSources),
  drift: isBoolean,
  missing: isShape<DriftColumn['missing']>({ reference: isCount, current: isCount }),
  problem: optional(isString),
  histogram: optional(isDriftHistogram),
});
const isSide = isShape<DriftData['reference']>({ label: isString, rows: isCount });
const isDriftHistory = isShape<DriftHistory>({
  scores: isArrayOf(
    isShape<ScoreHistory>({
      column: isString,
      method: isString,
      threshold: isFiniteNumber,
      points: isArrayOf(isShape<ScoreHistory['points'][number]>({ batch: isString, checkedAt: isFiniteNumber, statistic: isNullableWire, drift: isBoolean })),
    }),
  ),
  performance: isArrayOf(
    isShape<PerformanceHistory>({
      metric: isString,
      points: isArrayOf(
        isShape<PerformanceHistory['points'][number]>({
          batch: isString,
          checkedAt: isFiniteNumber,
          realised: nullable(isFiniteNumber),
          estimated: nullable(isFiniteNumber),
          lower: nullable(isFiniteNumber),
          upper: nullable(isFiniteNumber),
        }),
      ),
    }),
  ),
});
const isDriftDataShape = isShape<DriftData>({
  datasetDrift: isBoolean,
  share: isFraction,
  driftShare: isFraction,
  correction: literal(...driftCorrections),
  reference: isSide,
  current: isSide,
  problems: isArrayOf(isString),
  compared: isCount,
  drifted: isCount,
  columns: isArrayOf(isDriftColumn),
  multivariate: optional(
    isShape<MultivariateDriftShape>({
      method: literal('pca-reconstruction'),
      columns: isArrayOf(isString),
      error: nullable(isFiniteNumber),
      lower: nullable(isFiniteNumber),
      upper: nullable(isFiniteNumber),
      drift: isBoolean,
      components: isCount,
      explainedVariance: nullable(isFiniteNumber),
      note: optional(isString),
    }),
  ),
  history: optional(isDriftHistory),
});
/** The counts agree with the columns: the summary and the table never tell two stories. */
const isDriftData = (v: unknown): v is DriftData =>
  isDriftDataShape(v) && v.compared === v.columns.filter((c) => !c.problem).length && v.drifted === v.columns.filter((c) => !c.problem && c.drift).length;

const isDriftToHost: Record<DriftToHost['type'], Guard<unknown>> = {
  ready: isShape<{ type: 'ready' }>({ type: literal('ready') }),
  export: isShape<{ type: 'export'; format: DriftExportFormat }>({ type: literal('export'), format: literal(...driftExportFormats) }),
};

const isDriftToWebview: Record<DriftToWebview['type'], Guard<unknown>> = {
  drift: isShape<{ type: 'drift'; data: DriftData }>({ type: literal('drift'), data: isDriftData }),
  error: isShape<{ type: 'error'; message: string }>({ type: literal('error'), message: isString }),
};

export const parseDriftToHost = (msg: unknown) => parseWith<DriftToHost>(isDriftToHost, msg);
export const parseDriftToWebview = (msg: unknown) => parseWith<DriftToWebview>(isDriftToWebview, msg);

/* ---------- Lineage panel ---------- */

export type LineageToHost =
  | { type: 'ready' }
  /** Walk the graph upstream, downstream or both from the same root. */
  | { type: 'direction'; direction: LineageDirectionShape }
  /** Open what a node of the shown graph stands for (the host checks the id is in it). */
  | { type: 'open'; node: string };

export type LineageToWebview = { type: 'lineage'; title: string; data: LineageData } | { type: 'error'; message: string };

const isTone = literal<LineageTone>('ok', 'bad', 'warn', 'none');
const isLineageNode = isShape<LineageViewNode>({
  id: isString,
  kind: literal(...lineageNodeKinds),
  label: isString,
  ref: nullable(isString),
  status: nullable(isShape<{ text: string; tone: LineageTone }>({ text: isString, tone: isTone })),
  badges: isArrayOf(isString),
  lines: isArrayOf(isString),
  openable: isBoolean,
});
const isLineageDataShape = isShape<LineageData>({
  root: isString,
  direction: literal(...lineageDirections),
  nodes: isArrayOf(isLineageNode),
  edges: isArrayOf(isShape<LineageData['edges'][number]>({ from: isString, to: isString, relation: isString })),
});
/** Every edge joins two nodes of the graph, and the root is one of them. */
const isLineageData = (v: unknown): v is LineageData => {
  if (!isLineageDataShape(v)) return false;
  const ids = new Set(v.nodes.map((n) => n.id));
  return ids.has(v.root) && v.edges.every((e) => ids.has(e.from) && ids.has(e.to));
};
const isNodeId = (v: unknown): v is string => isString(v) && v.length > 0 && v.length <= 1000;

const isLineageToHost: Record<LineageToHost['type'], Guard<unknown>> = {
  ready: isShape<{ type: 'ready' }>({ type: literal('ready') }),
  direction: isShape<{ type: 'direction'; direction: LineageDirectionShape }>({ type: literal('direction'), direction: literal(...lineageDirections) }),
  open: isShape<{ type: 'open'; node: string }>({ type: literal('open'), node: isNodeId }),
};

const isLineageToWebview: Record<LineageToWebview['type'], Guard<unknown>> = {
  lineage: isShape<{ type: 'lineage'; title: string; data: LineageData }>({ type: literal('lineage'), title: isString, data: isLineageData }),
  error: isShape<{ type: 'error'; message: string }>({ type: literal('error'), message: isString }),
};

export const parseLineageToHost = (msg: unknown) => parseWith<LineageToHost>(isLineageToHost, msg);
export const parseLineageToWebview = (msg: unknown) => parseWith<LineageToWebview>(isLineageToWebview, msg);

/* ---------- Audit Log panel ---------- */

export type AuditToHost =
  | { type: 'ready' }
  /** Show the page from `offset` of the entries matching `filter`. */
  | { type: 'query'; filter: AuditFilter; offset: number }
  /** Recompute the hash chain (verifyAudit) and show the outcome. */
  | { type: 'verify' }
  /** Copy the head hash of the last successful verification. */
  | { type: 'copyHead' };

export type AuditToWebview = { type: 'audit'; page: AuditPage; highlight: number | null } | { type: 'error'; message: string };

const isShortText = (v: unknown): v is string => isString(v) && v.length <= 500;
const isAuditFilter = isShape<AuditFilter>({
  action: optional(isShortText),
  object: optional(isShortText),
  actor: optional(isShortText),
  text: optional(isShortText),
  since: optional(isFiniteNumber),
});
const isAuditRow = isShape<AuditRow>({ seq: isCount, at: isFiniteNumber, actor: isString, action: isString, object: isString, reason: isString, details: isString, hash: isString });
const isVerification = (v: unknown): v is AuditVerificationShape =>
  isShape<Extract<AuditVerificationShape, { ok: true }>>({ ok: (x): x is true => x === true, entries: isCount, head: isString })(v) ||
  isShape<Extract<AuditVerificationShape, { ok: false }>>({ ok: (x): x is false => x === false, entries: isCount, seq: isCount, problem: isString, message: isString })(v);
const isAuditPage = isShape<AuditPage>({
  rows: isArrayOf(isAuditRow),
  matching: isCount,
  total: isCount,
  offset: isCount,
  pageSize: isCount,
  filter: isAuditFilter,
  actions: isArrayOf(isString),
  actors: isArrayOf(isString),
  verification: nullable(isVerification),
});

const isAuditToHost: Record<AuditToHost['type'], Guard<unknown>> = {
  ready: isShape<{ type: 'ready' }>({ type: literal('ready') }),
  query: isShape<{ type: 'query'; filter: AuditFilter; offset: number }>({ type: literal('query'), filter: isAuditFilter, offset: isCount }),
  verify: isShape<{ type: 'verify' }>({ type: literal('verify') }),
  copyHead: isShape<{ type: 'copyHead' }>({ type: literal('copyHead') }),
};

const isAuditToWebview: Record<AuditToWebview['type'], Guard<unknown>> = {
  audit: isShape<{ type: 'audit'; page: AuditPage; highlight: number | null }>({ type: literal('audit'), page: isAuditPage, highlight: nullable(isCount) }),
  error: isShape<{ type: 'error'; message: string }>({ type: literal('error'), message: isString }),
};

export const parseAuditToHost = (msg: unknown) => parseWith<AuditToHost>(isAuditToHost, msg);
export const parseAuditToWebview = (msg: unknown) => parseWith<AuditToWebview>(isAuditToWebview, msg);

/* ---------- Pipeline DAG panel ---------- */

export type DagToHost =
  | { type: 'ready' }
  /** Reveal a stage of the shown pipeline in the Pipelines view (the host checks it is one). */
  | { type: 'reveal'; stage: string };

export type DagToWebview = { type: 'dag'; data: DagData } | { type: 'error'; message: string };

const isDagPoint = isShape<DagPoint>({ x: isFiniteNumber, y: isFiniteNumber });
const isDagNode = isShape<DagNodeView>({ id: isString, state: literal(...dagStates), reasons: isArrayOf(isString), cost: isString, x: isFiniteNumber, y: isFiniteNumber });
const isDagEdge = isShape<DagEdgeView>({ from: isString, to: isString, label: isString, points: isArrayOf(isDagPoint) });
const isDagDataShape = isShape<DagData>({
  pipeline: isString,
  nodeWidth: isFiniteNumber,
  nodeHeight: isFiniteNumber,
  width: isFiniteNumber,
  height: isFiniteNumber,
  nodes: isArrayOf(isDagNode),
  edges: isArrayOf(isDagEdge),
  running: isBoolean,
});
/** Every edge joins two stages of the pipeline. */
const isDagData = (v: unknown): v is DagData => {
  if (!isDagDataShape(v)) return false;
  const ids = new Set(v.nodes.map((n) => n.id));
  return v.edges.every((e) => ids.has(e.from) && ids.has(e.to));
};

const isDagToHost: Record<DagToHost['type'], Guard<unknown>> = {
  ready: isShape<{ type: 'ready' }>({ type: literal('ready') }),
  reveal: isShape<{ type: 'reveal'; stage: string }>({ type: literal('reveal'), stage: isNodeId }),
};

const isDagToWebview: Record<DagToWebview['type'], Guard<unknown>> = {
  dag: isShape<{ type: 'dag'; data: DagData }>({ type: literal('dag'), data: isDagData }),
  error: isShape<{ type: 'error'; message: string }>({ type: literal('error'), message: isString }),
};

export const parseDagToHost = (msg: unknown) => parseWith<DagToHost>(isDagToHost, msg);
export const parseDagToWebview = (msg: unknown) => parseWith<DagToWebview>(isDagToWebview, msg);
