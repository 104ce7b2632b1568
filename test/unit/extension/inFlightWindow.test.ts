import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { InFlightWindow } from '../../../src/extension/panels/inFlightWindow';

test('a window of two lets a second message go while the first is on its way, not a third', () => {
  const w = new InFlightWindow(2, 10_000);
  assert.equal(w.isOpen(0), true);
  w.posted(0);
  assert.equal(w.isOpen(5), true, 'one on its way: the next goes at once');
  w.posted(5);
  assert.equal(w.isOpen(6), false, 'two on their way: the third waits');
  assert.equal(w.inFlight(6), 2);
  w.acknowledged(1);
  assert.equal(w.isOpen(7), true, 'the first was drawn: one more may go');
  w.posted(7);
  w.acknowledged(2); // one acknowledgement for both drawn in one pass
  assert.equal(w.inFlight(8), 0);
});

test('a window of one is the old pacing: nothing goes until the message out is acknowledged', () => {
  const w = new InFlightWindow(1, 10_000);
  w.posted(100);
  assert.equal(w.isOpen(9_000), false);
  assert.equal(w.openIn(9_000), 1_100);
  w.acknowledged(1);
  assert.equal(w.openIn(9_001), 0);
});

test('an acknowledgement that never comes holds the window only until the timeout, oldest first', () => {
  const w = new InFlightWindow(2, 1_000);
  w.posted(0);
  w.posted(400);
  assert.equal(w.openIn(500), 500, 'opens when the oldest has waited the timeout');
  assert.equal(w.isOpen(999), false);
  assert.equal(w.isOpen(1_000), true);
  assert.equal(w.inFlight(1_000), 1, 'the younger one still counts');
  assert.equal(w.inFlight(1_400), 0);
});

test('acknowledging more than is in flight, or a reset after the webview reloads, empties the window', () => {
  const w = new InFlightWindow(2, 1_000);
  w.posted(0);
  w.acknowledged(5);
  assert.equal(w.inFlight(1), 0);
  w.posted(2);
  w.posted(3);
  w.reset();
  assert.equal(w.isOpen(4), true);
  assert.throws(() => new InFlightWindow(0, 1_000), /at least 1/);
});
