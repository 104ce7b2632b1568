import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { parseEventLine } from '../../../src/core/tracking/events';

test('a run event nested 100,000 deep is a reported bad line, not a crash of ingestion', () => {
  const deep = '['.repeat(100_000) + ']'.repeat(100_000);
  assert.equal(parseEventLine(`{"type":"param","key":"p","value":${deep}}`), 'param "p" is nested too deeply to store');
  assert.equal(parseEventLine(`{"type":"tag","key":"t","value":${deep}}`), 'tag "t" is nested too deeply to store');
  assert.deepEqual(parseEventLine('{"type":"param","key":"p","value":[[1]]}'), { type: 'param', key: 'p', value: [[1]] });
});
