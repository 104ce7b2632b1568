// A model's performance on a batch, for monitors that name `target` and `prediction` (and `score`
// for classifiers): realised from the batch's labels when it has them, estimated from its scores
// (calibrated on the reference) when it has none, and both side by side when labels arrive with
// scores. Cells are read as pandas reads them: null tokens are missing, and a column whose every
// value is a number holds numeric labels.
import type { MonitorConfig } from '../config/types';
import type { DatasetVersion } from '../data/datasetVersions';
import { objectPath } from '../data/objectCache';
import type { CsvReadOptions } from '../data/readers/datasetReadOptions';
import { cellKind, scanNumber } from '../data/readers/inferTypes';
import { formatOf, openTable } from '../data/readers/openTable';
import type { Cell } from '../data/readers/types';
import { classificationMetrics, type ClassificationMetrics } from '../performance/classificationMetrics';
import { estimatePerformance, prepareEstimation, realisedVersusEstimated, type PerformanceEstimate, type RealisedVersusEstimated } from '../performance/estimatePerformance';
import type { LabelColumn } from '../performance/labels';
import { regressionMetrics, type RegressionMetrics } from '../performance/regressionMetrics';
import type { Store } from '../store/store';

export interface BatchPerformance {
  /** Absent when the model's columns could not be read at all. */
  task?: 'classification' | 'regression';
  /** From the batch's labels, when it has any. */
  realised?: ClassificationMetrics | RegressionMetrics;
  /** From the batch's scores without labels (classifiers with a score column). */
  estimated?: PerformanceEstimate;
  /** Labels and scores together: each estimated figure beside the realised one. */
  realisedVersusEstimated?: RealisedVersusEstimated[];
  /** Why a figure could not be computed (a missing column, one class only, scores outside 0..1). */
  problems: string[];
}

interface ModelColumns {
  target?: LabelColumn;
  prediction?: LabelColumn;
  score?: Float64Array;
  rows: number;
}

/** Past this many distinct numeric targets, a target without a score column is taken as a regression. */
const CLASSES_LIMIT = 20;

function toNumber(cell: Cell): number {
  return typeof cell === 'number' ? cell : typeof cell === 'string' ? scanNumber(cell.trim()) : Number.NaN;
}

/** A column's cells as labels: numbers when every value is one, else text; missing cells are null. */
function labels(cells: Cell[]): LabelColumn {
  const kinds = cells.map((c) => cellKind(c));
  const numeric = kinds.every((k) => k === 'null' || k === 'integer' || k === 'float');
  if (numeric) return cells.map((c, i) => (kinds[i] === 'null' ? null : toNumber(c)));
  return cells.map((c, i) => (kinds[i] === 'null' ? null : String(c)));
}

async function readModelColumns(store: Store, v: DatasetVersion, m: MonitorConfig, csv: CsvReadOptions): Promise<ModelColumns> {
  const table = await openTable(objectPath(store.root, v.hash), { format: formatOf(v.item), ...(Object.keys(csv).length ? { csv } : {}) });
  const wanted = { target: m.target, prediction: m.prediction, score: m.score };
  const cells: Record<string, Cell[]> = { target: [], prediction: [], score: [] };
  let rows = 0;
  let index: Record<string, number> = {};
  for await (const batch of table.batches()) {
    index = Object.fromEntries(Object.entries(wanted).map(([k, name]) => [k, name === undefined ? -1 : table.columns.indexOf(name)]));
    for (const row of batch) {
      if (row.ragged) continue;
      rows++;
      for (const k of Object.keys(cells)) if (index[k] >= 0) cells[k].push(row.values[index[k]] ?? null);
    }
  }
  const has = (k: string) => index[k] !== undefined && index[k] >= 0;
  return {
    rows,
    ...(has('target') ? { target: labels(cells.target) } : {}),
    ...(has('prediction') ? { prediction: labels(cells.prediction) } : {}),
    ...(has('score') ? { score: Float64Array.from(cells.score, (c) => (cellKind(c) === 'null' ? Number.NaN : toNumber(c))) } : {}),
  };
}

const present = (c: LabelColumn | undefined): c is LabelColumn => !!c && c.some((x) => x !== null);

function taskOf(m: MonitorConfig, reference: ModelColumns): 'classification' | 'regression' {
  if (m.score !== undefined) return 'classification';
  const t = reference.target ?? [];
  const numeric = t.every((x) => x === null || typeof x === 'number');
  return numeric && new Set(t.filter((x) => x !== null)).size > CLASSES_LIMIT ? 'regression' : 'classification';
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export async function batchPerformance(store: Store, reference: DatasetVersion, batch: DatasetVersion, m: MonitorConfig, csv: { reference: CsvReadOptions; batch: CsvReadOptions }): Promise<BatchPerformance | undefined> {
  if (m.target === undefined || (m.prediction === undefined && m.score === undefined)) return undefined;
  const [ref, cur] = await Promise.all([readModelColumns(store, reference, m, csv.reference), readModelColumns(store, batch, m, csv.batch)]);
  const task = taskOf(m, ref);
  const out: BatchPerformance = { task, problems: [] };
  const labelled = present(cur.target);
  if (labelled && cur.prediction) {
    try {
      out.realised =
        task === 'regression'
          ? regressionMetrics(cur.target as (number | null)[], cur.prediction as (number | null)[])
          : classificationMetrics(cur.target!, cur.prediction, cur.score ? { score: cur.score } : {});
    } catch (err) {
      out.problems.push(`realised performance: ${message(err)}`);
    }
  } else if (!cur.prediction && m.prediction !== undefined) out.problems.push(`the batch has no prediction column "${m.prediction}"`);
  if (task === 'classification' && m.score !== undefined) {
    try {
      if (!ref.score || !present(ref.target)) throw new Error(`the reference needs the target "${m.target}" and the score "${m.score}" to calibrate on`);
      if (!cur.score) throw new Error(`the batch has no score column "${m.score}"`);
      const calibrated = prepareEstimation({ target: ref.target, score: ref.score, ...(ref.prediction ? { prediction: ref.prediction } : {}) });
      const scored = { score: cur.score, ...(cur.prediction ? { prediction: cur.prediction } : {}) };
      if (labelled) out.realisedVersusEstimated = realisedVersusEstimated(calibrated, { ...scored, target: cur.target! });
      else out.estimated = estimatePerformance(calibrated, scored);
    } catch (err) {
      out.problems.push(`estimated performance: ${message(err)}`);
    }
  }
  return out;
}
