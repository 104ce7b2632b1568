// Who made each run (teams, docs/teams.md): runs.author is "Name <email>" as pushed, '' for a run
// made here before anyone pushed (its author is this workspace's actor), and origin 'team' marks
// a run pulled from a teammate. The Runs view reads both for its tooltips and its author filter.
import type { Store } from '../store/store';

export interface RunAuthorship {
  /** As stored: '' means this workspace's own actor (audit/actor currentActor). */
  author: string;
  origin: 'local' | 'team';
}

/** Every run's author and origin, by run id: one query, for a redraw of the Runs view. */
export function runAuthorship(store: Store): Map<string, RunAuthorship> {
  const rows = store.db.prepare('SELECT id, author, origin FROM runs').all<{ id: string; author: string; origin: 'local' | 'team' }>();
  return new Map(rows.map((r) => [r.id, { author: r.author, origin: r.origin }]));
}

/** One run's author and origin; undefined for an unknown id. */
export function runAuthorOf(store: Store, runId: string): RunAuthorship | undefined {
  return store.db.prepare('SELECT author, origin FROM runs WHERE id = ?').get<RunAuthorship>(runId);
}
