// The registry names every test of the CLI and mlops.json, with its kind, column types and DESIGN.md's defaults.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDrift, isTestName, testInfo } from '../../../src/core/drift/registry';
import { DRIFT_TESTS } from '../../../src/core/drift/types';

test('every test has a function, a kind, the column types it fits and its default threshold', () => {
  for (const name of DRIFT_TESTS) {
    const t = testInfo(name);
    assert.equal(typeof t.run, 'function', name);
    assert.equal(t.defaultThreshold, t.kind === 'pvalue' ? 0.05 : 0.1, name);
  }
  const distances = DRIFT_TESTS.filter((n) => testInfo(n).kind === 'distance').sort();
  assert.deepEqual(distances, ['energy', 'hellinger', 'jensenshannon', 'kl', 'psi', 'tvd', 'wasserstein']);
  assert.deepEqual(testInfo('ks').accepts, ['numeric']);
  assert.deepEqual(testInfo('psi').accepts, ['numeric', 'categorical']);
  assert.equal(testInfo('fisher').maxCategories, 2);
});

test('unknown names are refused naming the known ones; drift is p below or distance at or above the threshold', () => {
  assert.equal(isTestName('ks'), true);
  assert.equal(isTestName('KS'), false);
  assert.throws(() => testInfo('bogus'), /"bogus" is not a drift test: use one of ks, wasserstein/);
  assert.equal(isDrift('pvalue', 3, 0.049, 0.05), true);
  assert.equal(isDrift('pvalue', 3, 0.05, 0.05), false);
  assert.equal(isDrift('distance', 0.1, null, 0.1), true);
  assert.equal(isDrift('distance', NaN, null, 0.1), false);
  assert.equal(isDrift('pvalue', 3, NaN, 0.05), false);
});
