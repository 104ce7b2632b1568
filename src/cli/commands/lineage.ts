// `mlops lineage REF [--direction up|down|both] [--json]`: where a run, a dataset version or a model
// version came from and what was built on it, as an indented tree or the graph as JSON.
import { lineageOf } from '../../core/lineage/lineage';
import type { LineageDirection, LineageEdge, LineageGraph, LineageNode } from '../../core/lineage/types';
import { UsageError, type Command } from '../command';
import { formatTime } from '../time';
import { openWorkspace } from '../workspaceStore';

const directions: readonly LineageDirection[] = ['up', 'down', 'both'];

export const lineageCommand: Command = {
  name: 'lineage',
  summary: 'where a run, dataset version or model version came from and what was built on it',
  usage: 'mlops lineage REF [--direction up|down|both] [--json]',
  examples: ['mlops lineage churn@champion', 'mlops lineage train@3 --direction down', 'mlops lineage 20261205-1a2b --json'],
  options: { direction: { type: 'string' } },
  optionHelp: {
    'REF': 'a run (id, id prefix or name), a dataset version (train@3, train:data/a.csv@3) or a model version (churn@2, churn@champion); model:, data: or run: in front settles a name that is both',
    '--direction D': 'up: what it came from; down: what was built on it; both (default)',
  },
  run(ctx) {
    if (ctx.args.length !== 1) throw new UsageError(ctx.args.length ? `Give one reference, not ${ctx.args.length}.` : 'Say whose lineage: a run, a dataset version or a model version.', `Usage: ${this.usage}`);
    const direction = (ctx.values.direction ?? 'both') as LineageDirection;
    if (!directions.includes(direction)) throw new UsageError(`--direction ${String(direction)}: use up, down or both.`);
    const { store, loaded } = openWorkspace(ctx);
    try {
      const graph = lineageOf(store, loaded.config, ctx.args[0], { direction });
      ctx.out(ctx.json ? JSON.stringify(lineageJson(graph), null, 2) : lineageTree(graph));
      return 0;
    } finally {
      store.close();
    }
  },
};

const timeKeys = new Set(['createdAt', 'endedAt', 'at']);

/** The graph with its times in ISO 8601, like every other command's JSON. */
export function lineageJson(graph: LineageGraph): unknown {
  return JSON.parse(JSON.stringify(graph, (key, value: unknown) => (timeKeys.has(key) && typeof value === 'number' ? new Date(value).toISOString() : value)));
}

/**
 * The graph as an indented tree from its root: each node under the one it was reached from, with
 * the relation in words. A node reached twice (a monitor over two versions) is expanded once.
 */
export function lineageTree(graph: LineageGraph): string {
  const nodes = new Map(graph.nodes.map((n) => [n.id, n]));
  const root = nodes.get(graph.root)!;
  const lines = [rootLine(root)];
  const shown = new Set([root.id]);
  const walk = (id: string, parent: string | null, depth: number) => {
    for (const { edge, other, forward } of neighbours(graph.edges, id)) {
      if (other === parent) continue; // the edge this node was reached by
      const node = nodes.get(other)!;
      const again = shown.has(other);
      lines.push(`${'  '.repeat(depth)}${phrase(edge, forward)}${nodeText(node)}${again ? ' (shown above)' : ''}`);
      if (again) continue;
      shown.add(other);
      walk(other, id, depth + 1);
    }
  };
  walk(root.id, null, 1);
  if (lines.length === 1) lines.push(`  (nothing ${graph.direction === 'up' ? 'upstream' : graph.direction === 'down' ? 'downstream' : 'upstream or downstream'} in the store)`);
  return lines.join('\n');
}

function neighbours(edges: LineageEdge[], id: string): { edge: LineageEdge; other: string; forward: boolean }[] {
  const out: { edge: LineageEdge; other: string; forward: boolean }[] = [];
  for (const e of edges) {
    if (e.from === id) out.push({ edge: e, other: e.to, forward: true });
    else if (e.to === id) out.push({ edge: e, other: e.from, forward: false });
  }
  return out;
}

function phrase(edge: LineageEdge, forward: boolean): string {
  if (forward) {
    if (edge.relation === 'registered-from') return 'registered from ';
    if (edge.relation === 'read') return 'read ';
    if (edge.relation === 'monitored-by') return 'monitored by ';
    if (edge.relation === 'part-of') return 'part of ';
    if (edge.relation === 'used-outs-of') return 'used the outs of ';
    return ''; // params, code, environment: their labels say what they are
  }
  if (edge.relation === 'registered-from') return 'registered as ';
  if (edge.relation === 'read') return 'read by ';
  if (edge.relation === 'monitored-by') return 'monitors ';
  if (edge.relation === 'part-of') return 'included ';
  if (edge.relation === 'used-outs-of') return 'outs used by ';
  return '';
}

function rootLine(n: LineageNode): string {
  if (n.kind === 'model-version') return `model version ${nodeText(n)}`;
  if (n.kind === 'dataset-version') return `dataset version ${nodeText(n)}`;
  return nodeText(n);
}

function nodeText(n: LineageNode): string {
  const d = n.details;
  switch (n.kind) {
    case 'model-version':
      return `${n.label}, registered ${formatTime(d.createdAt as number)} by ${String(d.registeredBy)}`;
    case 'dataset-version': {
      const v = d.validation as { success: boolean; failedExpectations: number } | null;
      const validation = !v ? 'not validated' : v.success ? 'validation passed' : `validation failed (${v.failedExpectations} expectation${v.failedExpectations === 1 ? '' : 's'})`;
      return `${n.label}, sha256 ${String(d.hash).slice(0, 12)}, ${validation}, ${d.profiled ? 'profiled' : 'not profiled'}`;
    }
    case 'monitor': {
      const c = d.latestCheck as { outcome: string; at: number; batch: string } | null;
      const check = c ? `last check ${c.outcome} at ${formatTime(c.at)} (batch ${c.batch})` : 'not checked yet';
      const pinned = d.referenceVersion as string | null;
      const reference = pinned ? `reference ${pinned}` : `reference ${d.reference as string}, not pinned yet`;
      return `monitor ${String(d.name)}: ${check}; ${reference}`;
    }
    case 'code': {
      const diff = d.diffObject as string | null;
      return diff ? `${n.label}, uncommitted diff in object ${diff.slice(0, 12)}` : n.label;
    }
    default:
      return n.label;
  }
}
