// Isotonic calibration of scores against 0/1 labels, equal to scikit-learn's
// IsotonicRegression(out_of_bounds="clip", y_min=0, y_max=1) fitted on (score, label) and then
// predicting new scores:
// - scores are sorted and scores less than 1e-15 above the first of a run
//   (numpy's float64 resolution, scikit-learn's test for a repeated x) form one point whose label is
//   the mean of the run's labels, weighted by its size;
// - pool-adjacent-violators turns those means into the closest non-decreasing sequence in weighted
//   least squares, clipped to [0, 1];
// - points inside a flat stretch are dropped (only its two ends are needed), which leaves the
//   thresholds scikit-learn exposes as X_thresholds_ and y_thresholds_;
// - a new score is clipped to the fitted range and interpolated linearly between the thresholds
//   around it (a single threshold predicts its value everywhere).

import { valueGroups } from './valueGroups';

export interface IsotonicCalibration {
  /** Ascending scores where the fitted function may bend. */
  xThresholds: Float64Array;
  /** The fitted (calibrated) value at each threshold, non-decreasing, in [0, 1]. */
  yThresholds: Float64Array;
}

/** numpy's finfo(float64).resolution: scores closer than this to the first of a run are one score. */
const X_RESOLUTION = 1e-15;

export function fitIsotonic(scores: Float64Array, labels: Float64Array): IsotonicCalibration {
  const n = scores.length;
  if (labels.length !== n) throw new Error(`isotonic calibration: ${n} scores but ${labels.length} labels`);
  if (n === 0) throw new Error('isotonic calibration needs at least one scored, labelled row');
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(scores[i])) throw new Error(`isotonic calibration: score ${i + 1} is ${scores[i]}; scores must be finite`);
    if (!Number.isFinite(labels[i])) throw new Error(`isotonic calibration: label ${i + 1} is ${labels[i]}; labels must be finite`);
  }
  // One point per distinct score (scores within X_RESOLUTION above the first of a run join it): its
  // value, the sum of its labels and its weight, the rows it stands for.
  const { values, groupOf } = valueGroups(scores);
  const pointOf = new Uint32Array(values.length);
  const x: number[] = [];
  for (let g = 0; g < values.length; g++) {
    if (g === 0 || values[g] - x[x.length - 1] >= X_RESOLUTION) x.push(values[g]);
    pointOf[g] = x.length - 1;
  }
  const sumY = new Float64Array(x.length);
  const weight = new Float64Array(x.length);
  for (let i = 0; i < n; i++) {
    const point = pointOf[groupOf[i]];
    sumY[point] += labels[i];
    weight[point]++;
  }
  const m = x.length;

  // Pool adjacent violators: a stack of blocks, each merged into its predecessor while the
  // predecessor's mean is not below it, so the block means end up increasing.
  const blockSum = new Float64Array(m);
  const blockWeight = new Float64Array(m);
  const blockEnd = new Uint32Array(m);
  let top = -1;
  for (let i = 0; i < m; i++) {
    top++;
    blockSum[top] = sumY[i];
    blockWeight[top] = weight[i];
    blockEnd[top] = i;
    while (top > 0 && blockSum[top - 1] / blockWeight[top - 1] >= blockSum[top] / blockWeight[top]) {
      blockSum[top - 1] += blockSum[top];
      blockWeight[top - 1] += blockWeight[top];
      blockEnd[top - 1] = blockEnd[top];
      top--;
    }
  }
  const fitted = new Float64Array(m);
  for (let b = 0, start = 0; b <= top; b++) {
    const value = Math.min(Math.max(blockSum[b] / blockWeight[b], 0), 1);
    for (let i = start; i <= blockEnd[b]; i++) fitted[i] = value;
    start = blockEnd[b] + 1;
  }

  // Keep the ends, and each point whose value differs from a neighbour's.
  const keptX: number[] = [];
  const keptY: number[] = [];
  for (let i = 0; i < m; i++) {
    if (i === 0 || i === m - 1 || fitted[i] !== fitted[i - 1] || fitted[i] !== fitted[i + 1]) {
      keptX.push(x[i]);
      keptY.push(fitted[i]);
    }
  }
  return { xThresholds: Float64Array.from(keptX), yThresholds: Float64Array.from(keptY) };
}

/** The calibrated value of each score (NaN stays NaN). */
export function predictIsotonic(calibration: IsotonicCalibration, scores: Float64Array): Float64Array {
  const { xThresholds: xs, yThresholds: ys } = calibration;
  const m = xs.length;
  const out = new Float64Array(scores.length);
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i];
    if (Number.isNaN(s)) {
      out[i] = Number.NaN;
      continue;
    }
    if (m === 1) {
      out[i] = ys[0];
      continue;
    }
    const t = Math.min(Math.max(s, xs[0]), xs[m - 1]);
    // The first threshold >= t, kept within 1..m-1 so that [hi - 1, hi] is a segment.
    let lo = 0;
    let hi = m;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (xs[mid] < t) lo = mid + 1;
      else hi = mid;
    }
    const right = Math.min(Math.max(lo, 1), m - 1);
    const left = right - 1;
    const slope = (ys[right] - ys[left]) / (xs[right] - xs[left]);
    out[i] = slope * (t - xs[left]) + ys[left];
  }
  return out;
}
