import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { emptyConfig, type MlopsConfig, type StageConfig } from '../../../src/core/config/types';
import { dagText } from '../../../src/core/pipelines/dagText';
import { buildPipelineGraph } from '../../../src/core/pipelines/graph';
import type { PipelineGraph, StageState } from '../../../src/core/pipelines/types';
// @ts-expect-error: the harness is plain JavaScript
import { aptInstall } from '../../harness/provision.mjs';
import { tempWorkspace } from '../tempWorkspace';

function graphOf(stages: Record<string, StageConfig>): PipelineGraph {
  const config: MlopsConfig = { ...emptyConfig(), pipelines: { 'my "pipe"': { stages } } };
  return buildPipelineGraph(tempWorkspace(), config, 'my "pipe"');
}

/** Names a DOT id or a Mermaid label cannot hold as they are: quotes, spaces, dashes, a backslash, non-ASCII. */
const awkward = graphOf({
  'load-data': { command: 'l', outs: ['data/raw'] },
  load_data: { command: 'l2', outs: ['data/extra.csv'] },
  'feat "v2"': { command: 'f', deps: ['data/raw/a.csv', 'data/extra.csv'], outs: ['feat dir/x.csv'] },
  'trän\\ing': { command: 't', deps: ['feat dir/x.csv', 'data/raw'], outs: ['model.pt'] },
  'lonely <b>': { command: 'x' },
});

const edgeKey = (from: string, to: string, via: string) => `${from} -> ${to} : ${via}`;
const expectedEdges = awkward.edges.map((e) => edgeKey(e.from, e.to, e.via)).sort();

test('the graph under test has edges through folders and files', () => {
  assert.deepEqual(expectedEdges, [
    edgeKey('feat "v2"', 'trän\\ing', 'feat dir/x.csv'),
    edgeKey('load-data', 'feat "v2"', 'data/raw/a.csv'),
    edgeKey('load-data', 'trän\\ing', 'data/raw'),
    edgeKey('load_data', 'feat "v2"', 'data/extra.csv'),
  ]);
});

test('mermaid: one node per stage with a sanitized unique id and quoted label, every edge once', () => {
  const out = dagText(awkward, 'mermaid');
  const lines = out.split('\n');
  assert.equal(lines[0], 'flowchart TD');
  const nodes = new Map<string, string>();
  const edges: string[] = [];
  for (const line of lines.slice(1)) {
    const node = /^ {2}([A-Za-z0-9_]+)\["([^"]*)"\]$/.exec(line);
    const edge = /^ {2}([A-Za-z0-9_]+) -->\|"([^"]*)"\| ([A-Za-z0-9_]+)$/.exec(line);
    if (node) {
      assert.ok(!nodes.has(node[1]), `id ${node[1]} used once`);
      nodes.set(node[1], node[2].replace(/#quot;/g, '"').replace(/#lt;/g, '<').replace(/#gt;/g, '>'));
    } else if (edge) edges.push(edgeKey(nodes.get(edge[1])!, nodes.get(edge[3])!, edge[2]));
    else assert.fail(`a line mermaid output should not hold: ${line}`);
  }
  assert.deepEqual([...nodes.values()].sort(), awkward.stages.map((s) => s.name).sort());
  assert.deepEqual(edges.sort(), expectedEdges);
  assert.doesNotMatch(out, /</, 'no raw HTML reaches Mermaid');
});

/** A DOT double-quoted string's value. */
const unquote = (s: string) => s.slice(1, -1).replace(/\\(.)/g, '$1');
const Q = '"(?:[^"\\\\]|\\\\.)*"';

/** Graphviz's `dot`, installed from Debian's packages when missing (as the team tests install PostgreSQL). */
async function ensureGraphviz(): Promise<void> {
  if (!spawnSync('dot', ['-V']).error) return;
  await aptInstall(['graphviz']);
}

test('dot: quoted ids, every edge once, and Graphviz renders it', async () => {
  await ensureGraphviz();
  const out = dagText(awkward, 'dot');
  const edges = [...out.matchAll(new RegExp(`^ {2}(${Q}) -> (${Q}) \\[label=(${Q})\\];$`, 'gm'))].map((m) => edgeKey(unquote(m[1]), unquote(m[2]), unquote(m[3])));
  assert.deepEqual(edges.sort(), expectedEdges);
  const nodes = [...out.matchAll(new RegExp(`^ {2}(${Q}) \\[label=(${Q})\\];$`, 'gm'))].map((m) => unquote(m[1]));
  assert.deepEqual(nodes.sort(), awkward.stages.map((s) => s.name).sort());
  const dot = spawnSync('dot', ['-Tsvg'], { input: out, encoding: 'utf8' });
  if (dot.error) return assert.fail(`Graphviz is needed for this test (apt-get install graphviz): ${dot.error.message}`);
  assert.equal(dot.status, 0, dot.stderr);
  assert.match(dot.stdout, /<svg/);
  // Every stage name and every path passed is a label Graphviz drew, as written.
  const decode = (t: string) => t.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n))).replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  const drawn = [...dot.stdout.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => decode(m[1])).sort();
  assert.deepEqual(drawn, [...awkward.stages.map((s) => s.name), ...awkward.edges.map((e) => e.via)].sort());
  // A broken source is refused by the same check, so the check above means something.
  assert.notEqual(spawnSync('dot', ['-Tsvg'], { input: out.replace(' -> ', ' -> "'), encoding: 'utf8' }).status, 0);
});

test('text: stages in run order with what each reads from whom and writes; states after names', () => {
  const states = new Map<string, StageState>([['load-data', 'up-to-date'], ['trän\\ing', 'stale']]);
  const out = dagText(awkward, 'text', states);
  assert.equal(
    out,
    [
      'pipeline my "pipe": 5 stages',
      '1. load-data (up-to-date)',
      "     (start: reads no other stage's outs)",
      '     -> data/raw',
      '2. load_data',
      "     (start: reads no other stage's outs)",
      '     -> data/extra.csv',
      '3. feat "v2"',
      '     <- load-data: data/raw/a.csv',
      '     <- load_data: data/extra.csv',
      '     -> feat dir/x.csv',
      '4. lonely <b>',
      "     (start: reads no other stage's outs)",
      '5. trän\\ing (stale)',
      '     <- load-data: data/raw',
      '     <- feat "v2": feat dir/x.csv',
      '     -> model.pt',
    ].join('\n'),
  );
});
