// Fast non-cryptographic hashes of table cells and rows, for diffing tables too big to hold.
// Two independent 32-bit lanes per cell; a row's hash combines them into 53 bits (an exact JS
// number), so n rows collide with probability about n^2 / 2^54 (1e-4 at 1.3 million rows).
import type { Cell } from './readers/types';

/** The text a cell is compared by: strings as they are, numbers and booleans as JSON writes them,
 * null (and a missing cell) as a marker no text can equal. */
function cellText(v: Cell | undefined): string {
  return v === null || v === undefined ? '\u0000null' : typeof v === 'string' ? v : String(v);
}

export interface CellHash {
  h1: number;
  h2: number;
}

/** Both lanes of one cell (FNV-1a style with murmur finalisers), written into `out`. */
export function hashCell(v: Cell | undefined, out: CellHash): void {
  const s = cellText(v);
  let h1 = 0x811c9dc5 | 0;
  let h2 = 0x9747b28c | 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  h1 ^= s.length;
  h1 = Math.imul(h1 ^ (h1 >>> 16), 0x85ebca6b);
  h1 = Math.imul(h1 ^ (h1 >>> 13), 0xc2b2ae35);
  out.h1 = h1 ^ (h1 >>> 16);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 0x7feb352d);
  h2 = Math.imul(h2 ^ (h2 >>> 15), 0x846ca68b);
  out.h2 = h2 ^ (h2 >>> 16);
}

/** Hashes the cells of `row` at `indexes` (in that order); per-cell first lanes go to `cells` when given. */
export function hashRow(row: readonly Cell[], indexes: readonly number[], scratch: CellHash, cells?: Int32Array, cellsAt = 0): number {
  let a = 0x2545f491 | 0;
  let b = 0x6c8e9cf5 | 0;
  for (let j = 0; j < indexes.length; j++) {
    hashCell(row[indexes[j]], scratch);
    if (cells) cells[cellsAt + j] = scratch.h1;
    // Order matters: the same values in other columns are another row.
    a = Math.imul(a ^ scratch.h1, 0x01000193) + j;
    a ^= a >>> 13;
    b = Math.imul(b ^ scratch.h2, 0x5bd1e995) + j;
    b ^= b >>> 15;
  }
  // 32 bits of one lane and 21 of the other: an exact integer below 2^53.
  return (a >>> 0) * 0x200000 + ((b >>> 0) & 0x1fffff);
}
