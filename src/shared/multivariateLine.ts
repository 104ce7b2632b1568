// One line on a report's multivariate drift, as the CLI, the HTML report, a monitor's terminal line
// and the Drift Report panel's summary print it.
import type { MultivariateDriftShape as MultivariateDrift } from './driftData';

const fmt = (x: number): string => (x === 0 ? '0' : Math.abs(x) >= 1e-3 && Math.abs(x) < 1e6 ? String(Number(x.toPrecision(4))) : x.toExponential(3));

export function multivariateLine(m: MultivariateDrift): string {
  if (m.note) return `Multivariate drift not computed: ${m.note}`;
  if (m.error === null || m.lower === null || m.upper === null) return 'Multivariate drift not computed: the batch has no rows.';
  const variance = m.explainedVariance === null ? '' : ` explaining ${(m.explainedVariance * 100).toFixed(1)}% of the reference's variance`;
  return (
    `${m.drift ? 'Multivariate drift' : 'No multivariate drift'}: PCA reconstruction error ${fmt(m.error)} ${m.drift ? 'outside' : 'within'} ` +
    `the reference's band [${fmt(m.lower)}, ${fmt(m.upper)}] (${m.components} component${m.components === 1 ? '' : 's'} over ${m.columns.length} columns${variance}).`
  );
}
