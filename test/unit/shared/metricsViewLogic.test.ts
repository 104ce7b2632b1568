import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { ema } from '../../../src/shared/ema';
import { runColor, runColors } from '../../../src/shared/runPalette';
import { seriesCsv } from '../../../src/shared/seriesCsv';

test('ema: weight 0 is identity, debiased start, smoothing pulls toward the mean', () => {
  assert.deepEqual(ema([1, 2, 3], 0), [1, 2, 3]);
  const s = ema([10, 10, 10, 0, 0], 0.9);
  assert.ok(Math.abs(s[0] - 10) < 1e-9 && Math.abs(s[2] - 10) < 1e-9, 'debiased: a constant stays constant');
  assert.ok(s[3] > 5 && s[4] < s[3], 'drops slowly after a step change');
});

test('ema: NaN and infinities pass through without poisoning later values', () => {
  const s = ema([1, NaN, Infinity, -Infinity, 1], 0.5);
  assert.ok(Number.isNaN(s[1]));
  assert.equal(s[2], Infinity);
  assert.equal(s[3], -Infinity);
  assert.ok(Math.abs(s[4] - 1) < 1e-9);
});

test('palette: theme colors first, then distinct deterministic hues for any number of runs', () => {
  const base = ['#111', '#222', '#333'];
  assert.deepEqual(runColors(3, base), base);
  const many = runColors(60, base);
  assert.equal(new Set(many).size, 60);
  assert.equal(runColor(40, base), many[40]);
  assert.match(runColor(10, base, false), /^hsl\(/);
});

test('csv: header, quoting, NaN/Infinity spelled out, formula-looking names defused', () => {
  const csv = seriesCsv([
    { run_id: 'a', run_name: 'lr=0.1, "fast"', step: 1, timestamp: 5, relative_ms: 0, value: NaN, smoothed: Infinity, band_min: -Infinity, band_max: 2 },
    { run_id: 'b', run_name: '=cmd()', step: 2, timestamp: 6, relative_ms: 1, value: 1.5, smoothed: 1.5, band_min: 1.5, band_max: 1.5 },
  ]);
  const lines = csv.split('\r\n');
  assert.equal(lines[0], 'run_id,run_name,step,timestamp,relative_ms,value,smoothed,band_min,band_max');
  assert.equal(lines[1], 'a,"lr=0.1, ""fast""",1,5,0,NaN,Infinity,-Infinity,2');
  assert.equal(lines[2], "b,'=cmd(),2,6,1,1.5,1.5,1.5,1.5");
});
