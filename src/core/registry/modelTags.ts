// Tags are the one mutable part of a model version: set, changed or removed, each change audited.
import { appendAudit } from '../audit/appendAudit';
import type { Store } from '../store/store';
import { formatModelRef } from './modelRef';
import { getVersionById, resolveModelRef } from './modelVersions';
import { RegistryError, type ModelVersion } from './types';

// MLflow's limits for model version tags.
const MAX_KEY = 250;
const MAX_VALUE = 5000;

/** Refuses a tag key or value the registry will not keep, naming it. */
export function checkTags(tags: Record<string, string | null>): void {
  for (const [key, value] of Object.entries(tags)) {
    if (!key.trim() || key.length > MAX_KEY || /[=\p{Cc}]/u.test(key)) {
      throw new RegistryError(`Tag key "${key}" is not allowed: use 1 to ${MAX_KEY} characters, without '=' or control characters.`);
    }
    if (value !== null && value.length > MAX_VALUE) throw new RegistryError(`The value of tag ${key} is ${value.length} characters long: at most ${MAX_VALUE} are kept.`);
  }
}

/**
 * Sets tags on the version `ref` names; a null value removes that tag. Removing a tag the version
 * does not have is refused (nothing changed), so a typo is not silently ignored.
 */
export function tagModelVersion(store: Store, ref: string, tags: Record<string, string | null>): ModelVersion {
  checkTags(tags);
  if (!Object.keys(tags).length) throw new RegistryError('No tag given: write KEY=VALUE to set one, or remove one by its key.');
  return store.transaction(() => {
    const v = resolveModelRef(store, ref);
    const removed = Object.keys(tags).filter((k) => tags[k] === null);
    const missing = removed.filter((k) => !(k in v.tags));
    if (missing.length) {
      const have = Object.keys(v.tags);
      throw new RegistryError(`${formatModelRef(v.model, v.version)} has no tag ${missing.join(', ')} to remove (${have.length ? `tags: ${have.join(', ')}` : 'it has no tags'}).`);
    }
    const set = Object.fromEntries(Object.entries(tags).filter((e): e is [string, string] => e[1] !== null));
    const upsert = store.db.prepare('INSERT INTO model_version_tags (version_id, key, value) VALUES (?, ?, ?) ON CONFLICT (version_id, key) DO UPDATE SET value = excluded.value');
    const remove = store.db.prepare('DELETE FROM model_version_tags WHERE version_id = ? AND key = ?');
    for (const [k, value] of Object.entries(set)) upsert.run(v.id, k, value);
    for (const k of removed) remove.run(v.id, k);
    appendAudit(store, {
      action: 'model.tagged',
      object: formatModelRef(v.model, v.version),
      details: { ...(Object.keys(set).length ? { set } : {}), ...(removed.length ? { removed } : {}), before: v.tags },
    });
    return getVersionById(store, v.id)!;
  });
}
