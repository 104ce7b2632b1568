import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { LastShown } from '../../../src/extension/lastShown';

test('LastShown says a key differs the first time and whenever it changes, never for a repeat', () => {
  const s = new LastShown();
  assert.equal(s.shown, false);
  assert.equal(s.differs('2 runs'), true);
  assert.equal(s.shown, true);
  assert.equal(s.differs('2 runs'), false);
  assert.equal(s.differs('2 runs'), false);
  assert.equal(s.differs('3 runs'), true);
  assert.equal(s.differs('2 runs'), true, 'going back is a change too');
});

test('after forget() the same key is sent again', () => {
  const s = new LastShown();
  s.differs('hidden');
  s.forget();
  assert.equal(s.shown, false);
  assert.equal(s.differs('hidden'), true);
  assert.equal(s.differs(''), true, 'an empty key is a key');
  assert.equal(s.differs(''), false);
});
