// Wide-header figure: reading a CSV whose 1 MB header repeats one name (500,000 columns "a,a,a,...",
// each renamed a.1, a.2, ... as pandas does) against the same file with distinct names. Equal times
// mean the renaming is linear; it was quadratic (20,000 repeats took 13.7 s, 500,000 never finished).
// Here, on a loaded 2-core machine: 13.5 s against 9.5 s, and 23.8 s against 11.4 s.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openTable } from '../src/core/data/readers/openTable';
import { figure, type Figure } from './harness';

const COLUMNS = 500_000;

async function readSeconds(file: string): Promise<number> {
  const t = process.hrtime.bigint();
  const table = await openTable(file);
  for await (const _ of table.batches());
  if (table.columns.length !== COLUMNS) throw new Error(`${file}: ${table.columns.length} columns, expected ${COLUMNS}`);
  return Number(process.hrtime.bigint() - t) / 1e9;
}

export async function benchWideHeader(workdir: string): Promise<Figure[]> {
  const row = new Array(COLUMNS).fill('1').join(',') + '\n';
  const repeated = path.join(workdir, 'repeated-header.csv');
  const distinct = path.join(workdir, 'distinct-header.csv');
  fs.writeFileSync(repeated, new Array(COLUMNS).fill('a').join(',') + '\n' + row);
  fs.writeFileSync(distinct, Array.from({ length: COLUMNS }, (_, i) => `c${i}`).join(',') + '\n' + row);
  const value = await readSeconds(repeated);
  const baseline = await readSeconds(distinct);
  return [figure({ name: `CSV read, header of ${COLUMNS.toLocaleString('en-US')} repeated names (1 MB)`, unit: 's', value, baselineName: 'the same width with distinct names', baseline, goal: 'within 2x (linear renaming; the quadratic one never finished)' })];
}
