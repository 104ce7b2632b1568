import type { RangeSpec, RunConfig, Scalar, SweepSpec } from '../config/types';
import { seededRandom } from '../seededRandom';

export class SweepError extends Error {}

const reserved = new Set(['samples', 'seed', 'parallel']);

function isRange(v: unknown): v is RangeSpec {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && 'min' in v && 'max' in v;
}

function sampleRange(r: RangeSpec, rand: () => number): number {
  if (r.log) {
    if (r.min <= 0 || r.max <= 0) throw new SweepError(`A log range needs min and max above 0 (got ${r.min}..${r.max}).`);
    const v = Math.exp(Math.log(r.min) + rand() * (Math.log(r.max) - Math.log(r.min)));
    return r.integer ? Math.round(v) : Number(v.toPrecision(6));
  }
  if (r.integer) {
    const lo = Math.ceil(r.min);
    return lo + Math.floor(rand() * (Math.floor(r.max) - lo + 1));
  }
  return Number((r.min + rand() * (r.max - r.min)).toPrecision(6));
}

/**
 * The param sets of a sweep, each merged over the run's own params: the full grid of the listed
 * values, or, with "samples", that many random draws (lists picked from, ranges sampled).
 */
export function expandSweep(run: RunConfig, overrides: Record<string, Scalar> = {}): Record<string, Scalar>[] {
  const spec: SweepSpec | undefined = run.sweep;
  if (!spec) throw new SweepError('This run has no "sweep" in mlops.json: add e.g. "sweep": {"lr": [0.1, 0.01]}.');
  const dims = Object.entries(spec).filter(([k]) => !reserved.has(k)) as [string, Scalar[] | RangeSpec][];
  if (!dims.length) throw new SweepError('The sweep names no params to vary.');
  const base = { ...(run.params ?? {}), ...overrides };
  if (spec.samples === undefined) {
    const ranged = dims.filter(([, v]) => isRange(v)).map(([k]) => k);
    if (ranged.length) throw new SweepError(`Ranges (${ranged.join(', ')}) need "samples" (how many random draws) in the sweep.`);
    let sets: Record<string, Scalar>[] = [{}];
    for (const [k, values] of dims as [string, Scalar[]][]) sets = sets.flatMap((s) => values.map((v) => ({ ...s, [k]: v })));
    return sets.map((s) => ({ ...base, ...s }));
  }
  const rand = seededRandom(spec.seed ?? 0);
  return Array.from({ length: spec.samples }, () => {
    const s: Record<string, Scalar> = {};
    for (const [k, v] of dims) s[k] = isRange(v) ? sampleRange(v, rand) : v[Math.floor(rand() * v.length)];
    return { ...base, ...s };
  });
}
