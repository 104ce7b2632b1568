// A pipeline's stages as a graph: an edge wherever one stage reads what another writes, in an order
// where each stage comes after those it reads from. The problems that make a graph invalid (a cycle,
// two writers of one path) are found by stageGraph without throwing, so mlops.json's problems can
// locate them all; buildPipelineGraph throws the first.
import type { MlopsConfig } from '../config/types';
import { globBase, isGlob } from '../data/workspacePaths';
import { pathWithin, pipelineConfig, resolveStage, stageSpec, type StageIssue } from './resolveStage';
import { PipelineError, type PipelineGraph, type StageEdge, type StageSpec } from './types';

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The path a dep stands for when matched against outs: a glob reads whatever lies under its fixed folder. */
function depArea(dep: string): string {
  return isGlob(dep) ? globBase(dep) : dep;
}

/** What `reader` reads of `out`, when it reads any of it: the more specific of the two paths. */
function readVia(depPaths: string[], out: string): string | undefined {
  for (const d of depPaths) {
    const area = depArea(d);
    if (pathWithin(area, out)) return d;
    if (pathWithin(out, area)) return out;
  }
  return undefined;
}

/**
 * Edges, order and the problems among stages already resolved: an out written by two stages (or one
 * inside another's), and a cycle. With a cycle the order holds the stages outside it only.
 */
export function stageGraph(pipeline: string, stages: StageSpec[]): { order: StageSpec[]; edges: StageEdge[]; issues: StageIssue[] } {
  const sorted = [...stages].sort((a, b) => byName(a.name, b.name));
  const issues: StageIssue[] = [];
  const writer = new Map<string, string>();
  for (const s of sorted) {
    s.outs.forEach((o, i) => {
      const clash = [...writer].find(([p]) => pathWithin(o, p) || pathWithin(p, o));
      if (clash) {
        const [p, other] = clash;
        issues.push({
          stage: s.name,
          at: ['outs', i],
          message: `stages "${other}" and "${s.name}" of pipeline "${pipeline}" both write ${p === o ? `"${o}"` : `"${p}" and "${o}", one inside the other`}: each path has one writer; give one of them another out.`,
        });
      } else writer.set(o, s.name);
    });
  }

  const edges: StageEdge[] = [];
  for (const to of sorted) {
    for (const from of sorted) {
      if (from === to) continue;
      const vias = new Set(from.outs.map((o) => readVia(to.depPaths, o)).filter((v): v is string => v !== undefined));
      for (const via of vias) edges.push({ from: from.name, to: to.name, via });
    }
  }

  // Kahn's algorithm; among stages ready at once, the first by name goes first.
  const waiting = new Map(sorted.map((s) => [s.name, new Set(edges.filter((e) => e.to === s.name).map((e) => e.from))]));
  const order: StageSpec[] = [];
  for (;;) {
    const next = sorted.find((s) => waiting.get(s.name)?.size === 0);
    if (!next) break;
    waiting.delete(next.name);
    for (const deps of waiting.values()) deps.delete(next.name);
    order.push(next);
  }
  if (waiting.size) {
    const cycle = findCycle([...waiting.keys()].sort(byName)[0], waiting);
    const readsOf = cycle.slice(0, -1).map((name, i) => edges.find((e) => e.from === name && e.to === cycle[i + 1])!);
    issues.push({
      stage: cycle[1],
      at: ['deps'],
      message: `pipeline "${pipeline}" has a cycle: ${cycle.join(' -> ')} (${readsOf.map((e) => `${e.to} reads ${e.via}`).join(', ')}): a stage cannot depend on its own results; remove one of these deps or outs.`,
    });
  }
  // Edges as the stages run: by their writer's place in the order, then their reader's.
  const place = new Map(order.map((s, i) => [s.name, i]));
  const at = (name: string) => place.get(name) ?? order.length;
  edges.sort((a, b) => at(a.from) - at(b.from) || at(a.to) - at(b.to) || byName(a.via, b.via));
  return { order, edges, issues };
}

/** A cycle through the stages still waiting, from `start`: [a, b, a] where b waits on a. */
function findCycle(start: string, waiting: Map<string, Set<string>>): string[] {
  // Walk backwards along "waits on" until a stage repeats; the walk is reversed to read as data flows.
  const path = [start];
  for (;;) {
    const cur = path[path.length - 1];
    const prev = [...(waiting.get(cur) ?? [])].sort(byName)[0];
    const seen = path.indexOf(prev);
    if (seen >= 0) return [...path.slice(seen), prev].reverse();
    path.push(prev);
  }
}

/** The pipeline's graph; a PipelineError (with the fix) for the first thing that makes it invalid. */
export function buildPipelineGraph(workspaceRoot: string, config: MlopsConfig, name: string): PipelineGraph {
  const stages = Object.keys(pipelineConfig(config, name).stages).map((s) => resolveStage(workspaceRoot, config, name, s));
  const { order, edges, issues } = stageGraph(name, stages);
  if (issues.length) throw new PipelineError(issues[0].message);
  return { name, stages: order, edges };
}

/** The graph as far as mlops.json says, without the disk (every stage, also those in a cycle): for its problems and editors. */
export function lexicalGraph(config: MlopsConfig, name: string): { stages: StageSpec[]; order: StageSpec[]; edges: StageEdge[]; issues: StageIssue[] } {
  const issues: StageIssue[] = [];
  const stages = Object.keys(config.pipelines[name]?.stages ?? {}).map((s) => stageSpec(config, name, s, issues));
  const g = stageGraph(name, stages);
  return { stages, ...g, issues: [...issues, ...g.issues] };
}

/** `target` and every stage it depends on, transitively, in graph order; every stage without a target. */
export function selectStages(graph: PipelineGraph, target?: string): StageSpec[] {
  if (target === undefined) return graph.stages;
  if (!graph.stages.some((s) => s.name === target)) {
    throw new PipelineError(`Pipeline "${graph.name}" has no stage "${target}" (stages: ${graph.stages.map((s) => s.name).join(', ')}): fix the name.`);
  }
  const wanted = reach(graph.edges, target, (e) => e.to, (e) => e.from);
  return graph.stages.filter((s) => wanted.has(s.name));
}

/** The stages that read `stage`'s outs, transitively, in graph order. */
export function downstreamOf(graph: PipelineGraph, stage: string): string[] {
  const found = reach(graph.edges, stage, (e) => e.from, (e) => e.to);
  found.delete(stage);
  return graph.stages.map((s) => s.name).filter((n) => found.has(n));
}

/** `start` and every stage reached from it along edges (`here` the side we stand on, `there` the side we go to). */
function reach(edges: StageEdge[], start: string, here: (e: StageEdge) => string, there: (e: StageEdge) => string): Set<string> {
  const seen = new Set([start]);
  const queue = [start];
  while (queue.length) {
    const cur = queue.shift()!;
    for (const e of edges) {
      if (here(e) === cur && !seen.has(there(e))) {
        seen.add(there(e));
        queue.push(there(e));
      }
    }
  }
  return seen;
}
