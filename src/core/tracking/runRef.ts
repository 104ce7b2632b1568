import type { Store } from '../store/store';

export class RunRefError extends Error {}

/**
 * Resolves what a user types for a run: a full id, an unambiguous id prefix (4+ characters), or a
 * run name (the newest run of that name wins only if the name is unique; otherwise the error lists
 * the candidates).
 */
export function resolveRunRef(store: Store, ref: string): string {
  const exact = store.db.prepare('SELECT id FROM runs WHERE id = ?').get<{ id: string }>(ref);
  if (exact) return exact.id;
  const byName = store.db.prepare('SELECT id FROM runs WHERE name = ? ORDER BY created_at DESC').all<{ id: string }>(ref);
  if (byName.length === 1) return byName[0].id;
  if (byName.length > 1) throw new RunRefError(`"${ref}" names ${byName.length} runs (${byName.map((r) => r.id).join(', ')}): use an id.`);
  if (ref.length >= 4) {
    const escaped = ref.replace(/[\\%_]/g, (c) => `\\${c}`);
    const byPrefix = store.db.prepare(`SELECT id FROM runs WHERE id LIKE ? ESCAPE '\\' LIMIT 6`).all<{ id: string }>(`${escaped}%`);
    if (byPrefix.length === 1) return byPrefix[0].id;
    if (byPrefix.length > 1) throw new RunRefError(`"${ref}" is the start of several run ids (${byPrefix.map((r) => r.id).join(', ')}${byPrefix.length > 5 ? ', ...' : ''}): type more of it.`);
  }
  throw new RunRefError(`No run "${ref}": give an id, an id prefix of 4+ characters, or a name (\`mlops runs list\` shows them).`);
}
