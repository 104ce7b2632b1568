import assert from 'node:assert/strict';
import { test } from 'node:test';
import { emptyConfig, type MlopsConfig } from '../../../src/core/config/types';
import { costOf, formatCost, resolvePrices, storageCost } from '../../../src/core/cost/prices';

function config(): MlopsConfig {
  return {
    ...emptyConfig(),
    cost: { cpuHour: 0.05, gpuHour: 2.5, storageGbMonth: 0.023 },
    runs: { train: { command: 'python train.py', cost: { gpuHour: 3 } } },
    pipelines: {
      p: {
        cost: { cpuHour: 0.1, currency: 'EUR' },
        stages: { fit: { command: 'x', cost: { gpuHour: 4 } }, prep: { command: 'y' } },
      },
    },
  };
}

test('resolvePrices: each field of the most specific object over the outer ones', () => {
  const c = config();
  assert.deepEqual(resolvePrices(c), { cpuHour: 0.05, gpuHour: 2.5, storageGbMonth: 0.023 });
  assert.deepEqual(resolvePrices(c, { run: 'train' }), { cpuHour: 0.05, gpuHour: 3, storageGbMonth: 0.023 });
  assert.deepEqual(resolvePrices(c, { run: 'unknown' }), { cpuHour: 0.05, gpuHour: 2.5, storageGbMonth: 0.023 });
  assert.deepEqual(resolvePrices(c, { pipeline: 'p', stage: 'fit' }), { cpuHour: 0.1, gpuHour: 4, storageGbMonth: 0.023, currency: 'EUR' });
  assert.deepEqual(resolvePrices(c, { pipeline: 'p', stage: 'prep' }), { cpuHour: 0.1, gpuHour: 2.5, storageGbMonth: 0.023, currency: 'EUR' });
});

test('resolvePrices: undefined when nothing is priced; a stage alone is enough', () => {
  const c = { ...config(), cost: undefined, runs: {} };
  assert.equal(resolvePrices(emptyConfig()), undefined);
  assert.equal(resolvePrices(emptyConfig(), { run: 'train' }), undefined);
  assert.deepEqual(resolvePrices({ ...c, pipelines: { q: { stages: { s: { command: 'x', cost: { gpuHour: 1 } } } } } }, { pipeline: 'q', stage: 's' }), { gpuHour: 1 });
});

test('costOf: CPU and GPU hours at their prices, a missing price counting 0', () => {
  assert.deepEqual(costOf({ cpuSeconds: 7200, gpuSeconds: 1800 }, { cpuHour: 0.05, gpuHour: 2.5 }), { amount: 0.1 + 1.25, currency: 'USD' });
  assert.deepEqual(costOf({ cpuSeconds: 3600, gpuSeconds: 3600 }, { gpuHour: 2, currency: 'EUR' }), { amount: 2, currency: 'EUR' });
  assert.deepEqual(costOf({ cpuSeconds: 3600 }, { cpuHour: 0.5, gpuHour: 2 }), { amount: 0.5, currency: 'USD' });
  assert.equal(costOf({ cpuSeconds: 3600 }, undefined), undefined);
  assert.equal(costOf({ cpuSeconds: 3600 }, { storageGbMonth: 0.02 }), undefined);
});

test('storageCost: decimal gigabytes per month', () => {
  assert.deepEqual(storageCost(2.5e9, { storageGbMonth: 0.02 }), { amount: 0.05, currency: 'USD' });
  assert.deepEqual(storageCost(1e9, { storageGbMonth: 0.02, currency: 'CHF' }, 3), { amount: 0.06, currency: 'CHF' });
  assert.equal(storageCost(1e9, { cpuHour: 1 }), undefined);
  assert.equal(storageCost(1e9, undefined), undefined);
});

test('formatCost: symbols for $, € and £, the code after the amount otherwise, under a cent said so', () => {
  assert.equal(formatCost({ amount: 0.42, currency: 'USD' }), '$0.42');
  assert.equal(formatCost({ amount: 1.2, currency: 'EUR' }), '€1.20');
  assert.equal(formatCost({ amount: 1.2, currency: 'chf' }), '1.20 CHF');
  assert.equal(formatCost({ amount: 0.0004, currency: 'USD' }), '< $0.01');
  assert.equal(formatCost({ amount: 0.0004, currency: 'CHF' }), '< 0.01 CHF');
  assert.equal(formatCost({ amount: 0, currency: 'USD' }), '$0.00');
  assert.equal(formatCost({ amount: 0.005, currency: 'USD' }), '$0.01');
  assert.equal(formatCost({ amount: 1234.5, currency: 'GBP' }), '£1,234.50');
});
