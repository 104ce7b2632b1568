// The one test command (`npm test`): typecheck, lint, build, the VSIX, unit tests on Node 20, store tests on
// Node 24 (node:sqlite driver), extension-host suite in code-server, e2e in Chromium against the
// VSIX installed into code-server.
// Flags: --only unit|node24|exthost|e2e (typecheck, lint, build and package still run first), --no-build.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(repoRoot);

const argv = process.argv.slice(2);
const onlyAt = argv.indexOf('--only');
const only = onlyAt >= 0 ? argv[onlyAt + 1] : undefined;
const STEPS_WITH_TESTS = ['unit', 'node24', 'exthost', 'e2e'];
if (onlyAt >= 0 && !STEPS_WITH_TESTS.includes(only)) {
  console.error(`--only needs one of: ${STEPS_WITH_TESTS.join(', ')}`);
  process.exit(2);
}
const build = !argv.includes('--no-build');

function testFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true })
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => path.join(dir, f))
    .sort();
}

// Runs a command, echoing its stdout while keeping a copy to parse counts from.
function exec(cmd, args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      process.stdout.write(d);
    });
    child.on('error', (err) => resolve({ code: 127, out: `${out}\n${err.message}` }));
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), out }));
  });
}

// node:test prints "# pass N" with the TAP reporter (Node 20 when piped) and "ℹ pass N" with spec.
function nodeTestCounts({ code, out }) {
  const n = (word) => Number(out.match(new RegExp(`^(?:#|ℹ) ${word} (\\d+)`, 'm'))?.[1] ?? 0);
  return { ok: code === 0, passed: n('pass'), failed: n('fail') };
}

const steps = [
  // Both TypeScript projects: the host's (Node) and the webviews' (DOM, no Node).
  { name: 'typecheck', when: build, run: async () => ({ ok: (await exec('npm', ['run', 'typecheck'])).code === 0 }) },
  { name: 'lint', when: build, run: async () => ({ ok: (await exec('npm', ['run', 'lint'])).code === 0 }) },
  { name: 'build', when: build, run: async () => ({ ok: (await exec(process.execPath, ['esbuild.js'])).code === 0 }) },
  // The VSIX a user installs (production bundles); the e2e suite installs it into code-server.
  { name: 'package', when: build, run: async () => ({ ok: (await exec('npm', ['run', 'package'])).code === 0 }) },
  {
    name: 'unit',
    run: async () => {
      const files = testFiles('test/unit');
      if (!files.length) return { ok: false, note: 'no test/unit/**/*.test.ts files found' };
      return nodeTestCounts(await exec(process.execPath, ['--import', 'tsx', '--test', ...files]));
    },
  },
  {
    name: 'node24',
    run: async () => {
      const { ensureNode24 } = await import('./harness/provision.mjs');
      const node24 = await ensureNode24();
      const files = testFiles('test/unit/store');
      if (!files.length) return { ok: false, note: 'no test/unit/store/*.test.ts files found' };
      // better-sqlite3 is built for Node 20's ABI and does not load here: the store must fall back.
      return nodeTestCounts(await exec(node24, ['--import', 'tsx', '--test', ...files], { MLOPS_EXPECT_DRIVER: 'node:sqlite' }));
    },
  },
  {
    name: 'exthost',
    run: async () => {
      const { runExtensionHostTests } = await import('./harness/extensionHost.mjs');
      const demo = path.join(repoRoot, 'examples', 'demo-workspace');
      const r = await runExtensionHostTests({ workspace: existsSync(demo) ? demo : undefined });
      return { ok: r.exitCode === 0, passed: r.passed, failed: r.failed };
    },
  },
  {
    name: 'e2e',
    run: async () => {
      // Every test/e2e/*.e2e.mjs, the overview (first user path) first; each prints "e2e: N passed, M failed".
      const files = readdirSync('test/e2e').filter((f) => f.endsWith('.e2e.mjs')).sort((a, b) => (a === 'overview.e2e.mjs' ? -1 : b === 'overview.e2e.mjs' ? 1 : a.localeCompare(b)));
      const total = { ok: true, passed: 0, failed: 0 };
      for (const f of files) {
        const r = await exec(process.execPath, [path.join('test/e2e', f)]);
        const m = r.out.match(/^e2e: (\d+) passed, (\d+) failed$/m);
        total.ok &&= r.code === 0;
        total.passed += Number(m?.[1] ?? 0);
        total.failed += Number(m?.[2] ?? 0);
      }
      return total;
    },
  },
].filter((s) => (s.when ?? true) && (!only || !STEPS_WITH_TESTS.includes(s.name) || s.name === only));

const results = [];
for (const step of steps) {
  console.log(`\n=== ${step.name} ===`);
  const started = Date.now();
  let r;
  try {
    r = await step.run();
  } catch (err) {
    r = { ok: false, note: err instanceof Error ? err.message : String(err) };
  }
  const ms = Date.now() - started;
  // A failing step that reported no failed test (a crash, a type error) still counts as one failure.
  const failed = (r.failed ?? 0) || (r.ok ? 0 : 1);
  results.push({ name: step.name, ok: r.ok, passed: r.passed ?? 0, failed, ms, note: r.note });
  console.log(`--- ${step.name}: ${r.ok ? 'ok' : 'FAILED'} in ${(ms / 1000).toFixed(1)} s${r.note ? ` (${r.note})` : ''}`);
  if (!r.ok) break;
}

console.log('\n=== summary ===');
for (const r of results) {
  const counts = STEPS_WITH_TESTS.includes(r.name) ? ` ${r.passed} passed, ${r.failed} failed` : '';
  console.log(`${r.ok ? 'ok    ' : 'FAILED'} ${r.name.padEnd(9)} ${(r.ms / 1000).toFixed(1).padStart(6)} s${counts}`);
}
for (const s of steps.slice(results.length)) console.log(`skipped ${s.name}`);
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exitCode = results.every((r) => r.ok) && results.length === steps.length ? 0 : 1;
