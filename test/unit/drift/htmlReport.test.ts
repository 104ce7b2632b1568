// The HTML report escapes every text from the data and stays self-contained.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderDriftHtml } from '../../../src/core/drift/htmlReport';
import type { DriftReport } from '../../../src/core/drift/reportTypes';

const report: DriftReport = {
  datasetDrift: true,
  share: 1,
  driftShare: 0.5,
  correction: 'bh',
  reference: { label: 'train<1>.csv', rows: 3 },
  current: { label: 'batch "b".csv', rows: 2 },
  problems: ['column <img src=x> is missing from the batch.'],
  columns: [
    { name: '<script>alert(1)</script>', type: 'categorical', method: 'chisquare', statistic: 4.5, pValue: 0.01, threshold: 0.05, thresholdSource: 'default', drift: true, missing: { reference: 0, current: 1 }, histogram: { categories: ['a&b', '<b>'], reference: [2, 1], current: [0, 2] } },
    { name: 'x', type: 'numeric', method: 'wasserstein', statistic: 0.3, pValue: null, threshold: 0.12, thresholdSource: 'reference', drift: true, missing: { reference: 0, current: 0 }, histogram: { edges: [0, 1, 2], reference: [1, 2], current: [2, 0] } },
    { name: '<img src=x>', type: 'numeric', method: 'ks', statistic: null, pValue: null, threshold: 0.05, thresholdSource: 'default', drift: false, missing: { reference: 0, current: 0 }, problem: 'column <img src=x> is missing from the batch.' },
  ],
};

test('every text from the data is escaped; no tag of the data survives', () => {
  const html = renderDriftHtml(report);
  assert.doesNotMatch(html, /<script>alert/);
  assert.doesNotMatch(html, /<img/);
  assert.doesNotMatch(html, /<b>/);
  assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  assert.match(html, /a&amp;b/);
  assert.match(html, /batch &quot;b&quot;\.csv/);
  // One script: the report's own table sorter.
  assert.equal((html.match(/<script>/g) ?? []).length, 1);
});

test('summary, thresholds by kind, learned thresholds, problems and one SVG per column with a histogram', () => {
  const html = renderDriftHtml(report);
  assert.match(html, /<strong>Dataset drift<\/strong>: 2 of 2 compared columns drifted/);
  assert.match(html, /Benjamini-Hochberg/);
  assert.match(html, /p &lt; 0\.05/);
  assert.match(html, /&gt;= 0\.12 \(learned\)/);
  assert.match(html, /failed: column &lt;img src=x&gt; is missing/);
  assert.equal((html.match(/<svg /g) ?? []).length, 2);
  assert.doesNotMatch(html, /https?:\/\//);
});

test('multivariate drift: one summary line with the error and its band, its note escaped; none when absent', () => {
  const multivariate: DriftReport['multivariate'] = { method: 'pca-reconstruction', columns: ['x', 'y'], error: 1.8, lower: 0.9, upper: 1.2, drift: true, components: 1, explainedVariance: 0.9 };
  assert.match(renderDriftHtml({ ...report, multivariate }), /<p class="summary">Multivariate drift: PCA reconstruction error 1\.8 outside the reference(?:'|&#39;|&#x27;)s band \[0\.9, 1\.2\] \(1 component over 2 columns explaining 90\.0%/);
  const skipped = { ...multivariate, error: null, lower: null, upper: null, drift: false, components: 0, explainedVariance: null, note: 'column <y> is missing from the batch.' };
  assert.match(renderDriftHtml({ ...report, multivariate: skipped }), /Multivariate drift not computed: column &lt;y&gt; is missing/);
  assert.doesNotMatch(renderDriftHtml(report), /ultivariate/);
});
