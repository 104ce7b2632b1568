// Deploy hooks: mlops.json's models.NAME.onAlias.ALIAS runs as a real shell command when the alias
// moves, with the version's artifact placed for it; its exit code and output go into the audit log.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { listAudit } from '../../../src/core/audit/auditQuery';
import type { MlopsConfig } from '../../../src/core/config/types';
import { removeAlias, setAlias } from '../../../src/core/registry/aliases';
import { HOOK_OUTPUT_LIMIT, runDeployHook } from '../../../src/core/registry/deployHook';
import { registerModel } from '../../../src/core/registry/registerModel';
import { finishedRun, registryWorkspace, type Fixture } from './registryFixture';

async function withVersion(onAlias: Record<string, string>, artifacts?: Record<string, string>, artifact?: string): Promise<Fixture> {
  const models: MlopsConfig['models'] = { churn: { metric: 'auc', direction: 'maximize', onAlias } };
  const f = registryWorkspace(models);
  const runId = await finishedRun(f, { artifacts });
  await registerModel(f.store, f.config, { model: 'churn', runId, artifact });
  return f;
}

const hookEntries = (f: Fixture) => listAudit(f.store, { action: 'model.deploy-hook' });

test('the hook runs at the workspace root with the model, version, alias and a checked copy of the artifact; its output and exit code are audited', async () => {
  const f = await withVersion({ champion: 'printf "%s %s %s\\n" "$MLOPS_MODEL" "$MLOPS_VERSION" "$MLOPS_ALIAS"; pwd; cat "$MLOPS_ARTIFACT"; echo; echo "$MLOPS_ARTIFACT" > artifact-path.txt; echo warn >&2' }, { 'model.pkl': 'weights v1' });
  const event = setAlias(f.store, f.config, { model: 'churn', alias: 'champion', version: 1, reason: 'first release' });
  const chunks: Buffer[] = [];
  const r = await runDeployHook(f.store, f.config, event, { trusted: true, onOutput: (c) => chunks.push(c) });
  assert.ok(r);
  assert.equal(r.exitCode, 0);
  const lines = r.output.trim().split('\n');
  assert.equal(lines[0], 'churn 1 champion');
  assert.equal(fs.realpathSync(lines[1]), fs.realpathSync(f.root), 'it runs at the workspace root');
  assert.equal(lines[2], 'weights v1');
  assert.match(r.output, /warn/, 'stderr is captured too');
  assert.equal(Buffer.concat(chunks).toString(), r.output, 'the output streams as it comes');
  const placed = fs.readFileSync(path.join(f.root, 'artifact-path.txt'), 'utf8').trim();
  assert.equal(path.basename(placed), 'model.pkl', 'the artifact keeps its name');
  assert.ok(placed.startsWith(path.join(f.root, '.mlops', 'tmp')), placed);
  assert.ok(!fs.existsSync(placed), 'the placed copy is removed once the hook is done');
  const [entry] = hookEntries(f);
  assert.equal(entry.object, 'churn@1');
  assert.equal(entry.reason, 'first release');
  assert.deepEqual({ ...entry.details, output: undefined }, { alias: 'champion', version: 1, aliasEvent: event.id, command: r.command, exitCode: 0, output: undefined });
  assert.equal(entry.details.output, r.output);
});

test('a failing hook reports its exit code (the alias stays moved); a signal counts as 128 + its number', async () => {
  const f = await withVersion({ champion: 'echo deploying; exit 3', staging: 'kill -TERM $$' });
  const event = setAlias(f.store, f.config, { model: 'churn', alias: 'champion', version: 1, reason: 'r' });
  const r = await runDeployHook(f.store, f.config, event, { trusted: true });
  assert.deepEqual([r?.exitCode, r?.output], [3, 'deploying\n']);
  assert.equal(hookEntries(f)[0].details.exitCode, 3);
  const staging = setAlias(f.store, f.config, { model: 'churn', alias: 'staging', version: 1, reason: 'r' });
  assert.equal((await runDeployHook(f.store, f.config, staging, { trusted: true }))?.exitCode, 128 + 15);
  assert.deepEqual(
    f.store.db.prepare('SELECT alias FROM model_aliases ORDER BY alias').all<{ alias: string }>().map((r) => r.alias),
    ['champion', 'staging'],
    'a failing hook undoes no move',
  );
});

test('in an untrusted workspace the hook does not run; the audit entry says it was skipped and why', async () => {
  const f = await withVersion({ champion: 'touch ran.txt' });
  const event = setAlias(f.store, f.config, { model: 'churn', alias: 'champion', version: 1, reason: 'r' });
  assert.equal(await runDeployHook(f.store, f.config, event, { trusted: false }), null);
  assert.ok(!fs.existsSync(path.join(f.root, 'ran.txt')));
  const [entry] = hookEntries(f);
  assert.equal(entry.object, 'churn@1');
  assert.match(String(entry.details.skipped), /not trusted/);
  assert.equal(entry.details.exitCode, undefined);
});

test('no hook for the alias, or the alias removed: nothing runs and nothing is recorded', async () => {
  const f = await withVersion({ champion: 'touch ran.txt' });
  const staging = setAlias(f.store, f.config, { model: 'churn', alias: 'staging', version: 1, reason: 'r' });
  assert.equal(await runDeployHook(f.store, f.config, staging, { trusted: true }), null);
  setAlias(f.store, f.config, { model: 'churn', alias: 'champion', version: 1, reason: 'r' });
  const removed = removeAlias(f.store, { model: 'churn', alias: 'champion', reason: 'retired' });
  assert.equal(await runDeployHook(f.store, f.config, removed, { trusted: true }), null);
  assert.ok(!fs.existsSync(path.join(f.root, 'ran.txt')));
  assert.deepEqual(hookEntries(f), []);
});

test('a folder artifact is placed whole as a folder', async () => {
  const f = await withVersion({ champion: 'ls "$MLOPS_ARTIFACT"; cat "$MLOPS_ARTIFACT/sub/b.txt"' }, { 'out/model/a.txt': 'A', 'out/model/sub/b.txt': 'B' }, 'out/model');
  const event = setAlias(f.store, f.config, { model: 'churn', alias: 'champion', version: 1, reason: 'r' });
  const r = await runDeployHook(f.store, f.config, event, { trusted: true });
  assert.equal(r?.exitCode, 0);
  assert.equal(r?.output, 'a.txt\nsub\nB');
});

test('the audit entry keeps the last 64 KiB of a long output', async () => {
  // 200,000 lines' worth of output, then a last line that must survive.
  const f = await withVersion({ champion: 'i=0; while [ $i -lt 20000 ]; do echo "line $i of a long deploy log"; i=$((i+1)); done; echo LAST' });
  const event = setAlias(f.store, f.config, { model: 'churn', alias: 'champion', version: 1, reason: 'r' });
  const r = await runDeployHook(f.store, f.config, event, { trusted: true });
  assert.ok(r);
  assert.ok(Buffer.byteLength(r.output) <= HOOK_OUTPUT_LIMIT + 16, `kept ${Buffer.byteLength(r.output)} bytes`);
  assert.ok(Buffer.byteLength(r.output) >= HOOK_OUTPUT_LIMIT - 64);
  assert.match(r.output, /^\[\.\.\.\]\n/);
  assert.match(r.output, /line 19999 of a long deploy log\nLAST\n$/);
  assert.equal(hookEntries(f)[0].details.output, r.output);
});

test('the output is passed on in whole lines, each stream on its own, however the hook writes it', async () => {
  const f = await withVersion({ champion: "printf 'half'; sleep 0.3; printf ' line\\n'; printf 'oops\\n' >&2; printf 'no newline'" });
  const event = setAlias(f.store, f.config, { model: 'churn', alias: 'champion', version: 1, reason: 'r' });
  const chunks: string[] = [];
  const r = await runDeployHook(f.store, f.config, event, { trusted: true, onOutput: (c) => chunks.push(c.toString()) });
  assert.deepEqual(chunks.filter((c) => c !== 'oops\n'), ['half line\n', 'no newline']);
  assert.ok(chunks.includes('oops\n'));
  assert.equal(r?.output.replace('oops\n', ''), 'half line\nno newline');
});
