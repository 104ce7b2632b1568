// Tags on a model version: set, change, remove, each audited; bad ones refused with nothing changed.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { listAudit } from '../../../src/core/audit/auditQuery';
import { tagModelVersion } from '../../../src/core/registry/modelTags';
import { registerModel } from '../../../src/core/registry/registerModel';
import { RegistryError } from '../../../src/core/registry/types';
import { finishedRun, registrySnapshot, registryWorkspace } from './registryFixture';

test('set, change and remove tags through any reference; each change is one audit entry', async () => {
  const f = registryWorkspace();
  await registerModel(f.store, f.config, { model: 'churn', runId: await finishedRun(f), tags: { team: 'growth' } });
  let v = tagModelVersion(f.store, 'churn@latest', { stage: 'review', team: 'retention' });
  assert.deepEqual(v.tags, { stage: 'review', team: 'retention' });
  v = tagModelVersion(f.store, 'churn@1', { stage: null });
  assert.deepEqual(v.tags, { team: 'retention' });
  const entries = listAudit(f.store, { object: 'churn@1', action: 'model.tagged' });
  assert.equal(entries.length, 2);
  assert.deepEqual(
    entries.map((e) => e.details),
    [
      { set: { stage: 'review', team: 'retention' }, before: { team: 'growth' } },
      { removed: ['stage'], before: { stage: 'review', team: 'retention' } },
    ],
  );
  f.store.close();
});

test('removing a tag the version lacks, a bad key, no tags, an unknown version: refused, nothing changed', async () => {
  const f = registryWorkspace();
  await registerModel(f.store, f.config, { model: 'churn', runId: await finishedRun(f), tags: { team: 'growth' } });
  const before = registrySnapshot(f.store);
  assert.throws(() => tagModelVersion(f.store, 'churn@1', { team: 'x', typo: null }), (e: unknown) => e instanceof RegistryError && /churn@1 has no tag typo to remove \(tags: team\)/.test(e.message));
  assert.throws(() => tagModelVersion(f.store, 'churn@1', { '': 'x' }), /Tag key "" is not allowed/);
  assert.throws(() => tagModelVersion(f.store, 'churn@1', { k: 'v'.repeat(5001) }), /at most 5000/);
  assert.throws(() => tagModelVersion(f.store, 'churn@1', {}), /No tag given/);
  assert.throws(() => tagModelVersion(f.store, 'churn@7', { a: 'b' }), /churn@7 does not exist/);
  assert.equal(registrySnapshot(f.store), before);
  f.store.close();
});
