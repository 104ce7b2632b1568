// What users type for a model version, parsed and refused.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { formatModelRef, parseModelRef } from '../../../src/core/registry/modelRef';
import { RegistryError } from '../../../src/core/registry/types';

test('a version number, an alias, latest, and a bare name (latest)', () => {
  assert.deepEqual(parseModelRef('churn@3'), { model: 'churn', ref: 3 });
  assert.deepEqual(parseModelRef('churn@champion'), { model: 'churn', ref: 'champion' });
  assert.deepEqual(parseModelRef('churn@latest'), { model: 'churn', ref: 'latest' });
  assert.deepEqual(parseModelRef('churn'), { model: 'churn', ref: 'latest' });
  assert.deepEqual(parseModelRef('my.model-v2_x@stage-2_b'), { model: 'my.model-v2_x', ref: 'stage-2_b' });
  assert.deepEqual(parseModelRef('churn@007'), { model: 'churn', ref: 7 });
});

test('malformed references are refused with a RegistryError saying what to write', () => {
  for (const bad of ['', '@3', 'churn@', 'churn@0', 'churn@1@2', 'churn@a.b', '-churn@1', 'ch urn@1', 'churn@99999999999999999999']) {
    assert.throws(() => parseModelRef(bad), (err: unknown) => err instanceof RegistryError && err.message.includes(`"${bad}"`), bad);
  }
  assert.throws(() => parseModelRef('churn@x y'), /version number or an alias/);
});

test('formatModelRef writes what parseModelRef reads', () => {
  assert.equal(formatModelRef('churn', 3), 'churn@3');
  assert.deepEqual(parseModelRef(formatModelRef('churn', 'champion')), { model: 'churn', ref: 'champion' });
});
