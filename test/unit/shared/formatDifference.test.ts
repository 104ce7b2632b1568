// The change between two figures prints at the precision the figures are shown with.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { formatDifference, formatNumber } from '../../../src/shared/format';

test('a change is rounded to the finer decimal place of the two figures as shown', () => {
  assert.equal(formatDifference(21.88, 21.98), '0.1');
  // Shown as 21.88 and 21.98: the change read off them is 0.1, not 0.0999.
  assert.equal(formatNumber(21.8812), '21.88');
  assert.equal(formatNumber(21.9811), '21.98');
  assert.equal(formatDifference(21.8812, 21.9811), '0.1');
  assert.equal(formatDifference(21.98, 21.88), '0.1', 'unsigned: the caller writes the sign');
  // The finer figure decides: 0.5 against 0.1235 keeps four places.
  assert.equal(formatDifference(0.5, 0.123456), '0.3765');
  assert.equal(formatDifference(3, 7.5), '4.5');
  assert.equal(formatDifference(1e-7, 2.5e-7), '1.5e-7');
  assert.equal(formatDifference(100, 1000), '900');
});

test('a change finer than both figures keeps its own significant digits; no change reads 0', () => {
  // Both show as 12350: the change is still there, at four significant digits.
  assert.equal(formatDifference(12345.67, 12345.78), '0.11');
  assert.equal(formatDifference(0.123456, 0.123457), '0.000001');
  assert.equal(formatDifference(4.2, 4.2), '0');
});

test('a change to or from an infinite figure is infinite, spelled out', () => {
  assert.equal(formatDifference(1, Infinity), 'Infinity');
  assert.equal(formatDifference(1e308, -1e308), 'Infinity');
});
