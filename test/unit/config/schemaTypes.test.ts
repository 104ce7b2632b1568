// The types generator: what it makes of the schema's constructs, and how it refuses what it cannot type.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';

const generator = () => import('../../../scripts/generateSchemaTypes.mjs');

const expectation = (kinds: string[]) => ({
  type: 'object',
  additionalProperties: false,
  properties: {
    expectations: { type: 'array', items: { $ref: '#/definitions/expectation' } },
  },
  definitions: {
    expectation: {
      type: 'object',
      required: ['expect'],
      properties: { expect: { enum: kinds } },
      allOf: ['notNull', 'between'].map((k) => ({ if: { properties: { expect: { const: k } }, required: ['expect'] }, then: { $ref: `#/definitions/expect_${k}` } })),
    },
    expect_notNull: { type: 'object', additionalProperties: false, required: ['expect', 'column'], properties: { expect: { const: 'notNull' }, column: { type: 'string' } } },
    expect_between: {
      type: 'object',
      additionalProperties: false,
      required: ['expect', 'column'],
      properties: { expect: { const: 'between' }, column: { type: 'string' }, min: { type: 'number', description: 'Smallest value allowed.' } },
    },
  },
});

test('an if/then tagged allOf becomes one type per kind, each with its tag required', async () => {
  const { typesSourceOf } = await generator();
  const source = typesSourceOf(expectation(['notNull', 'between']));
  assert.match(source, /export type Expectation =\n {2}\| NotNullExpectation\n {2}\| BetweenExpectation;/);
  assert.match(source, /export interface BetweenExpectation \{\n {2}expect: 'between';\n {2}column: string;\n {2}\/\*\* Smallest value allowed\. \*\/\n {2}min\?: number;\n\}/);
  assert.match(source, /expectations\?: Expectation\[\];/);
});

test('a kind the enum allows but no branch types, or a branch whose kind leaves its tag optional, is refused', async () => {
  const { typesSourceOf } = await generator();
  assert.throws(() => typesSourceOf(expectation(['notNull', 'between', 'unique'])), /#\/definitions\/expectation: "expect" must be an enum whose every value has a branch \(none for 'unique'\)/);
  const optionalTag = expectation(['notNull', 'between']);
  optionalTag.definitions.expect_between.required = ['column'];
  assert.throws(() => typesSourceOf(optionalTag), /#\/definitions\/expect_between: a kind of a tagged union must require "expect"/);
});

test('a keyword outside the subset stops the generator at its path', async () => {
  const { typesSourceOf } = await generator();
  assert.throws(
    () => typesSourceOf({ type: 'object', properties: { n: { type: 'number', multipleOf: 2 } } }),
    /#\/properties\/n: "multipleOf" is not in the subset scripts\/generateSchemaTypes\.mjs turns into types/,
  );
});

test('named properties stay within an index signature; a free-form object is a Record', async () => {
  const { typesSourceOf } = await generator();
  const source = typesSourceOf({
    type: 'object',
    additionalProperties: false,
    properties: {
      sweep: { type: 'object', properties: { seed: { type: 'integer' } }, additionalProperties: { type: 'array', items: { type: ['string', 'number'] } } },
      env: { type: 'object', additionalProperties: { type: 'string' } },
      $schema: { type: 'string' },
    },
  });
  assert.match(source, /\[key: string\]: Array<string \| number> \| number \| undefined;/);
  assert.match(source, /env\?: Record<string, string>;/);
  assert.match(source, /"\$schema"\?: string;|\$schema\?: string;/);
});
