// Expectations in mlops.json: each kind checked with its arguments, errors at the field with its line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatProblem, parseConfigText } from '../../../src/core/config/loadConfig';

const config = (items: string[]) => `{\n  "expectations": {\n    "train": [\n${items.map((i) => '      ' + i).join(',\n')}\n    ]\n  }\n}`;

test('every expectation kind with good arguments is valid', () => {
  const text = config([
    '{ "expect": "columnsExist", "columns": ["a"] }',
    '{ "expect": "columnsMatchSet", "columns": ["a", "b"] }',
    '{ "expect": "columnsMatchOrderedList", "columns": ["a", "b"] }',
    '{ "expect": "rowCountBetween", "min": 1, "max": 10 }',
    '{ "expect": "notNull", "column": "a", "mostly": 0.9, "severity": "warning" }',
    '{ "expect": "unique", "column": "a" }',
    '{ "expect": "compoundUnique", "columns": ["a", "b"] }',
    '{ "expect": "inSet", "column": "a", "values": ["x", 1, true] }',
    '{ "expect": "between", "column": "a", "min": 0, "max": 1, "strict": true }',
    '{ "expect": "type", "column": "a", "type": "integer" }',
    '{ "expect": "regex", "column": "a", "pattern": "^[a-z]+$" }',
    '{ "expect": "dateFormat", "column": "a", "format": "%Y-%m-%d" }',
    '{ "expect": "lengthBetween", "column": "a", "min": 1 }',
    '{ "expect": "meanBetween", "column": "a", "min": 0 }',
    '{ "expect": "medianBetween", "column": "a", "max": 5 }',
    '{ "expect": "stdBetween", "column": "a", "min": 0, "max": 5 }',
    '{ "expect": "quantileBetween", "column": "a", "quantile": 0.9, "max": 5 }',
    '{ "expect": "uniqueProportionBetween", "column": "a", "min": 0.5 }',
    '{ "expect": "columnPairGreaterThan", "column": "a", "other": "b", "orEqual": true }',
  ]);
  assert.deepEqual(parseConfigText(text).problems, []);
});

test('an unknown expectation or a wrong argument is a problem at its field and line', () => {
  const text = config([
    '{ "expect": "notNul", "column": "a" }',
    '{ "expect": "inSet", "column": "a" }',
    '{ "expect": "between", "column": "a", "min": "0", "maxx": 3 }',
    '{ "expect": "rowCountBetween", "min": 10, "mostly": 0.5 }',
    '{ "expect": "notNull", "column": "a", "mostly": 2 }',
    '{ "expect": "unique" }',
  ]);
  const { problems, config: parsed } = parseConfigText(text);
  const lines = problems.map((p) => formatProblem('mlops.json', p));
  assert.match(lines[0], /^mlops\.json:4:\d+ \/expectations\/train\/0\/expect: must be one of .*"notNull"/);
  assert.match(lines[1], /^mlops\.json:5:\d+ \/expectations\/train\/1: missing required property "values"/);
  assert.match(lines[2], /^mlops\.json:6:\d+ \/expectations\/train\/2\/min: must be number/);
  assert.match(lines[3], /^mlops\.json:6:\d+ \/expectations\/train\/2\/maxx: unknown property "maxx" \(allowed: .*strict\)/);
  assert.match(lines[4], /^mlops\.json:7:\d+ \/expectations\/train\/3\/mostly: unknown property "mostly"/);
  assert.match(lines[5], /^mlops\.json:8:\d+ \/expectations\/train\/4\/mostly: must be <= 1/);
  assert.match(lines[6], /^mlops\.json:9:\d+ \/expectations\/train\/5: missing required property "column"/);
  assert.equal(lines.length, 7, lines.join('\n'));
  // The broken section is left out; the rest of the config keeps working.
  assert.deepEqual(parsed.expectations, {});
});
