// Who made the runs in this store, for the Runs view's author filter: teammates' runs carry the
// author they were pushed with; this workspace's own runs made before teams carry '' (their author
// is this workspace's actor, audit/actor).
import { currentActor } from '../audit/actor';
import type { Store } from '../store/store';

/** Distinct authors of runs, sorted; '' counted as `self` (default: this workspace's actor). */
export function runAuthors(store: Store, self: string = currentActor(store.root)): string[] {
  const rows = store.db.prepare('SELECT DISTINCT author FROM runs').all<{ author: string }>();
  const authors = new Set(rows.map((r) => r.author || self));
  return [...authors].sort((a, b) => a.localeCompare(b));
}
