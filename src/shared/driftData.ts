// What the Drift Report panel shows: one comparison of a batch with its reference (core's DriftReport,
// mirrored here because src/shared imports nothing from core), in the order the table opens with, and
// optionally the history the monitors record. The guards in protocol.ts check it at runtime.
import { toWire, type WireNumber } from './metricsData';

export const driftColumnTypes = ['numeric', 'categorical'] as const;
export const thresholdSources = ['default', 'config', 'reference'] as const;
export const driftCorrections = ['none', 'bonferroni', 'bh'] as const;

/** Core's ColumnHistogram: shared bins (numeric) or categories over both sides. */
export interface DriftHistogram {
  edges?: number[];
  categories?: string[];
  reference: number[];
  current: number[];
}

/** Core's ColumnDrift, as the panel reads it. */
export interface ColumnDriftShape {
  name: string;
  type: (typeof driftColumnTypes)[number];
  method: string;
  statistic: number | null;
  pValue: number | null;
  threshold: number;
  thresholdSource: (typeof thresholdSources)[number];
  drift: boolean;
  missing: { reference: number; current: number };
  problem?: string;
  histogram?: DriftHistogram;
}

/** The batch's PCA reconstruction error against the reference's band (core's MultivariateDrift is this type). */
export interface MultivariateDriftShape {
  method: 'pca-reconstruction';
  columns: string[];
  error: number | null;
  lower: number | null;
  upper: number | null;
  drift: boolean;
  components: number;
  explainedVariance: number | null;
  note?: string;
}

/** Core's DriftReport, as the panel reads it (driftPanel.ts checks core's type is assignable). */
export interface DriftReportShape {
  datasetDrift: boolean;
  share: number;
  driftShare: number;
  correction: (typeof driftCorrections)[number];
  columns: ColumnDriftShape[];
  reference: { label: string; rows: number };
  current: { label: string; rows: number };
  problems: string[];
  multivariate?: MultivariateDriftShape;
}

/** A column on the wire: webview messages are JSON, so an infinite statistic (a category new in the batch) travels as "Infinity". */
export interface DriftColumn extends Omit<ColumnDriftShape, 'statistic' | 'pValue'> {
  statistic: WireNumber | null;
  pValue: WireNumber | null;
}

/** One column's score at each check of a monitor, oldest first. */
export interface ScoreHistory {
  column: string;
  method: string;
  threshold: number;
  points: { batch: string; checkedAt: number; statistic: WireNumber | null; drift: boolean }[];
}

/** A performance metric over the checked batches: realised (labelled batches) and estimated with its band. */
export interface PerformanceHistory {
  metric: string;
  points: { batch: string; checkedAt: number; realised: number | null; estimated: number | null; lower: number | null; upper: number | null }[];
}

/** What a monitor's recorded checks add to a report; absent for a one-off comparison. */
export interface DriftHistory {
  scores: ScoreHistory[];
  performance: PerformanceHistory[];
}

export interface DriftData {
  datasetDrift: boolean;
  share: number;
  driftShare: number;
  correction: (typeof driftCorrections)[number];
  reference: { label: string; rows: number };
  current: { label: string; rows: number };
  problems: string[];
  /** Columns that were compared (no problem), and how many of them drifted. */
  compared: number;
  drifted: number;
  /** Drifted columns first, then columns with a problem, then the rest; each group in the report's order. */
  columns: DriftColumn[];
  /** Reported beside the columns; absent when the check left it out. */
  multivariate?: MultivariateDriftShape;
  history?: DriftHistory;
}

const wireOrNull = (v: number | null): WireNumber | null => (v === null ? null : toWire(v));

/** Where a column sits in the table's default order. */
const rank = (c: ColumnDriftShape): number => (c.drift ? 0 : c.problem ? 1 : 2);

/** The panel's data from a report (and a monitor's history, when there is one). */
export function driftData(report: DriftReportShape, history?: DriftHistory): DriftData {
  const columns = report.columns
    .map((c, i) => ({ c, i }))
    .sort((a, b) => rank(a.c) - rank(b.c) || a.i - b.i)
    .map(({ c }) => ({ ...c, statistic: wireOrNull(c.statistic), pValue: wireOrNull(c.pValue) }));
  const compared = report.columns.filter((c) => !c.problem);
  return {
    datasetDrift: report.datasetDrift,
    // No column compared (0 / 0): nothing drifted.
    share: Number.isFinite(report.share) ? report.share : 0,
    driftShare: report.driftShare,
    correction: report.correction,
    reference: { ...report.reference },
    current: { ...report.current },
    problems: [...report.problems],
    compared: compared.length,
    drifted: compared.filter((c) => c.drift).length,
    columns,
    ...(report.multivariate ? { multivariate: { ...report.multivariate, columns: [...report.multivariate.columns] } } : {}),
    ...(history ? { history } : {}),
  };
}
