// Every drift test by its CLI and mlops.json name: what it computes from (sorted numeric samples, or
// counts on shared bins or categories), which column types it fits, whether its figure is a p-value
// or a distance, and its default threshold (DESIGN.md: p < 0.05, distances >= 0.1).
import type { ColumnType } from './reportTypes';
import { DRIFT_TESTS, type CountsTest, type DriftTestName, type NumericTest, type TestKind } from './types';
import { anderson } from './andersonDarling';
import { chisquare } from './chiSquare';
import { cvm } from './cramerVonMises';
import { energy } from './energyDistance';
import { fisher } from './fisherExact';
import { gtest } from './gTest';
import { hellinger } from './hellinger';
import { jensenshannon } from './jensenShannon';
import { kl } from './kl';
import { ks } from './ks';
import { mannwhitney } from './mannWhitney';
import { psi } from './psi';
import { tvd } from './tvd';
import { wasserstein } from './wasserstein';
import { ttest } from './welchT';
import { ztest } from './zTest';

/**
 * How a test reads a column:
 * - 'numeric': the sorted finite values of both sides;
 * - 'binned': counts on shared bins (numeric: Sturges edges over both sides, or one bin per value when
 *   the reference has at most 20 distinct values; categorical: one bin per category of the union);
 * - 'categories': counts per category of the union (a numeric column's distinct values are its
 *   categories).
 */
export type TestInput = 'numeric' | 'binned' | 'categories';

interface TestInfoBase {
  name: DriftTestName;
  kind: TestKind;
  accepts: readonly ColumnType[];
  defaultThreshold: number;
  /** A short description for help and errors. */
  title: string;
  /** At most this many categories (Fisher's 2x2 table, the two-proportion z-test). */
  maxCategories?: number;
}

export type TestInfo = TestInfoBase & ({ input: 'numeric'; run: NumericTest } | { input: 'binned' | 'categories'; run: CountsTest });

const BOTH: readonly ColumnType[] = ['numeric', 'categorical'];
const NUMERIC: readonly ColumnType[] = ['numeric'];

function info(name: DriftTestName, kind: TestKind, input: 'numeric', accepts: readonly ColumnType[], title: string, extra: { run: NumericTest }): TestInfo;
function info(name: DriftTestName, kind: TestKind, input: 'binned' | 'categories', accepts: readonly ColumnType[], title: string, extra: { run: CountsTest; maxCategories?: number }): TestInfo;
function info(name: DriftTestName, kind: TestKind, input: TestInput, accepts: readonly ColumnType[], title: string, extra: { run: NumericTest | CountsTest; maxCategories?: number }): TestInfo {
  // The overloads pair a numeric input with a NumericTest and counts with a CountsTest.
  return { name, kind, input, accepts, defaultThreshold: kind === 'pvalue' ? 0.05 : 0.1, title, ...extra };
}

const TESTS: Record<DriftTestName, TestInfo> = {
  ks: info('ks', 'pvalue', 'numeric', NUMERIC, 'two-sample Kolmogorov-Smirnov', { run: ks }),
  wasserstein: info('wasserstein', 'distance', 'numeric', NUMERIC, 'Wasserstein distance / std of the reference', { run: wasserstein }),
  anderson: info('anderson', 'pvalue', 'numeric', NUMERIC, 'Anderson-Darling k-sample', { run: anderson }),
  cvm: info('cvm', 'pvalue', 'numeric', NUMERIC, 'Cramér-von Mises two-sample', { run: cvm }),
  mannwhitney: info('mannwhitney', 'pvalue', 'numeric', NUMERIC, 'Mann-Whitney U', { run: mannwhitney }),
  ttest: info('ttest', 'pvalue', 'numeric', NUMERIC, "Welch's t-test", { run: ttest }),
  energy: info('energy', 'distance', 'numeric', NUMERIC, 'energy distance', { run: energy }),
  psi: info('psi', 'distance', 'binned', BOTH, 'population stability index', { run: psi }),
  kl: info('kl', 'distance', 'binned', BOTH, 'Kullback-Leibler divergence', { run: kl }),
  jensenshannon: info('jensenshannon', 'distance', 'binned', BOTH, 'Jensen-Shannon distance', { run: jensenshannon }),
  hellinger: info('hellinger', 'distance', 'binned', BOTH, 'Hellinger distance', { run: hellinger }),
  tvd: info('tvd', 'distance', 'binned', BOTH, 'total variation distance', { run: tvd }),
  chisquare: info('chisquare', 'pvalue', 'categories', BOTH, 'chi-square goodness of fit', { run: chisquare }),
  gtest: info('gtest', 'pvalue', 'categories', BOTH, 'G-test (log-likelihood ratio)', { run: gtest }),
  fisher: info('fisher', 'pvalue', 'categories', BOTH, "Fisher's exact test", { maxCategories: 2, run: fisher }),
  ztest: info('ztest', 'pvalue', 'categories', BOTH, 'two-proportion z-test', { maxCategories: 2, run: ztest }),
};

export function isTestName(name: string): name is DriftTestName {
  return (DRIFT_TESTS as readonly string[]).includes(name);
}

/** A test's description; throws naming the known tests when the name is not one. */
export function testInfo(name: string): TestInfo {
  if (!isTestName(name)) throw new Error(`"${name}" is not a drift test: use one of ${DRIFT_TESTS.join(', ')}.`);
  return TESTS[name];
}

/** Whether a test's figure means drift against a threshold: p below it, or a distance at or above it. */
export function isDrift(kind: TestInfo['kind'], statistic: number, pValue: number | null, threshold: number): boolean {
  if (kind === 'pvalue') return pValue !== null && !Number.isNaN(pValue) && pValue < threshold;
  return !Number.isNaN(statistic) && statistic >= threshold;
}
