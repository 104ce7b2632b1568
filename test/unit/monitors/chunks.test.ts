// A batch split into chunks: by rows, or by the UTC day, ISO week or month of a timestamp column
// (labels as Python's date.isocalendar() gives the weeks), read once from a real file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openTable } from '../../../src/core/data/readers/openTable';
import { readTableColumns } from '../../../src/core/drift/columnData';
import { periodLabel, splitTable } from '../../../src/core/monitors/chunks';
import { tempWorkspace } from '../tempWorkspace';

test('period labels: days and months in UTC, ISO weeks across year ends as Python numbers them', () => {
  const at = (iso: string) => Date.parse(iso);
  // Python: date(2026,1,1).isocalendar() -> (2026, 1); 2027-01-01 -> (2026, 53); 2024-12-30 -> (2025, 1); 2021-01-03 -> (2020, 53).
  assert.equal(periodLabel(at('2026-01-01T00:00:00Z'), 'week'), '2026-W01');
  assert.equal(periodLabel(at('2027-01-01T12:00:00Z'), 'week'), '2026-W53');
  assert.equal(periodLabel(at('2024-12-30T00:00:00Z'), 'week'), '2025-W01');
  assert.equal(periodLabel(at('2021-01-03T23:59:59Z'), 'week'), '2020-W53');
  assert.equal(periodLabel(at('2026-03-02T08:00:00Z'), 'week'), '2026-W10');
  assert.equal(periodLabel(at('2026-03-01T23:30:00-02:00'), 'day'), '2026-03-02', 'a zone is honoured, the day is UTC');
  assert.equal(periodLabel(at('2026-12-31T23:00:00Z'), 'month'), '2026-12');
});

test('chunks by rows keep the order; by month they come in time order whatever the rows order; each reads as a table', async () => {
  const dir = tempWorkspace('mlops-chunks-');
  const file = path.join(dir, 'b.csv');
  fs.writeFileSync(file, 'ts,v\n2026-02-03,1\n2026-01-09,2\n2026-02-10,3\n2026-01-20,4\n2026-03-01,5\n');
  const byRows = await splitTable(await openTable(file), { rows: 2 });
  assert.deepEqual(byRows.map((c) => c.label), ['rows 1-2', 'rows 3-4', 'rows 5-5']);
  const byMonth = await splitTable(await openTable(file), { column: 'ts', period: 'month' });
  assert.deepEqual(byMonth.map((c) => c.label), ['2026-01', '2026-02', '2026-03']);
  const jan = await readTableColumns(byMonth[0].table);
  assert.equal(jan.rows, 2);
  const v = jan.columns.find((c) => c.name === 'v')!;
  assert.ok(v.type === 'numeric');
  assert.deepEqual([...v.values], [2, 4]);
  await assert.rejects(splitTable(await openTable(file), { column: 'when', period: 'day' }, 'incoming:b.csv@1'), /incoming:b\.csv@1: the chunk column "when" is not in the batch \(columns: ts, v\)/);
});
