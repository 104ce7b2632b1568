// Entry point that VS Code's extension host loads as `extensionTestsPath` (bundled by esbuild to
// out/test/extension/index.js). Mocha itself stays external and is loaded from the repo's node_modules.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { inspect } from 'node:util';
import Mocha = require('mocha');

const repoRoot = path.resolve(__dirname, '../../..');
const reportFile = path.join(repoRoot, 'test-results', 'extension-host.txt');

interface Outcome {
  title: string;
  ok: boolean;
  ms: number;
  error?: string;
}

function loadSuites(mocha: Mocha): void {
  // tdd globals (suite, test, ...) exist only after 'pre-require', so the suites are required here,
  // not imported at the top: the bundle evaluates these modules lazily, in this order.
  mocha.suite.emit('pre-require', globalThis, 'extension-host', mocha);
  require('./activation.test');
  require('./commands.test');
  require('./workspace.test');
  require('./compare.test');
  require('./runs.test');
  require('./metricsPanel.test');
  require('./datasets.test');
  require('./quality.test');
  require('./profile.test');
  require('./suggestExpectations.test');
  require('./dataVersioning.test');
  require('./pythonHelper.test');
  require('./monitors.test');
  require('./drift.test');
  require('./models.test');
  require('./lineage.test');
  require('./auditLog.test');
  require('./team.test');
  require('./pipelines.test');
  require('./cost.test');
}

function writeReport(outcomes: Outcome[], crash?: unknown): void {
  const passed = outcomes.filter((o) => o.ok).length;
  const lines = ['extension-host tests (VS Code ' + require('vscode').version + ')'];
  for (const o of outcomes) {
    lines.push(`${o.ok ? 'PASS' : 'FAIL'} ${o.title} (${o.ms} ms)`);
    if (o.error) lines.push(o.error.replace(/^/gm, '    '));
  }
  if (crash) lines.push(`CRASH ${crash instanceof Error ? crash.stack ?? crash.message : inspect(crash)}`);
  lines.push(`passed: ${passed}`, `failed: ${outcomes.length - passed + (crash ? 1 : 0)}`);
  fs.mkdirSync(path.dirname(reportFile), { recursive: true });
  fs.writeFileSync(reportFile, lines.join('\n') + '\n');
}

export async function run(): Promise<void> {
  // MLOPS_EXTHOST_GREP (inherited through code-server) runs only the tests whose full title matches.
  const grep = process.env.MLOPS_EXTHOST_GREP;
  const mocha = new Mocha({ ui: 'tdd', timeout: 60_000, color: false, reporter: 'spec', ...(grep ? { grep } : {}) });
  const outcomes: Outcome[] = [];
  try {
    loadSuites(mocha);
  } catch (err) {
    writeReport(outcomes, err);
    throw err;
  }
  const failures = await new Promise<number>((resolve) => {
    const runner = mocha.run(resolve);
    runner.on('pass', (t) => outcomes.push({ title: t.fullTitle(), ok: true, ms: t.duration ?? 0 }));
    runner.on('fail', (t, err: Error) => {
      outcomes.push({ title: t.fullTitle(), ok: false, ms: t.duration ?? 0, error: err.stack ?? err.message });
    });
  });
  writeReport(outcomes);
  if (failures > 0) throw new Error(`${failures} extension-host test(s) failed; see ${reportFile}`);
}
