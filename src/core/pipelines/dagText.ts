// A pipeline's graph as text for a terminal, or as Mermaid or Graphviz DOT source to paste into
// Markdown or render. Every edge is labelled with the path it carries; a state, when given, follows
// each stage's name.
import type { PipelineGraph, StageEdge, StageState } from './types';

export type DagFormat = 'text' | 'mermaid' | 'dot';

export const dagFormats: readonly DagFormat[] = ['text', 'mermaid', 'dot'];

function label(stage: string, states?: Map<string, StageState>): string {
  const state = states?.get(stage);
  return state ? `${stage} (${state})` : stage;
}

/** Edges into `stage`, grouped by the stage they come from: "featurize: data/a.csv, data/b.csv". */
function inputsOf(edges: StageEdge[], stage: string): string[] {
  const by = new Map<string, string[]>();
  for (const e of edges.filter((x) => x.to === stage)) by.set(e.from, [...(by.get(e.from) ?? []), e.via]);
  return [...by].map(([from, vias]) => `${from}: ${vias.join(', ')}`);
}

/**
 * Stages in graph order, each with the stages it reads from and what it reads; a stage with no
 * upstream is marked as a start, so a reader sees where the pipeline begins.
 */
function text(graph: PipelineGraph, states?: Map<string, StageState>): string {
  const lines = [`pipeline ${graph.name}: ${graph.stages.length} stage${graph.stages.length === 1 ? '' : 's'}`];
  graph.stages.forEach((s, i) => {
    lines.push(`${i + 1}. ${label(s.name, states)}`);
    const inputs = inputsOf(graph.edges, s.name);
    if (!inputs.length) lines.push('     (start: reads no other stage\'s outs)');
    for (const input of inputs) lines.push(`     <- ${input}`);
    if (s.outs.length) lines.push(`     -> ${s.outs.join(', ')}`);
  });
  return lines.join('\n');
}

/** A Mermaid node id: letters, digits and underscores only, prefixed so it never starts with a digit or is a keyword. */
function mermaidId(stage: string, taken: Map<string, string>): string {
  const existing = taken.get(stage);
  if (existing) return existing;
  const base = `s_${stage.replace(/[^A-Za-z0-9_]/g, '_')}`;
  let id = base;
  for (let n = 2; [...taken.values()].includes(id); n++) id = `${base}_${n}`;
  taken.set(stage, id);
  return id;
}

/** Inside a Mermaid "..." label: a quote, and the angle brackets Mermaid would read as HTML, as entities. */
const mermaidText = (s: string) => s.replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');

function mermaid(graph: PipelineGraph, states?: Map<string, StageState>): string {
  const ids = new Map<string, string>();
  const lines = ['flowchart TD'];
  for (const s of graph.stages) lines.push(`  ${mermaidId(s.name, ids)}["${mermaidText(label(s.name, states))}"]`);
  for (const e of graph.edges) lines.push(`  ${mermaidId(e.from, ids)} -->|"${mermaidText(e.via)}"| ${mermaidId(e.to, ids)}`);
  return lines.join('\n');
}

/** A DOT double-quoted string: backslash and quote escaped, a newline as \n. */
const dotString = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n')}"`;

function dot(graph: PipelineGraph, states?: Map<string, StageState>): string {
  const lines = [`digraph ${dotString(graph.name)} {`, '  rankdir=TB;', '  node [shape=box];'];
  for (const s of graph.stages) lines.push(`  ${dotString(s.name)} [label=${dotString(label(s.name, states))}];`);
  for (const e of graph.edges) lines.push(`  ${dotString(e.from)} -> ${dotString(e.to)} [label=${dotString(e.via)}];`);
  lines.push('}');
  return lines.join('\n');
}

export function dagText(graph: PipelineGraph, format: DagFormat, states?: Map<string, StageState>): string {
  if (format === 'mermaid') return mermaid(graph, states);
  if (format === 'dot') return dot(graph, states);
  return text(graph, states);
}
