// Suggested expectations written into mlops.json text: formatting and comments kept, nothing
// duplicated, idempotent, and the result is a valid mlops.json.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'jsonc-parser';
import { loadConfig, parseConfigText } from '../../../src/core/config/loadConfig';
import type { Expectation } from '../../../src/core/config/types';
import { profileFile } from '../../../src/core/quality/profile';
import { addExpectations, ExpectationsEditError, expectationLine } from '../../../src/core/quality/expectationsEdit';
import { suggestExpectations } from '../../../src/core/quality/suggestExpectations';
import { tempWorkspace } from '../tempWorkspace';

const suggestions: Expectation[] = [
  { expect: 'columnsExist', columns: ['id', 'age', 'label'] },
  { expect: 'rowCountBetween', min: 50, max: 150 },
  { expect: 'type', column: 'age', type: 'integer' },
  { expect: 'notNull', column: 'age' },
  { expect: 'between', column: 'age', min: 0, max: 99 },
  { expect: 'inSet', column: 'label', values: ['a', 'b'] },
];

/** Every line of `before` is still in `after`, in order: the edit only inserted lines or text. */
function keptInOrder(before: string, after: string): void {
  let at = 0;
  for (const line of before.split('\n')) {
    const core = line.replace(/,$/, '');
    const found = after.indexOf(core, at);
    assert.ok(found >= 0, `line kept: ${JSON.stringify(line)}\n--- after ---\n${after}`);
    at = found + core.length;
  }
}

test('no expectations section: adds it, one expectation per line, in the file\'s indentation; valid mlops.json', () => {
  const before = '{\n    "datasets": {\n        "train": "data/train.csv"\n    }\n}\n';
  const r = addExpectations(before, 'train', suggestions);
  assert.equal(r.added.length, suggestions.length);
  assert.deepEqual(r.covered, []);
  assert.equal(
    r.text,
    '{\n    "datasets": {\n        "train": "data/train.csv"\n    },\n    "expectations": {\n        "train": [\n' +
      suggestions.map((s) => '            ' + expectationLine(s)).join(',\n') +
      '\n        ]\n    }\n}\n',
  );
  assert.equal(expectationLine(suggestions[5]), '{"expect": "inSet", "column": "label", "values": ["a", "b"]}');
  const parsed = parseConfigText(r.text);
  assert.deepEqual(parsed.problems, []);
  assert.deepEqual(parsed.config.expectations.train, suggestions);
});

test('an existing list with comments and odd indentation: kept byte for byte, only uncovered suggestions appended', () => {
  const before = [
    '{',
    '   // the data we train on',
    '   "datasets": { "train": "data/train.csv" },',
    '   "expectations": {',
    '         "train": [',
    '              {"expect":"notNull","column":"age","mostly":0.9},  // nulls happen',
    '              /* the band we saw in May */ {"expect": "between", "column": "age", "min": 18, "max": 65}',
    '         ], // end of train',
    '         "test": []',
    '   }',
    '}',
    '',
  ].join('\n');
  const r = addExpectations(before, 'train', suggestions);
  assert.deepEqual(
    r.covered.map((s) => `${s.expect}:${'column' in s ? s.column : ''}`),
    ['notNull:age', 'between:age'],
    'the user\'s own notNull and between on age win over the suggested ones',
  );
  assert.deepEqual(r.added.map((s) => s.expect), ['columnsExist', 'rowCountBetween', 'type', 'inSet']);
  keptInOrder(before, r.text);
  assert.match(r.text, /"max": 65\},\n              \{"expect": "columnsExist"/, 'appended at the indentation of the list\'s items');
  assert.match(r.text, /\{"expect": "inSet", "column": "label", "values": \["a", "b"\]\}\n         \], \/\/ end of train/);
  assert.match(r.text, /"mostly":0\.9\},  \/\/ nulls happen\n/, 'an untouched item keeps its comment on its line');
  // Comments are for the user's eyes; the values are what the edit must get right.
  const value = parse(r.text) as { expectations: Record<string, Expectation[]> };
  assert.equal(value.expectations.train.length, 6);
  assert.deepEqual(value.expectations.test, []);
  assert.equal(new Set(value.expectations.train.map((e) => `${e.expect}:${'column' in e ? e.column : ''}`)).size, 6, 'no kind and column twice');
  // Edits are insertions, so an editor applies them without disturbing the rest.
  assert.ok(r.edits.every((e) => e.length === 0));
});

test('a comment after the last item stays with it; an empty list is filled; tabs and CRLF are kept', () => {
  const commented = '{\n  "expectations": {\n    "train": [\n      {"expect": "unique", "column": "id"} // primary key\n    ]\n  }\n}\n';
  const c = addExpectations(commented, 'train', [{ expect: 'notNull', column: 'id' }]);
  assert.equal(c.text, '{\n  "expectations": {\n    "train": [\n      {"expect": "unique", "column": "id"}, // primary key\n      {"expect": "notNull", "column": "id"}\n    ]\n  }\n}\n');

  const empty = '{\r\n\t"expectations": {\r\n\t\t"train": []\r\n\t}\r\n}\r\n';
  const e = addExpectations(empty, 'train', suggestions.slice(2, 4));
  assert.equal(e.text, '{\r\n\t"expectations": {\r\n\t\t"train": [\r\n\t\t\t{"expect": "type", "column": "age", "type": "integer"},\r\n\t\t\t{"expect": "notNull", "column": "age"}\r\n\t\t]\r\n\t}\r\n}\r\n');

  const other = addExpectations('{"expectations": {"test": [{"expect": "unique", "column": "id"}]}}', 'train', suggestions.slice(3, 4));
  assert.deepEqual(parseConfigText(other.text).config.expectations, { test: [{ expect: 'unique', column: 'id' }], train: [{ expect: 'notNull', column: 'age' }] });
});

test('expectations are written in the file\'s brace style: `{ "expect": ... }` when it pads its braces', () => {
  const before = '{\n  "expectations": {\n    "train": [\n      { "expect": "unique", "column": "id" }\n    ]\n  }\n}\n';
  const r = addExpectations(before, 'train', [{ expect: 'inSet', column: 'label', values: ['a', 'b'] }]);
  assert.match(r.text, /\{ "expect": "unique", "column": "id" \},\n      \{ "expect": "inSet", "column": "label", "values": \["a", "b"\] \}\n    \]/);
  assert.deepEqual(parseConfigText(r.text).config.expectations.train[1], { expect: 'inSet', column: 'label', values: ['a', 'b'] });
});

test('idempotent: applying the same suggestions again adds nothing and leaves the text as it is', () => {
  for (const before of ['{}', '{\n  "expectations": {\n    "train": [\n      {"expect": "type", "column": "age", "type": "number"}\n    ]\n  }\n}\n', '']) {
    const once = addExpectations(before, 'train', suggestions);
    const twice = addExpectations(once.text, 'train', suggestions);
    assert.deepEqual(twice.added, []);
    assert.deepEqual(twice.edits, []);
    assert.equal(twice.text, once.text);
    assert.equal(twice.covered.length, suggestions.length);
  }
});

test('exact column lists cover columnsExist; a different row band is still one rowCountBetween', () => {
  const before = JSON.stringify({ expectations: { train: [{ expect: 'columnsMatchOrderedList', columns: ['id', 'age'] }, { expect: 'rowCountBetween', min: 1 }] } });
  const r = addExpectations(before, 'train', suggestions.slice(0, 2));
  assert.deepEqual(r.added, []);
  assert.equal(r.covered.length, 2);
});

test('a BOM is kept and edits are offsets into the text as given', () => {
  const before = '\uFEFF{"datasets": {"train": "data/train.csv"}}';
  const r = addExpectations(before, 'train', suggestions.slice(3, 4));
  assert.ok(r.text.startsWith('\uFEFF{"datasets"'));
  assert.deepEqual(parseConfigText(r.text).problems, []);
  assert.equal(r.edits[0].offset, before.indexOf('}}') + 1);
});

test('broken input: an error naming the line and the fix, nothing else', () => {
  assert.throws(() => addExpectations('{\n  "datasets": {,\n}', 'train', suggestions), (e: unknown) => e instanceof ExpectationsEditError && /^mlops\.json:2:\d+: not valid JSON/.test(e.message));
  assert.throws(() => addExpectations('[]', 'train', suggestions), /must hold an object/);
  assert.throws(() => addExpectations('{\n"expectations": []}', 'train', suggestions), /mlops\.json:2:\d+: "expectations" must be an object/);
  assert.throws(() => addExpectations('{"expectations": {\n\n"train": {}}}', 'train', suggestions), /mlops\.json:3:\d+: "expectations"\."train" must be a list/);
});

test('suggestions profiled from a real file, written into a real mlops.json, load without problems', async () => {
  const root = tempWorkspace();
  const file = path.join(__dirname, '..', '..', 'fixtures', 'quality', 'profile.csv');
  const s = suggestExpectations(await profileFile(file));
  fs.writeFileSync(path.join(root, 'mlops.json'), '{\n  "datasets": {\n    "profile": "profile.csv"\n  },\n  "expectations": {\n    "profile": [\n      {"expect": "notNull", "column": "count", "mostly": 0.5}\n    ]\n  }\n}\n');
  const r = addExpectations(fs.readFileSync(path.join(root, 'mlops.json'), 'utf8'), 'profile', s);
  fs.writeFileSync(path.join(root, 'mlops.json'), r.text);
  const loaded = loadConfig(root);
  assert.deepEqual(loaded.problems, []);
  assert.equal(loaded.config.expectations.profile.length, 1 + r.added.length);
  assert.deepEqual(loaded.config.expectations.profile[0], { expect: 'notNull', column: 'count', mostly: 0.5 });
  assert.equal(r.covered.length, 1);
});
