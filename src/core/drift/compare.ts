// A batch compared with its reference, column by column: the test (chosen or named), its statistic,
// p-value and threshold, drift, histograms of both sides; then the multiple-testing correction and
// dataset drift. A column missing from the batch, whose type changed, or left with no values is a
// problem on that column and in `problems` (the check fails), never a crash.
import type { ColumnData, TableData } from './columnData';
import { alignCategories } from './bins';
import { sturgesBins } from './columnInputs';
import { benjaminiHochberg, bonferroni } from './correction';
import { learnedThreshold, sideOf } from './learnedThreshold';
import { chooseMethod, distinctCategories, distinctSorted } from './methodChoice';
import type { ReferenceSummary } from './referenceSummary';
import { isDrift, testInfo, type TestInfo } from './registry';
import type { ColumnDrift, ColumnHistogram, ColumnType, DriftReport } from './reportTypes';
import { ColumnTestError, scoreColumn } from './scoreColumn';
import type { DriftTestName } from './types';

export interface ColumnOptions {
  test?: DriftTestName;
  /** A number, or "reference": learned from the reference's chunks. */
  threshold?: number | 'reference';
}

export interface CompareOptions {
  /** Compare only these columns (default: every column of the reference). */
  columns?: string[];
  ignore?: string[];
  perColumn?: Record<string, ColumnOptions>;
  /** Dataset drift when drifted / compared columns reaches this (default 0.5). */
  driftShare?: number;
  correction?: 'none' | 'bonferroni' | 'bh';
  /** Multivariate drift (PCA reconstruction error) beside the columns; on unless false. */
  multivariate?: boolean;
}

/** Options that cannot apply (an unknown column or test, a test that does not fit the column, a bad threshold). */
export class DriftInputError extends Error {}

/** At most this many categories are drawn; the rarest are folded into "(other)". */
export const HISTOGRAM_CATEGORIES = 20;

/** What a column will be compared with, or why it cannot be. */
export interface ColumnPlan {
  name: string;
  reference: ColumnData;
  current?: ColumnData;
  type: ColumnType;
  test: TestInfo;
  problem?: string;
}

const size = (c: ColumnData): number => (c.type === 'numeric' ? c.values.length : [...c.counts.values()].reduce((s, x) => s + x, 0));
const missingOf = (c: ColumnData | undefined): number => (c ? c.nulls + c.nan + c.infinite : 0);

/** A current column as the reference's type reads it (a text column whose values all look numeric stays categorical). */
function asType(c: ColumnData, type: ColumnType): ColumnData | undefined {
  if (c.type === type) return c;
  if (type === 'categorical' && c.type === 'numeric') {
    const counts = new Map<string, number>();
    for (const x of c.values) counts.set(String(x), (counts.get(String(x)) ?? 0) + 1);
    return { name: c.name, type: 'categorical', sourceType: 'string', counts, nulls: c.nulls, nan: c.nan, infinite: 0 };
  }
  return undefined;
}

function checkThreshold(column: string, test: TestInfo, threshold: number | 'reference' | undefined): void {
  if (threshold === undefined || threshold === 'reference') return;
  if (!Number.isFinite(threshold) || (test.kind === 'pvalue' ? threshold <= 0 || threshold > 1 : threshold < 0)) {
    throw new DriftInputError(
      `threshold ${threshold} of column ${column}: ${test.name} is a ${test.kind === 'pvalue' ? 'p-value test: give a p-value in (0, 1], e.g. 0.05' : 'distance: give a number >= 0, e.g. 0.1'}, or "reference" to learn it.`,
    );
  }
}

/** Which columns are compared, with which test; throws DriftInputError on options that cannot apply. */
export function planColumns(reference: ReferenceSummary, current: TableData, options: CompareOptions = {}): ColumnPlan[] {
  const known = new Set(reference.columns.map((c) => c.name));
  const listKnown = () => [...known].slice(0, 20).join(', ') + (known.size > 20 ? ', ...' : '');
  for (const name of [...(options.columns ?? []), ...Object.keys(options.perColumn ?? {})]) {
    if (!known.has(name)) throw new DriftInputError(`column ${name} is not in the reference (its columns: ${listKnown()}).`);
  }
  const only = options.columns?.length ? new Set(options.columns) : undefined;
  const ignore = new Set(options.ignore ?? []);
  const byName = new Map(current.columns.map((c) => [c.name, c]));
  const plans: ColumnPlan[] = [];
  for (const ref of reference.columns) {
    if ((only && !only.has(ref.name)) || ignore.has(ref.name)) continue;
    const opts = options.perColumn?.[ref.name] ?? {};
    const named = opts.test ? testInfo(opts.test) : undefined;
    if (named && !named.accepts.includes(ref.type)) {
      throw new DriftInputError(`test ${named.name} for column ${ref.name}: ${named.name} (${named.title}) compares numbers and column ${ref.name} is categorical (${ref.sourceType}); use psi, jensenshannon, chisquare or another test for categories.`);
    }
    if (named?.maxCategories !== undefined && (ref.type === 'numeric' ? distinctSorted(ref.values, new Float64Array(0), named.maxCategories + 1) : ref.counts.size) > named.maxCategories) {
      throw new DriftInputError(`test ${named.name} for column ${ref.name}: ${named.name} (${named.title}) compares at most ${named.maxCategories} categories and column ${ref.name} has more in the reference; use chisquare or gtest.`);
    }
    // Before the batch is seen (or when it cannot be compared), the choice by the reference alone;
    // n alone decides between p-value tests and distances, so the threshold's check holds either way.
    const fallback = named ?? testInfo(chooseMethod(ref.type, size(ref), ref.type === 'numeric' ? distinctSorted(ref.values, new Float64Array(0)) : ref.counts.size));
    checkThreshold(ref.name, fallback, opts.threshold);
    const found = byName.get(ref.name);
    const plan = (test: TestInfo, problem?: string, cur?: ColumnData): ColumnPlan => ({ name: ref.name, reference: ref, current: cur, type: ref.type, test, ...(problem ? { problem } : {}) });
    if (!found) {
      plans.push(plan(fallback, `column ${ref.name} is missing from the batch.`));
      continue;
    }
    if (ref.sourceType === 'null' || size(ref) === 0) {
      plans.push(plan(fallback, `column ${ref.name} has no values in the reference.`, found));
      continue;
    }
    if (found.sourceType === 'null' || size(found) === 0) {
      plans.push(plan(fallback, `column ${ref.name} has no values in the batch (${missingOf(found)} missing).`, found));
      continue;
    }
    const cur = asType(found, ref.type);
    if (!cur) {
      plans.push(plan(fallback, `column ${ref.name} changed type: ${ref.sourceType} in the reference, ${found.sourceType} in the batch.`, found));
      continue;
    }
    const distinct = ref.type === 'numeric' ? distinctSorted(ref.values, (cur as typeof ref).values) : distinctCategories(ref.counts, (cur as typeof ref).counts);
    const test = named ?? testInfo(chooseMethod(ref.type, size(ref), distinct));
    checkThreshold(ref.name, test, opts.threshold);
    plans.push(plan(test, undefined, cur));
  }
  return plans;
}

/** The overlaid histogram of a column: Sturges bins over both sides, or the union of categories. */
export function columnHistogram(reference: ColumnData, current: ColumnData): ColumnHistogram {
  if (reference.type === 'numeric' && current.type === 'numeric') {
    const bins = sturgesBins(reference.values, current.values);
    return { edges: Array.from(bins.edges!), reference: Array.from(bins.reference), current: Array.from(bins.current) };
  }
  const side = (c: ColumnData) => (c.type === 'categorical' ? c.counts : new Map<string, number>());
  const a = alignCategories(side(reference), side(current));
  if (a.categories.length <= HISTOGRAM_CATEGORIES) return { categories: a.categories, reference: Array.from(a.reference), current: Array.from(a.current) };
  // Most frequent over both sides first; the rest folded into one bar.
  const order = a.categories.map((_, i) => i).sort((i, j) => a.reference[j] + a.current[j] - (a.reference[i] + a.current[i]));
  const kept = order.slice(0, HISTOGRAM_CATEGORIES - 1);
  const rest = order.slice(HISTOGRAM_CATEGORIES - 1);
  const sum = (xs: Float64Array, idx: number[]) => idx.reduce((s, i) => s + xs[i], 0);
  return {
    categories: [...kept.map((i) => a.categories[i]), '(other)'],
    reference: [...kept.map((i) => a.reference[i]), sum(a.reference, rest)],
    current: [...kept.map((i) => a.current[i]), sum(a.current, rest)],
  };
}

export interface CompareLabels {
  reference: string;
  current: string;
}

export function compareColumns(reference: ReferenceSummary, current: TableData, options: CompareOptions = {}, labels: CompareLabels = { reference: 'reference', current: 'current' }): DriftReport {
  const driftShare = options.driftShare ?? 0.5;
  if (!(driftShare > 0 && driftShare <= 1)) throw new DriftInputError(`driftShare ${driftShare}: give a share in (0, 1], e.g. 0.5.`);
  const correction = options.correction ?? 'none';
  const plans = planColumns(reference, current, options);
  const problems: string[] = [];
  if (current.rows === 0) problems.push(`the batch ${labels.current} has no rows.`);
  const columns: ColumnDrift[] = plans.map((p) => {
    const opts = options.perColumn?.[p.name] ?? {};
    const base = {
      name: p.name,
      type: p.type,
      method: p.test.name,
      missing: { reference: missingOf(p.reference), current: missingOf(p.current) },
    };
    let threshold = typeof opts.threshold === 'number' ? opts.threshold : p.test.defaultThreshold;
    let thresholdSource: ColumnDrift['thresholdSource'] = typeof opts.threshold === 'number' ? 'config' : 'default';
    let problem = p.problem;
    if (!problem && opts.threshold === 'reference') {
      const scores = reference.chunkScores[p.name]?.[p.test.name];
      threshold = scores ? learnedThreshold(p.test.kind, scores) : NaN;
      thresholdSource = 'reference';
      if (Number.isNaN(threshold)) problem = `column ${p.name}: no threshold could be learned from the reference's chunks for ${p.test.name}.`;
    }
    if (problem) return { ...base, statistic: null, pValue: null, threshold, thresholdSource, drift: false, problem };
    let result;
    try {
      result = scoreColumn(p.test, sideOf(p.reference), sideOf(p.current!));
    } catch (err) {
      if (!(err instanceof ColumnTestError)) throw err;
      // The reference fits the test (planColumns checked): the batch brought what it cannot compare.
      return { ...base, statistic: null, pValue: null, threshold, thresholdSource, drift: false, problem: `column ${p.name}: ${err.message}` };
    }
    return {
      ...base,
      statistic: result.statistic,
      pValue: result.pValue,
      threshold,
      thresholdSource,
      drift: false,
      histogram: columnHistogram(p.reference, p.current!),
    };
  });
  if (correction !== 'none') {
    const adjusted = (correction === 'bonferroni' ? bonferroni : benjaminiHochberg)(columns.map((c) => (c.problem ? null : c.pValue)));
    columns.forEach((c, i) => {
      if (!c.problem && c.pValue !== null) c.pValue = adjusted[i];
    });
  }
  for (const c of columns) {
    if (c.problem) {
      problems.push(c.problem);
      continue;
    }
    c.drift = isDrift(kindOf(c), c.statistic!, c.pValue, c.threshold);
  }
  const compared = columns.filter((c) => !c.problem);
  const drifted = compared.filter((c) => c.drift).length;
  const share = compared.length ? drifted / compared.length : 0;
  return {
    datasetDrift: compared.length > 0 && share >= driftShare,
    share,
    driftShare,
    correction,
    columns,
    reference: { label: labels.reference, rows: reference.rows },
    current: { label: labels.current, rows: current.rows },
    problems,
  };
}

const kindOf = (c: ColumnDrift): TestInfo['kind'] => testInfo(c.method).kind;
