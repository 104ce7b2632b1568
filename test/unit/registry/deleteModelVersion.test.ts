// Deleting a version: refused while an alias holds it; its number is not reused; its object stays until gc.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { listAudit } from '../../../src/core/audit/auditQuery';
import { hasObject } from '../../../src/core/data/objectCache';
import { removeAlias, setAlias } from '../../../src/core/registry/aliases';
import { deleteModelVersion } from '../../../src/core/registry/deleteModelVersion';
import { listVersions, resolveModelRef } from '../../../src/core/registry/modelVersions';
import { registerModel } from '../../../src/core/registry/registerModel';
import { RegistryError } from '../../../src/core/registry/types';
import { finishedRun, registrySnapshot, registryWorkspace } from './registryFixture';

test('a version an alias holds is refused, naming the aliases; once they move, it is deleted and audited', async () => {
  const f = registryWorkspace();
  const v1 = await registerModel(f.store, f.config, { model: 'churn', runId: await finishedRun(f) });
  await registerModel(f.store, f.config, { model: 'churn', runId: await finishedRun(f) });
  setAlias(f.store, f.config, { model: 'churn', alias: 'champion', version: 1, reason: 'first' });
  setAlias(f.store, f.config, { model: 'churn', alias: 'canary', version: 1, reason: 'first' });
  const before = registrySnapshot(f.store);
  assert.throws(
    () => deleteModelVersion(f.store, 'churn@champion', 'old'),
    (e: unknown) => e instanceof RegistryError && /churn@1 is in use: churn@canary, churn@champion point at it/.test(e.message),
  );
  assert.throws(() => deleteModelVersion(f.store, 'churn@1', '  '), /needs a reason/);
  assert.throws(() => deleteModelVersion(f.store, 'churn@9', 'x'), /churn@9 does not exist/);
  assert.equal(registrySnapshot(f.store), before, 'nothing changed');

  removeAlias(f.store, { model: 'churn', alias: 'canary', reason: 'done' });
  setAlias(f.store, f.config, { model: 'churn', alias: 'champion', version: 2, reason: 'better' });
  deleteModelVersion(f.store, 'churn@1', 'superseded');
  assert.deepEqual(listVersions(f.store, 'churn').map((v) => v.version), [2]);
  assert.ok(hasObject(f.root, v1.artifact.hash), 'the object stays until gc');
  const [entry] = listAudit(f.store, { object: 'churn@1', action: 'model.version-deleted' });
  assert.equal(entry.reason, 'superseded');
  assert.deepEqual(entry.details.artifact, v1.artifact);
  f.store.close();
});

test('deleting the highest version: latest falls back and its number is not reused', async () => {
  const f = registryWorkspace();
  const run = await finishedRun(f);
  await registerModel(f.store, f.config, { model: 'churn', runId: run });
  await registerModel(f.store, f.config, { model: 'churn', runId: run });
  deleteModelVersion(f.store, 'churn@latest', 'bad build');
  assert.equal(resolveModelRef(f.store, 'churn@latest').version, 1);
  assert.equal((await registerModel(f.store, f.config, { model: 'churn', runId: run })).version, 3);
  f.store.close();
});
