// Deleting a model version: refused while an alias holds it (move or remove the alias first). Its
// number is never reused, its alias history stays, and its artifact object stays until gc finds
// nothing else referring to it.
import { appendAudit } from '../audit/appendAudit';
import type { Store } from '../store/store';
import { formatModelRef } from './modelRef';
import { resolveModelRef } from './modelVersions';
import { RegistryError } from './types';

export function deleteModelVersion(store: Store, ref: string, reason: string): void {
  const why = reason.trim();
  if (!why) throw new RegistryError(`Deleting ${ref} needs a reason (--reason TEXT): it is kept in the audit log.`);
  store.transaction(() => {
    const v = resolveModelRef(store, ref);
    const name = formatModelRef(v.model, v.version);
    const held = v.aliases.filter((a) => a !== 'latest');
    if (held.length) {
      throw new RegistryError(
        `${name} is in use: ${held.map((a) => `${v.model}@${a}`).join(', ')} point${held.length === 1 ? 's' : ''} at it. ` +
          `Move ${held.length === 1 ? 'that alias' : 'those aliases'} to another version (mlops model alias set ${v.model} ${held[0]} VERSION --reason ...) or remove ${held.length === 1 ? 'it' : 'them'} (mlops model alias rm ${v.model} ${held[0]} --reason ...) first.`,
      );
    }
    store.db.prepare('DELETE FROM model_versions WHERE id = ?').run(v.id);
    appendAudit(store, {
      action: 'model.version-deleted',
      object: name,
      reason: why,
      details: { runId: v.runId, artifact: v.artifact, metrics: v.metrics, tags: v.tags, registeredBy: v.registeredBy, createdAt: v.createdAt },
    });
  });
}
