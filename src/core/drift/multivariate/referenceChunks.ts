// The reference cut into contiguous chunks, and the thresholds their errors give: a batch drifts when
// its error leaves mean +- sigmas * std of the chunks' errors (NannyML's rule), which tracks how much
// the error varies between samples of the reference itself rather than a p-value's false alarms.
import { ReconstructionInputError, type ReconstructionThresholds } from './modelTypes';

export const DEFAULT_CHUNK_COUNT = 10;

/**
 * Chunk lengths over `rows` rows: `count` chunks cut as numpy.array_split cuts them (the first
 * rows % count chunks one row longer), or chunks of `size` rows with a shorter remainder joined to
 * the last one (a short chunk's error varies more and would widen the band).
 */
export function chunkLengths(rows: number, opts: { chunkCount?: number; chunkSize?: number }): number[] {
  const { chunkCount, chunkSize } = opts;
  if (chunkCount !== undefined && chunkSize !== undefined) {
    throw new ReconstructionInputError('Give chunkCount or chunkSize for the reference chunks, not both.');
  }
  if (chunkSize !== undefined) {
    if (!Number.isInteger(chunkSize) || chunkSize < 1) throw new ReconstructionInputError(`chunkSize must be a whole number of rows of at least 1 (got ${chunkSize}).`);
    const full = Math.floor(rows / chunkSize);
    if (full < 2) {
      throw new ReconstructionInputError(`chunkSize ${chunkSize} leaves fewer than 2 chunks in the reference's ${rows} rows: thresholds need at least 2; use a chunkSize of at most ${Math.floor(rows / 2)}.`);
    }
    const lengths = new Array<number>(full).fill(chunkSize);
    lengths[full - 1] += rows - full * chunkSize;
    return lengths;
  }
  const count = chunkCount ?? DEFAULT_CHUNK_COUNT;
  if (!Number.isInteger(count) || count < 2) throw new ReconstructionInputError(`chunkCount must be a whole number of at least 2 (got ${count}).`);
  if (count > rows) {
    throw new ReconstructionInputError(`The reference has ${rows} rows, fewer than its ${count} chunks: use a chunkCount of at most ${rows}, or a larger reference.`);
  }
  const base = Math.floor(rows / count);
  const longer = rows % count;
  return Array.from({ length: count }, (_, i) => base + (i < longer ? 1 : 0));
}

/** Each chunk's mean of the rows' errors. */
export function chunkErrors(rowErrors: Float64Array, lengths: readonly number[]): number[] {
  const out: number[] = [];
  let start = 0;
  for (const length of lengths) {
    let sum = 0;
    for (let i = start; i < start + length; i++) sum += rowErrors[i];
    out.push(sum / length);
    start += length;
  }
  return out;
}

/** mean -+ sigmas * population std (ddof 0, as numpy.std) of the chunks' errors. */
export function chunkThresholds(errors: readonly number[], sigmas: number): ReconstructionThresholds {
  const mean = errors.reduce((s, e) => s + e, 0) / errors.length;
  const std = Math.sqrt(errors.reduce((s, e) => s + (e - mean) ** 2, 0) / errors.length);
  return { mean, std, sigmas, lower: Math.max(0, mean - sigmas * std), upper: mean + sigmas * std };
}
