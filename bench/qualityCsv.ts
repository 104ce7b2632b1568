// The quality bench's table: a deterministic CSV (fixed seed) of numeric, categorical, boolean and
// date columns with a few nulls, written in 1 MiB blocks so its size costs no memory.
import * as fs from 'node:fs';
import { seededRandom } from '../src/core/seededRandom';

const CITIES = ['Amsterdam', 'Berlin', 'Cairo', 'Delhi', 'Edinburgh', 'Florence', 'Geneva', 'Hanoi', 'Istanbul', 'Jakarta', 'Kyoto', 'Lagos', 'Madrid', 'Nairobi', 'Oslo', 'Paris', 'Quito', 'Rome', 'Seoul', 'Tokyo', 'Utrecht', 'Vienna', 'Warsaw', 'Xiamen', 'Yerevan', 'Zurich'];
const SEGMENTS = ['bronze', 'silver', 'gold', 'platinum'];
export const QUALITY_COLUMNS = ['id', 'age', 'income', 'score', 'city', 'segment', 'active', 'signup'];

/** Writes about `mb` MiB of rows to `file` and returns the row count. Same seed, same bytes. */
export function writeQualityCsv(file: string, mb: number, seed = 20261127): number {
  const random = seededRandom(seed);
  const target = mb * 1048576;
  const fd = fs.openSync(file, 'w');
  let written = 0;
  let rows = 0;
  try {
    let block = QUALITY_COLUMNS.join(',') + '\n';
    while (written + block.length < target) {
      for (let i = 0; i < 8192; i++) {
        const id = ++rows;
        const r = random();
        // ~1% missing age, ~2% missing income, ~0.5% missing segment: nulls as pandas reads them.
        const age = r < 0.01 ? '' : String(18 + Math.floor(random() * 73));
        const income = random() < 0.02 ? '' : (Math.exp(10 + random() * 2) * (0.5 + random())).toFixed(2);
        const score = random().toFixed(6);
        const city = CITIES[Math.floor(random() * random() * CITIES.length)];
        const segment = random() < 0.005 ? 'NA' : SEGMENTS[Math.floor(random() * SEGMENTS.length)];
        const active = random() < 0.7 ? 'true' : 'false';
        const day = Math.floor(random() * 3650);
        const signup = new Date(Date.UTC(2015, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
        block += `${id},${age},${income},${score},${city},${segment},${active},${signup}\n`;
      }
      written += fs.writeSync(fd, block);
      block = '';
    }
  } finally {
    fs.closeSync(fd);
  }
  return rows;
}
