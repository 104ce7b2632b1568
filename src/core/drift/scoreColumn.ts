// One test on one column's two sides: the inputs the test reads (sorted samples, bins or categories),
// then its statistic and p-value. Used by a check and by the reference's chunks alike.
import { categoryCounts, numericBins, type AlignedCounts, type ColumnSide } from './columnInputs';
import type { TestInfo } from './registry';
import type { TestResult } from './types';

/** A test that cannot read this column (a numeric test on categories, Fisher on 3 categories). */
export class ColumnTestError extends Error {}

/** The counts a counts test reads from the two sides. */
export function countsFor(info: TestInfo, reference: ColumnSide, current: ColumnSide): AlignedCounts {
  if (info.input === 'binned' && reference.type === 'numeric' && current.type === 'numeric') return numericBins(reference.values, current.values);
  return categoryCounts(reference, current);
}

export function scoreColumn(info: TestInfo, reference: ColumnSide, current: ColumnSide): TestResult {
  if (info.input === 'numeric') {
    if (reference.type !== 'numeric' || current.type !== 'numeric') throw new ColumnTestError(`${info.name} (${info.title}) compares numbers; this column is categorical.`);
    return info.run(reference.values, current.values);
  }
  const counts = countsFor(info, reference, current);
  if (info.maxCategories !== undefined && counts.reference.length > info.maxCategories) {
    throw new ColumnTestError(`${info.name} (${info.title}) compares at most ${info.maxCategories} categories; with the batch this column has ${counts.reference.length}.`);
  }
  return info.run(counts.reference, counts.current);
}
