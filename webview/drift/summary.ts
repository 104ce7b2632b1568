// The report's head: dataset drift or not, the share of drifted columns against driftShare, the two
// sides compared, multivariate drift (the error against its band), and the problems that fail the
// check as a whole.
import type { DriftData } from '../../src/shared/driftData';
import { multivariateLine } from '../../src/shared/multivariateLine';
import { h, present } from '../common/dom';

const percent = (x: number) => `${(x * 100).toFixed(x * 100 % 1 ? 1 : 0)}%`;
const rows = (n: number) => `${n.toLocaleString('en-US')} row${n === 1 ? '' : 's'}`;

export function summary(data: DriftData, colors: readonly [string, string]): HTMLElement {
  const verdict = data.datasetDrift ? 'Dataset drift' : 'No dataset drift';
  const correction = data.correction === 'none' ? '' : ` · p-values corrected (${data.correction === 'bh' ? 'Benjamini-Hochberg' : 'Bonferroni'})`;
  return h(
    'section',
    { class: 'summary', 'data-testid': 'summary' },
    h(
      'div',
      { class: 'cards' },
      h(
        'div',
        { class: `card verdict ${data.datasetDrift ? 'drift' : 'ok'}`, 'data-testid': 'dataset-drift', 'data-drift': String(data.datasetDrift) },
        h('div', { class: 'card-value' }, verdict),
        h('div', { class: 'card-detail' }, `drift when at least ${percent(data.driftShare)} of the columns drift`),
      ),
      h(
        'div',
        { class: 'card', 'data-testid': 'drift-share' },
        h('div', { class: 'card-value' }, `${data.drifted} / ${data.compared}`),
        h('div', { class: 'card-detail' }, `columns drifted (${percent(data.share)})${correction}`),
      ),
    ),
    h(
      'div',
      { class: 'sides' },
      ...(['reference', 'current'] as const).map((side, i) =>
        h(
          'span',
          { class: 'side', 'data-testid': `side-${side}` },
          h('span', { class: 'swatch', style: `background: ${colors[i]}` }),
          h('span', { class: 'muted' }, side === 'reference' ? 'Reference ' : 'Batch '),
          h('strong', {}, data[side].label),
          h('span', { class: 'muted' }, ` ${rows(data[side].rows)}`),
        ),
      ),
    ),
    ...present(
      data.multivariate &&
        h('div', { class: `multivariate ${data.multivariate.drift ? 'drift' : 'ok'}`, 'data-testid': 'multivariate', 'data-drift': String(data.multivariate.drift) }, multivariateLine(data.multivariate)),
      data.problems.length > 0 &&
        h('div', { class: 'problems', role: 'alert', 'data-testid': 'problems' }, h('strong', {}, 'The check failed:'), h('ul', {}, ...data.problems.map((p) => h('li', {}, p)))),
    ),
  );
}
