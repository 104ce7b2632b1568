// A raised alert's actions against real endpoints: a local HTTP server on 127.0.0.1 for the webhook,
// real shell commands for the command action, and Workspace Trust honoured.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { MonitorConfig } from '../../../src/core/config/types';
import { describeOutcome, runActions } from '../../../src/core/monitors/actions/runActions';
import { runCommandAction } from '../../../src/core/monitors/actions/commandAction';
import { expandEnv, postWebhook } from '../../../src/core/monitors/actions/webhook';
import { summarizeCheck, type CheckSummary } from '../../../src/core/monitors/checkSummary';
import type { CheckRecord } from '../../../src/core/monitors/checkRecords';
import type { DriftReport } from '../../../src/core/drift/reportTypes';
import { tempWorkspace } from '../tempWorkspace';

const report: DriftReport = {
  datasetDrift: true,
  share: 2 / 3,
  driftShare: 0.5,
  correction: 'none',
  reference: { label: 'train:train.csv@1', rows: 100 },
  current: { label: 'incoming:incoming/b1.csv@1', rows: 50 },
  problems: [],
  columns: [
    { name: 'age', type: 'numeric', method: 'ks', statistic: 0.5, pValue: 0.0001, threshold: 0.05, thresholdSource: 'default', drift: true, missing: { reference: 0, current: 0 } },
    { name: 'city', type: 'categorical', method: 'chisquare', statistic: 12.5, pValue: 0.002, threshold: 0.05, thresholdSource: 'default', drift: true, missing: { reference: 0, current: 1 } },
    { name: 'score', type: 'numeric', method: 'wasserstein', statistic: 0.02, pValue: null, threshold: 0.1, thresholdSource: 'default', drift: false, missing: { reference: 0, current: 0 } },
  ],
};

const check: CheckRecord = {
  id: 7,
  monitor: 'prod',
  batchVersionId: 2,
  referenceVersionId: 1,
  batchLabel: 'incoming:incoming/b1.csv@1',
  referenceLabel: 'train:train.csv@1',
  checkedAt: Date.UTC(2026, 0, 2, 3, 4, 5),
  outcome: 'drift',
  driftShare: 2 / 3,
  driftedColumns: 2,
  totalColumns: 3,
  error: null,
  report: { drift: report },
};

/** A server that records each request's method, path, headers and JSON body, answering `status`. */
async function server(status = 200, delayMs = 0) {
  const got: { method: string; url: string; type: string; body: CheckSummary }[] = [];
  const s = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      got.push({ method: req.method!, url: req.url!, type: req.headers['content-type']!, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as CheckSummary });
      setTimeout(() => res.writeHead(status).end('ok'), delayMs);
    });
  });
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
  return { got, url, close: () => new Promise<void>((r) => {
      s.close(() => r());
      s.closeAllConnections();
    }) };
}

test('the summary names the monitor, batch, reference and each drifted column with its test and score', () => {
  const s = summarizeCheck(check);
  assert.equal(s.text, 'Drift in monitor prod: batch incoming:incoming/b1.csv@1 vs train:train.csv@1. 2 of 3 columns drifted (67%, dataset drift at 50%): age (ks 0.500, p=0.000100), city (chisquare 12.5, p=0.00200).');
  assert.deepEqual(s.driftedColumns.map((c) => c.name), ['age', 'city']);
  assert.equal(s.checkedAt, '2026-01-02T03:04:05.000Z');
});

test('a webhook POSTs the JSON summary with a Slack-style text to a local server; ${env:NAME} fills the URL', async () => {
  const srv = await server();
  try {
    const monitor: MonitorConfig = { reference: 'train', current: 'incoming', actions: [{ webhook: '${env:HOOK_BASE}/services/T0/B0/secret' }] };
    const [outcome] = await runActions(monitor, summarizeCheck(check), { trusted: false, cwd: process.cwd(), env: { HOOK_BASE: srv.url } });
    assert.equal(outcome.kind, 'webhook');
    assert.equal(srv.got.length, 1);
    assert.equal(srv.got[0].method, 'POST');
    assert.equal(srv.got[0].url, '/services/T0/B0/secret');
    assert.equal(srv.got[0].type, 'application/json');
    assert.equal(srv.got[0].body.text, summarizeCheck(check).text);
    assert.equal(srv.got[0].body.checkId, 7);
    assert.deepEqual(srv.got[0].body.driftedColumns.map((c) => c.name), ['age', 'city']);
    // Webhooks run in untrusted workspaces too (they execute nothing); the printed target hides the secret path.
    assert.match(describeOutcome(outcome), /^webhook http:\/\/127\.0\.0\.1:\d+\/services\/\.\.\.: delivered \(HTTP 200\)$/);
    assert.doesNotMatch(describeOutcome(outcome), /secret/);
  } finally {
    await srv.close();
  }
});

test('a webhook failure is reported, never thrown: an error status, no answer in time, a refused connection, an unset variable', async () => {
  const bad = await server(500);
  const slow = await server(200, 2000);
  try {
    const summary = summarizeCheck(check);
    const r500 = await postWebhook(`${bad.url}/x`, summary);
    assert.deepEqual([r500.ok, r500.status, r500.error], [false, 500, 'HTTP 500']);
    const late = await postWebhook(`${slow.url}/x`, summary, { timeoutMs: 200 });
    assert.equal(late.ok, false);
    assert.match(late.error!, /no answer within 0\.2 s/);
    await bad.close();
    const refused = await postWebhook(`${bad.url}/x`, summary);
    assert.equal(refused.ok, false);
    assert.match(refused.error!, /ECONNREFUSED/);
    const unset = await postWebhook('${env:NO_SUCH_HOOK_VAR}', summary, { env: {} });
    assert.match(unset.error!, /environment variable NO_SUCH_HOOK_VAR is not set/);
    assert.throws(() => expandEnv('${env:X}', {}), /X is not set/);
  } finally {
    await slow.close();
  }
});

test('a command action runs through the shell with the summary in its environment, only in a trusted workspace', async () => {
  const dir = tempWorkspace('mlops-action-');
  const monitor: MonitorConfig = {
    reference: 'train',
    current: 'incoming',
    actions: [{ notify: true }, { command: 'printf "%s|%s|%s|%s" "$MLOPS_MONITOR" "$MLOPS_CHECK_ID" "$MLOPS_DRIFTED_COLUMNS" "$MLOPS_OUTCOME" > out.txt' }, { retrain: 'train' }, { command: 'echo broken >&2; exit 3' }],
  };
  const untrusted = await runActions(monitor, summarizeCheck(check), { trusted: false, cwd: dir });
  assert.deepEqual(untrusted.map((o) => o.kind), ['notify', 'skipped', 'skipped', 'skipped']);
  assert.equal(fs.existsSync(path.join(dir, 'out.txt')), false, 'nothing ran');

  const trusted = await runActions(monitor, summarizeCheck(check), { trusted: true, cwd: dir });
  assert.deepEqual(trusted.map((o) => o.kind), ['notify', 'command', 'retrain', 'command']);
  assert.equal(fs.readFileSync(path.join(dir, 'out.txt'), 'utf8'), 'prod|7|age,city|drift');
  assert.deepEqual(trusted[2], { kind: 'retrain', run: 'train', checkId: 7 });
  const failed = trusted[3];
  assert.ok(failed.kind === 'command' && !failed.ok && failed.exitCode === 3);
  assert.match(describeOutcome(failed), /failed \(exit code 3\)\nbroken/);
});

test('a command action that outlives its timeout is ended with the processes it started, and reported', async () => {
  const dir = tempWorkspace('mlops-action-');
  const started = Date.now();
  const r = await runCommandAction('sleep 30 & sleep 30; echo never', summarizeCheck(check), { cwd: dir, timeoutMs: 300 });
  assert.ok(Date.now() - started < 10_000);
  assert.equal(r.ok, false);
  assert.match(r.output, /\[mlops\] stopped after 0\.3 s/);
  assert.doesNotMatch(r.output, /never/);
});
