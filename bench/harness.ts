// `npm run bench`: every figure is measured beside a baseline in the same process, and reported as a
// ratio, because these machines are shared and absolute timings wander from run to run.
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface Figure {
  name: string;
  unit: string;
  value: number;
  baselineName: string;
  baseline: number;
  /** value / baseline. */
  ratio: number;
  /** Human reading of the ratio, e.g. "1.8x slower" or "0.93x the rate". */
  goal?: string;
}

/** Median milliseconds of `fn` over `rounds` runs after one warm-up. */
export function medianMs(fn: () => void, rounds = 7): number {
  fn();
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

export function figure(f: Omit<Figure, 'ratio'>): Figure {
  return { ...f, ratio: f.value / f.baseline };
}

const fmt = (n: number) => (n >= 1000 ? Math.round(n).toLocaleString('en-US') : n.toPrecision(3));

export function report(figures: Figure[], outFile: string): void {
  for (const f of figures) {
    console.log(`${f.name}`);
    // A baseline that could not run here (NaN) is named with the reason instead of a figure.
    const baseline = Number.isFinite(f.baseline) ? `baseline (${f.baselineName}): ${fmt(f.baseline)} ${f.unit}   ratio ${f.ratio.toFixed(2)}x` : `baseline ${f.baselineName}`;
    console.log(`  ${fmt(f.value)} ${f.unit}   ${baseline}${f.goal ? `   goal: ${f.goal}` : ''}`);
  }
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.writeFileSync(outFile, JSON.stringify({ date: new Date().toISOString(), node: process.versions.node, figures }, null, 2) + '\n');
  console.log(`\nwritten: ${outFile}`);
}
