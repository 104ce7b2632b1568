import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { formatParamText, parseParamText } from '../../../src/core/tracking/paramText';

const known = { lr: 0.01, epochs: 30, optimizer: 'sgd', shuffle: true };

test('NAME=VALUE pairs keep the types --param gives them; quotes hold spaces', () => {
  const r = parseParamText('  lr=0.1 epochs=5\toptimizer=adam shuffle=false note="two words" tag=\'a "b"\'  ', known, 'train');
  assert.deepEqual(r.params, { lr: 0.1, epochs: 5, optimizer: 'adam', shuffle: false, note: 'two words', tag: 'a "b"' });
  assert.deepEqual(r.problems.map((p) => [p.severity, p.part]), [['warning', 'note="two words"'], ['warning', 'tag=\'a "b"\'']]);
  assert.deepEqual(parseParamText('', known), { params: {}, problems: [] }, 'nothing typed keeps every default');
  assert.deepEqual(parseParamText('optimizer="42"', known).params, { optimizer: '42' }, 'a quoted value is text');
});

test('each bad part is named with the fix', () => {
  const bad = (text: string) => parseParamText(text, known, 'train').problems.filter((p) => p.severity === 'error');
  const [oops] = bad('lr=0.1 oops');
  assert.equal(oops.part, 'oops');
  assert.equal(oops.message, '"oops" is not NAME=VALUE: give each param as NAME=VALUE, separated by spaces (lr=0.01 epochs=5).');
  assert.equal(bad('=5')[0].part, '=5');
  assert.match(bad('lr=0.1 lr=0.2')[0].message, /^lr is given twice \(lr=0\.1 and lr=0\.2\): keep one\.$/);
  assert.match(bad('epochs=')[0].message, /^epochs= has no value: write epochs=VALUE, or leave epochs out to keep its default \(30\)/);
  assert.equal(bad('epochs=ten')[0].message, 'epochs=ten: epochs is a number (its default is 30).');
  assert.equal(bad('shuffle=yes')[0].message, 'shuffle=yes: shuffle is true or false (its default is true).');
  assert.match(bad('note="open')[0].message, /opens a quote \("\) it does not close/);
  assert.deepEqual(bad('optimizer=3'), [], 'a text param takes any value');
  assert.deepEqual(parseParamText('note=""', known).params, { note: '' }, 'an empty text is written quoted');
  // Every problem is reported, and the good pairs still parse.
  const r = parseParamText('epochs=ten lr=0.2 oops', known);
  assert.deepEqual(r.problems.map((p) => p.part), ['epochs=ten', 'oops']);
  assert.deepEqual(r.params, { lr: 0.2 });
});

test('a name the config does not know is a warning that lists the known params', () => {
  const [w] = parseParamText('lrr=0.1', known, 'train').problems;
  assert.equal(w.severity, 'warning');
  assert.match(w.message, /^lrr is not a param of train \(its params: lr, epochs, optimizer, shuffle\): check the spelling/);
});

test('formatParamText writes what parseParamText reads back', () => {
  const params = { lr: 0.01, epochs: 30, optimizer: 'sgd', shuffle: true, note: 'two words', quoted: 'say "hi"', digits: '42', empty: '' };
  const text = formatParamText(params);
  assert.equal(text, 'lr=0.01 epochs=30 optimizer=sgd shuffle=true note="two words" quoted=\'say "hi"\' digits="42" empty=""');
  assert.deepEqual(parseParamText(text, params).params, params);
});
