import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { TableReadError } from '../../../src/core/data/readers/types';
import { RowHashCounts } from '../../../src/core/data/rowHashCounts';
import { diffTables } from '../../../src/core/data/tableDiff';

function files(a: string, b: string, ext = 'csv'): [string, string] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tdiff-'));
  const pa = path.join(dir, `a.${ext}`);
  const pb = path.join(dir, `b.${ext}`);
  fs.writeFileSync(pa, a);
  fs.writeFileSync(pb, b);
  return [pa, pb];
}

const A = 'id,name,age\n1,Ada,36\n2,Alan,41\n3,Grace,85\n4,Linus,28\n';
// Row 2 edited (age), row 3 removed, row 5 added, row 4 moved first: moving is not a change.
const B = 'id,name,age\n4,Linus,28\n1,Ada,36\n2,Alan,42\n5,Barbara,80\n';

test('by key: added, removed and changed rows, with the changed columns and the lines on both sides', async () => {
  const [a, b] = files(A, B);
  const d = await diffTables(a, b, { keys: ['id'] });
  assert.equal(d.mode, 'key');
  assert.deepEqual(d.rows, { added: 1, removed: 1, changed: 1, unchanged: 2 });
  assert.deepEqual([d.a.rows, d.b.rows], [4, 4]);
  assert.deepEqual(d.changedCells, { id: 0, name: 0, age: 1 });
  assert.deepEqual(d.examples.changed, [{ key: ['2'], lineA: 3, lineB: 4, columns: ['age'], before: { age: '41' }, after: { age: '42' } }]);
  assert.deepEqual(d.examples.added, [{ line: 5, key: ['5'], values: { id: '5', name: 'Barbara', age: '80' } }]);
  assert.deepEqual(d.examples.removed, [{ line: 4, key: ['3'], values: { id: '3', name: 'Grace', age: '85' } }]);
  assert.deepEqual(d.columns, { added: [], removed: [], retyped: [], reordered: false });
});

test('by content: an edited row is one removed + one added; order and duplicates are a multiset', async () => {
  const [a, b] = files(A + '1,Ada,36\n', B);
  const d = await diffTables(a, b);
  assert.equal(d.mode, 'content');
  // A has Ada twice, B once: one Ada removed; Alan 41 -> 42: removed + added; Grace removed; Barbara added.
  // Linus and one Ada are unchanged, wherever they moved.
  assert.deepEqual(d.rows, { added: 2, removed: 3, changed: null, unchanged: 2 });
  assert.deepEqual(d.examples.removed.map((r) => r.line), [2, 3, 4]);
  assert.deepEqual(d.examples.added.map((r) => r.line), [4, 5]);
  // The examples carry the rows' contents, A's read back from its lines.
  assert.deepEqual(d.examples.removed.map((r) => r.values.name), ['Ada', 'Alan', 'Grace']);
  assert.deepEqual(d.examples.added.map((r) => [r.values.name, r.values.age]), [['Alan', '42'], ['Barbara', '80']]);
});

test('identical content in another dialect (BOM, CRLF, ; delimiter, quoting) is no change', async () => {
  const [a, b] = files('id,name\n1,"Ada"\n2,Alan\n', '\uFEFFid;name\r\n1;Ada\r\n2;"Alan"\r\n');
  const d = await diffTables(a, b);
  assert.deepEqual(d.rows, { added: 0, removed: 0, changed: null, unchanged: 2 });
});

test('columns added, removed, retyped and reordered; rows are compared on the shared columns only', async () => {
  const [a, b] = files('id,score,city,old\n1,10,Oslo,x\n2,20,Rome,y\n', 'city,id,score,new\nOslo,1,10.5,p\nRome,2,20,q\n');
  const d = await diffTables(a, b, { keys: ['id'] });
  assert.deepEqual(d.columns, { added: ['new'], removed: ['old'], retyped: [{ name: 'score', from: 'integer', to: 'float' }], reordered: true });
  assert.deepEqual(d.compared, ['id', 'score', 'city']);
  assert.deepEqual(d.rows, { added: 0, removed: 0, changed: 1, unchanged: 1 });
  assert.deepEqual(d.changedCells, { id: 0, score: 1, city: 0 });
});

test('JSONL tables: nested keys compared as dotted columns; keys present only in later rows still count', async () => {
  const [a, b] = files('{"id": 1, "u": {"n": "a"}}\n{"id": 2, "u": {"n": "b"}}\n', '{"id": 1, "u": {"n": "a"}}\n{"id": 2, "u": {"n": "c"}, "flag": true}\n', 'jsonl');
  const d = await diffTables(a, b, { keys: ['id'] });
  assert.deepEqual(d.b.columns, ['id', 'u.n', 'flag']);
  assert.deepEqual(d.columns.added, ['flag']);
  assert.deepEqual(d.rows, { added: 0, removed: 0, changed: 1, unchanged: 1 });
  assert.deepEqual(d.examples.changed[0].columns, ['u.n']);
});

test('duplicate keys are counted, compound keys work, ragged rows are reported', async () => {
  const [a, b] = files('k1,k2,v\na,1,x\na,2,y\na,1,z\n', 'k1,k2,v\na,1,x\na,2,Y\nb,1,w,extra\n');
  const d = await diffTables(a, b, { keys: ['k1', 'k2'] });
  assert.deepEqual(d.duplicateKeys, { a: 1, b: 0 });
  assert.deepEqual(d.rows, { added: 1, removed: 0, changed: 1, unchanged: 1 });
  assert.deepEqual(d.examples.changed[0].key, ['a', '2']);
  assert.equal(d.problems.length, 1);
  assert.match(d.problems[0].message, /ragged row/);
  assert.equal(d.problems[0].line, 4);
});

test('a key column one table lacks is an error naming the file and its columns', async () => {
  const [a, b] = files('id,v\n1,2\n', 'key,v\n1,2\n');
  await assert.rejects(diffTables(a, b, { keys: ['id'] }), (err: Error) => {
    assert.ok(err instanceof TableReadError);
    assert.equal(err.message, `${b}: has no key column "id" (its columns: key, v). Name key columns that both tables have.`);
    return true;
  });
});

test('many rows: counts stay exact', async () => {
  const rows = (n: number, edit: (i: number) => string) => 'id,v\n' + Array.from({ length: n }, (_, i) => `${i},${edit(i)}\n`).join('');
  const [a, b] = files(rows(20000, (i) => `v${i}`), rows(20500, (i) => (i % 100 === 0 ? `changed${i}` : `v${i}`)));
  const byKey = await diffTables(a, b, { keys: ['id'] });
  assert.deepEqual(byKey.rows, { added: 500, removed: 0, changed: 200, unchanged: 19800 });
  const byContent = await diffTables(a, b);
  assert.deepEqual(byContent.rows, { added: 700, removed: 200, changed: null, unchanged: 19800 });
});

test('the row-hash multiset: counts, takes, grows and lists what is left in line order', () => {
  const m = new RowHashCounts(4);
  const hashes = Array.from({ length: 5000 }, (_, i) => (i === 7 ? 0 : ((i * 2654435761) % 2 ** 32) * 2 ** 21 + i + 1));
  hashes.forEach((h, i) => m.add(h, i + 1));
  m.add(hashes[3], 9999); // a duplicate keeps its first line
  for (let i = 0; i < 5000; i += 2) assert.equal(m.take(hashes[i]), true);
  assert.equal(m.take(hashes[0]), false);
  assert.equal(m.take(123), false);
  assert.equal(m.take(hashes[3]), true);
  const left = m.remaining(3);
  assert.deepEqual(left, { count: 2500, lines: [2, 4, 6] }); // the odd i are left: lines 2, 4, 6, ...
});

test('tables with no column in common: every row is removed or added', async () => {
  const [a, b] = files('x,y\n1,2\n3,4\n', 'p,q\n1,2\n');
  const d = await diffTables(a, b);
  assert.deepEqual(d.compared, []);
  assert.deepEqual(d.rows, { added: 1, removed: 2, changed: null, unchanged: 0 });
});
