// DESIGN.md's automatic choice of test by the reference's size and the distinct values of both sides.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseMethod, distinctCategories, distinctSorted } from '../../../src/core/drift/methodChoice';

test('n <= 1000: ks for numeric with u > 5, chi-square for 3..5 or categorical u > 2, z-test for u <= 2', () => {
  assert.equal(chooseMethod('numeric', 1000, 6), 'ks');
  assert.equal(chooseMethod('numeric', 10, 5), 'chisquare');
  assert.equal(chooseMethod('numeric', 10, 3), 'chisquare');
  assert.equal(chooseMethod('numeric', 10, 2), 'ztest');
  assert.equal(chooseMethod('categorical', 500, 40), 'chisquare');
  assert.equal(chooseMethod('categorical', 500, 2), 'ztest');
  assert.equal(chooseMethod('categorical', 500, 1), 'ztest');
});

test('n > 1000: Wasserstein for numeric with u > 5, Jensen-Shannon otherwise', () => {
  assert.equal(chooseMethod('numeric', 1001, 6), 'wasserstein');
  assert.equal(chooseMethod('numeric', 1001, 5), 'jensenshannon');
  assert.equal(chooseMethod('categorical', 1_000_000, 100), 'jensenshannon');
});

test('distinct values count both sides together, up to the cap', () => {
  assert.equal(distinctSorted(Float64Array.of(1, 1, 2), Float64Array.of(2, 3)), 3);
  assert.equal(distinctSorted(Float64Array.of(), Float64Array.of()), 0);
  assert.equal(distinctSorted(Float64Array.from({ length: 100 }, (_, i) => i), Float64Array.of(), 6), 6);
  assert.equal(distinctCategories(new Map([['a', 1], ['b', 2]]), new Map([['b', 1], ['c', 4]])), 3);
});
