// PCA of the standardised reference through its d x d covariance: row blocks are accumulated into
// Z'Z (never an n x n or n x d matrix), then a symmetric eigendecomposition gives the components.
// Eigenvalues of Z'Z / (n - 1) are scikit-learn's explained variances (S^2 / (n - 1) of its SVD).
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import type { FeatureRows } from './featureEncoding';

/** Rows per block: large enough for ml-matrix's products to pay off, small enough to stay in cache. */
export const BLOCK_ROWS = 1024;

export interface PrincipalComponents {
  /** The standardised rows' mean, 0 up to rounding; subtracted as scikit-learn's PCA subtracts mean_. */
  center: number[];
  /** Each component's share of the total variance, largest first; null when the total is 0. */
  explainedVarianceRatio: number[] | null;
  /** The kept components, one unit vector over the features each. */
  components: number[][];
}

/**
 * Fits PCA on the standardised rows and keeps the fewest components whose cumulative explained
 * variance ratio exceeds `varianceTarget` (strictly, as scikit-learn's searchsorted side="right").
 * The rows' mean is 0 up to rounding (each column is centred on its own reference mean); it is still
 * subtracted, so a constant column's rounding residue cancels and adds no variance, as in scikit-learn.
 */
export function fitPrincipalComponents(rows: FeatureRows, n: number, varianceTarget: number): PrincipalComponents {
  const d = rows.width;
  const sums = Matrix.zeros(1, d);
  for (let start = 0; start < n; start += BLOCK_ROWS) sums.add(Matrix.rowVector(rows.block(start, Math.min(n, start + BLOCK_ROWS)).sum('column')));
  const center = sums.div(n).getRow(0);
  const scatter = Matrix.zeros(d, d);
  for (let start = 0; start < n; start += BLOCK_ROWS) {
    scatter.add(rows.block(start, Math.min(n, start + BLOCK_ROWS)).subRowVector(center).gram());
  }
  const evd = new EigenvalueDecomposition(scatter.div(n - 1), { assumeSymmetric: true });
  const vectors = evd.eigenvectorMatrix;
  // Rounding can leave a zero eigenvalue slightly negative; a variance is never below 0.
  const order = evd.realEigenvalues.map((value, index) => ({ value: Math.max(value, 0), index })).sort((a, b) => b.value - a.value);
  // scikit-learn's full SVD has min(n, d) components.
  const available = order.slice(0, Math.min(n, d));
  const total = order.reduce((s, e) => s + e.value, 0);
  if (total === 0) return { center, explainedVarianceRatio: null, components: [] };
  const ratio = available.map((e) => e.value / total);
  let kept = 0;
  let cumulative = 0;
  while (kept < ratio.length && cumulative <= varianceTarget) cumulative += ratio[kept++];
  const components = available.slice(0, kept).map((e) => vectors.getColumn(e.index));
  return { center, explainedVarianceRatio: ratio, components };
}
