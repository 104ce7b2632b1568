import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { parse } from 'parse5';
import { INITIAL_MESSAGES_ID, jsonForHtml } from '../../../src/shared/initialMessages';

// A page's data block as webviewHtml writes it, read back the way a browser parses HTML (parse5
// follows the HTML standard's tokenizer): text the messages carry never ends the block early.
type Node = { nodeName: string; attrs?: { name: string; value: string }[]; childNodes?: Node[]; value?: string };

function findBlock(node: Node): Node | undefined {
  if (node.attrs?.some((a) => a.name === 'id' && a.value === INITIAL_MESSAGES_ID)) return node;
  for (const child of node.childNodes ?? []) {
    const found = findBlock(child);
    if (found) return found;
  }
  return undefined;
}

test('a run named with markup survives the page: the block holds exactly the messages', () => {
  const messages = [
    { type: 'runs', runs: [{ id: 'r1', name: '</script><script>alert(1)</script>', experiment: '<!-- x', status: 'running', origin: null }] },
    { type: 'series', series: [], sentAt: 1, queryMs: 0.5, note: 'a < b, "quoted", \u2028 line separator' },
  ];
  const html = `<!DOCTYPE html><html><body><main id="app"></main><script type="application/json" id="${INITIAL_MESSAGES_ID}">${jsonForHtml(messages)}</script><script>after()</script></body></html>`;
  const doc = parse(html) as unknown as Node;
  const block = findBlock(doc);
  assert.ok(block, 'the block is in the page');
  const text = (block.childNodes ?? []).map((c) => c.value ?? '').join('');
  assert.deepEqual(JSON.parse(text), messages);
  assert.ok(!jsonForHtml(messages).includes('<'), 'no "<" is left to start a tag');
});
