// Monitors that a check would refuse, reported at their line in mlops.json: a dataset that is not
// declared, a model reference (reserved for the registry), a retrain naming neither a run nor a
// pipeline (or both); and, once the reference's columns are known (its stored profile), unknown
// columns and tests that do not fit a column's type.
import { findNodeAtLocation, type Node } from 'jsonc-parser';
import { NUMERIC_TESTS } from '../drift/types';
import { jsonPointer, problemLocator } from './problems';
import type { ConfigProblem, MlopsConfig, MonitorConfig } from './types';

type Segment = string | number;

/** A column of the reference as drift compares it. */
export type DriftColumnKind = 'numeric' | 'categorical';

function locator(text: string, tree: Node) {
  const locate = problemLocator(text);
  return (segments: Segment[], message: string): ConfigProblem => {
    const node = findNodeAtLocation(tree, segments);
    return locate(jsonPointer(segments), node?.offset ?? 0, node?.length ?? 1, message);
  };
}

/** The dataset a reference names (`train`, `train@3`, `train:data/a.csv@2`), or undefined for a model reference. */
export function referenceDataset(reference: string): string | undefined {
  if (reference.startsWith('model:')) return undefined;
  return /^([A-Za-z0-9][A-Za-z0-9_.-]*)/.exec(reference)?.[1];
}

/**
 * Problems of every monitor found without the store: names of datasets and runs, and a folder as
 * `current` (versioned as a whole, its files are not batches). `declared`: the datasets as written.
 */
export function monitorProblems(text: string, tree: Node, config: MlopsConfig, declared: string[], isFolder: (dataset: string) => boolean = () => false): ConfigProblem[] {
  const at = locator(text, tree);
  const problems: ConfigProblem[] = [];
  const known = declared.length ? ` (declared: ${declared.join(', ')})` : '';
  for (const [name, m] of Object.entries(config.monitors)) {
    if (!declared.includes(m.current)) {
      problems.push(at(['monitors', name, 'current'], `monitor "${name}" checks dataset "${m.current}", which is not under "datasets"${known}: declare it (e.g. "${m.current}": "data/${m.current}/*.csv"), or name a declared dataset`));
    }
    else if (isFolder(m.current)) {
      const folder = config.datasets[m.current].path.replace(/\/+$/, '');
      problems.push(at(['monitors', name, 'current'], `dataset "${m.current}" is a folder, versioned as a whole, so its files are not batches: declare it as a glob ("${folder}/*.csv") to check each new file`));
    }
    const refDataset = referenceDataset(m.reference);
    if (refDataset === undefined) {
      problems.push(at(['monitors', name, 'reference'], `reference "${m.reference}": model references (the data a model version was trained on) are not yet supported; name the dataset version instead, e.g. "train@3"`));
    } else if (!declared.includes(refDataset)) {
      problems.push(at(['monitors', name, 'reference'], `monitor "${name}" compares with dataset "${refDataset}", which is not under "datasets"${known}: declare it, or name a declared dataset (e.g. "train@3")`));
    }
    (m.actions ?? []).forEach((a, i) => {
      if (!('retrain' in a)) return;
      const where = ['monitors', name, 'actions', i, 'retrain'];
      const isRun = a.retrain in config.runs;
      const isPipeline = a.retrain in config.pipelines;
      if (!isRun && !isPipeline) {
        const list = (names: string[]) => (names.length ? ` (${names.join(', ')})` : ' (none declared)');
        problems.push(
          at(where, `retrain names "${a.retrain}", which is neither a run under "runs"${list(Object.keys(config.runs))} nor a pipeline under "pipelines"${list(Object.keys(config.pipelines))}: add it to one of them, or name an existing one`),
        );
      } else if (isRun && isPipeline) {
        // The run config would win (retrain.ts); say so rather than let the pipeline be silently ignored.
        problems.push(at(where, `retrain names "${a.retrain}", which is both a run under "runs" and a pipeline under "pipelines": the run would be launched; rename one of them so the retrain says which`));
      }
    });
  }
  return problems;
}

/** The columns a monitor names, each with where it is written. */
function namedColumns(m: MonitorConfig): { column: string; segments: Segment[]; role: string }[] {
  const out: { column: string; segments: Segment[]; role: string }[] = [];
  (m.columns ?? []).forEach((c, i) => out.push({ column: c, segments: ['columns', i], role: 'columns' }));
  (m.ignore ?? []).forEach((c, i) => out.push({ column: c, segments: ['ignore', i], role: 'ignore' }));
  for (const c of Object.keys(m.tests ?? {})) out.push({ column: c, segments: ['tests', c], role: 'tests' });
  for (const role of ['target', 'prediction', 'score'] as const) {
    const c = m[role];
    if (c !== undefined) out.push({ column: c, segments: [role], role });
  }
  if (m.chunk && 'column' in m.chunk) out.push({ column: m.chunk.column, segments: ['chunk', 'column'], role: 'chunk.column' });
  return out;
}

/**
 * Problems only the reference's columns reveal: a column it does not have, a numeric test on a
 * categorical column. `columnsOf` gives a monitor's reference columns, or undefined when not yet known
 * (no version, no profile): nothing is guessed then.
 */
export function monitorColumnProblems(text: string, tree: Node, monitors: Record<string, MonitorConfig>, columnsOf: (name: string, m: MonitorConfig) => Map<string, DriftColumnKind> | undefined): ConfigProblem[] {
  const at = locator(text, tree);
  const problems: ConfigProblem[] = [];
  for (const [name, m] of Object.entries(monitors)) {
    const columns = columnsOf(name, m);
    if (!columns) continue;
    const list = [...columns.keys()];
    const shown = `${list.slice(0, 12).join(', ')}${list.length > 12 ? ', ...' : ''}`;
    for (const { column, segments, role } of namedColumns(m)) {
      // A test's key is reported at the key itself, the others at their value.
      const where = ['monitors', name, ...segments];
      if (!columns.has(column)) {
        problems.push(at(where, `${role}: the reference ${m.reference} has no column "${column}" (columns: ${shown}): fix the name, or remove it`));
      }
    }
    for (const [column, t] of Object.entries(m.tests ?? {})) {
      if (t.test && columns.get(column) === 'categorical' && (NUMERIC_TESTS as readonly string[]).includes(t.test)) {
        problems.push(
          at(['monitors', name, 'tests', column, 'test'], `test "${t.test}" compares numbers, but column "${column}" of ${m.reference} is categorical: use chisquare, gtest, ztest, fisher (two categories) or a binned test (psi, jensenshannon, ...)`),
        );
      }
    }
  }
  return problems;
}
