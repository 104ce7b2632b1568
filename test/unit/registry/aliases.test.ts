// Aliases: moves recorded with who, when, why and the gate; protected aliases move only through the
// gate or with --force; bad input refused with nothing changed. Real store, the real gate.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { listAudit } from '../../../src/core/audit/auditQuery';
import { verifyAudit } from '../../../src/core/audit/verifyAudit';
import { aliasHistory, AliasUnchangedError, removeAlias, setAlias } from '../../../src/core/registry/aliases';
import { listModels, resolveModelRef } from '../../../src/core/registry/modelVersions';
import { registerModel } from '../../../src/core/registry/registerModel';
import { RegistryError } from '../../../src/core/registry/types';
import { finishedRun, registrySnapshot, registryWorkspace, type Fixture } from './registryFixture';

const churn = { metric: 'auc', gate: { auc: { threshold: 0.75, minAbsoluteChange: 0.01 } }, protect: ['champion'] };

/** churn@1 (auc 0.8), churn@2 (auc 0.9), churn@3 (auc 0.6). */
async function threeVersions(f: Fixture): Promise<void> {
  for (const auc of [0.8, 0.9, 0.6]) await registerModel(f.store, f.config, { model: 'churn', runId: await finishedRun(f, { metrics: { auc: [auc] } }) });
}

test('an unprotected alias moves freely; each move records old, new, who, when and why, newest first', async () => {
  const f = registryWorkspace();
  await threeVersions(f);
  const first = setAlias(f.store, f.config, { model: 'churn', alias: 'staging', version: 1, reason: 'try it' });
  assert.equal(first.oldVersion, null);
  assert.equal(first.newVersion, 1);
  assert.equal(first.gate, null);
  assert.equal(first.forced, false);
  assert.ok(first.actor.length > 0);
  setAlias(f.store, f.config, { model: 'churn', alias: 'staging', version: 3, reason: 'newer' });
  assert.equal(resolveModelRef(f.store, 'churn@staging').version, 3);
  assert.deepEqual(resolveModelRef(f.store, 'churn@3').aliases, ['latest', 'staging']);
  assert.deepEqual(listModels(f.store)[0].aliases, { staging: 3 });
  removeAlias(f.store, { model: 'churn', alias: 'staging', reason: 'retired' });
  const history = aliasHistory(f.store, 'churn', 'staging');
  assert.deepEqual(
    history.map((e) => [e.oldVersion, e.newVersion, e.reason]),
    [
      [3, null, 'retired'],
      [1, 3, 'newer'],
      [null, 1, 'try it'],
    ],
  );
  assert.deepEqual(
    listAudit(f.store, { object: 'churn@staging' }).map((e) => [e.action, e.details.oldVersion, e.details.newVersion ?? null, e.reason]),
    [
      ['model.alias-moved', null, 1, 'try it'],
      ['model.alias-moved', 1, 3, 'newer'],
      ['model.alias-removed', 3, null, 'retired'],
    ],
  );
  assert.equal(verifyAudit(f.store).ok, true);
  f.store.close();
});

test('a protected alias moves when the gate passes; the result is stored and linked to the move', async () => {
  const f = registryWorkspace({ churn });
  await threeVersions(f);
  const e1 = setAlias(f.store, f.config, { model: 'churn', alias: 'champion', version: 1, reason: 'first champion' });
  assert.equal(e1.gate?.passed, true, 'above the threshold, nothing to compare yet');
  assert.equal(e1.gate?.against.version, null);
  const e2 = setAlias(f.store, f.config, { model: 'churn', alias: 'champion', version: 2, reason: 'better auc' });
  assert.equal(e2.gate?.passed, true);
  assert.equal(e2.gate?.against.version, 1);
  assert.equal(e2.forced, false);
  const [stored] = aliasHistory(f.store, 'churn', 'champion');
  assert.equal(stored.gate?.id, e2.gate?.id);
  assert.equal(stored.gate?.candidate, 'churn@2');
  const moved = listAudit(f.store, { action: 'model.alias-moved' }).at(-1)!;
  assert.equal(moved.details.gateId, e2.gate?.id);
  f.store.close();
});

test('a failing gate refuses the move (the result kept as evidence); --force moves it, recorded as forced', async () => {
  const f = registryWorkspace({ churn });
  await threeVersions(f);
  setAlias(f.store, f.config, { model: 'churn', alias: 'champion', version: 2, reason: 'best' });
  assert.throws(
    () => setAlias(f.store, f.config, { model: 'churn', alias: 'champion', version: 3, reason: 'hotfix' }),
    (e: unknown) => e instanceof RegistryError && /churn@champion is protected and the gate failed for churn@3 \(gate result \d+\): auc: .*did not move.*--force/.test(e.message),
  );
  assert.equal(resolveModelRef(f.store, 'churn@champion').version, 2, 'did not move');
  assert.equal(aliasHistory(f.store, 'churn', 'champion').length, 1, 'no event for a refused move');
  const gates = listAudit(f.store, { action: 'gate.evaluated' });
  assert.equal(gates.at(-1)!.details.passed, false, 'the failed evaluation is on record');

  const forced = setAlias(f.store, f.config, { model: 'churn', alias: 'champion', version: 3, reason: 'hotfix: v2 crashes on empty input', force: true });
  assert.equal(forced.forced, true);
  assert.equal(forced.gate?.passed, false);
  assert.equal(resolveModelRef(f.store, 'churn@champion').version, 3);
  const moved = listAudit(f.store, { action: 'model.alias-moved' }).at(-1)!;
  assert.equal(moved.details.forced, true);
  assert.equal(moved.reason, 'hotfix: v2 crashes on empty input');
  f.store.close();
});

test('a protected alias whose gate cannot be evaluated is refused unless forced; force records why', async () => {
  const f = registryWorkspace({ churn: { metric: 'auc', protect: ['champion'] } });
  await threeVersions(f);
  const before = registrySnapshot(f.store);
  assert.throws(() => setAlias(f.store, f.config, { model: 'churn', alias: 'champion', version: 1, reason: 'x' }), /has no gate/);
  assert.equal(registrySnapshot(f.store), before);
  const e = setAlias(f.store, f.config, { model: 'churn', alias: 'champion', version: 1, reason: 'no gate yet', force: true });
  assert.equal(e.forced, true);
  assert.equal(e.gate, null);
  assert.match(String(listAudit(f.store, { action: 'model.alias-moved' }).at(-1)!.details.gateError), /has no gate/);
  f.store.close();
});

test('the same version again is a no-op; bad names, latest, no reason, unknown model, version or alias: refused, nothing changed', async () => {
  const f = registryWorkspace({ churn });
  await threeVersions(f);
  setAlias(f.store, f.config, { model: 'churn', alias: 'staging', version: 1, reason: 'x' });
  const before = registrySnapshot(f.store);
  assert.throws(() => setAlias(f.store, f.config, { model: 'churn', alias: 'staging', version: 1, reason: 'again' }), (e: unknown) => e instanceof AliasUnchangedError && /already points at version 1/.test(e.message));
  const bad: [() => unknown, RegExp][] = [
    [() => setAlias(f.store, f.config, { model: 'churn', alias: 'latest', version: 1, reason: 'x' }), /"latest" is automatic/],
    [() => setAlias(f.store, f.config, { model: 'churn', alias: 'prod.eu', version: 1, reason: 'x' }), /not an alias name/],
    [() => setAlias(f.store, f.config, { model: 'churn', alias: 'prod', version: 1, reason: ' ' }), /needs a reason/],
    [() => setAlias(f.store, f.config, { model: 'churn', alias: 'prod', version: 9, reason: 'x' }), /churn@9 does not exist: versions of churn: 1, 2, 3/],
    [() => setAlias(f.store, f.config, { model: 'nope', alias: 'prod', version: 1, reason: 'x' }), /No model "nope"/],
    [() => removeAlias(f.store, { model: 'churn', alias: 'prod', reason: 'x' }), /no alias "prod" to remove \(aliases: staging\)/],
    [() => removeAlias(f.store, { model: 'churn', alias: 'staging', reason: '' }), /needs a reason/],
    [() => aliasHistory(f.store, 'nope'), /No model "nope"/],
  ];
  for (const [fn, pattern] of bad) assert.throws(fn, (e: unknown) => e instanceof RegistryError && pattern.test(e.message), pattern.source);
  assert.equal(registrySnapshot(f.store), before);
  f.store.close();
});
