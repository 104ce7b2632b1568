import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { tempWorkspace } from '../tempWorkspace';
import { latestSchemaVersion } from '../../../src/core/store/migrations';
import { cliPath as cli, mlops } from './runCli';

const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8'));

test('the CLI bundle exists (build first)', () => {
  assert.ok(fs.existsSync(cli), `${cli} is missing: run \`npm run build\``);
});

test('--help lists every command with an example; --version prints the package version', () => {
  const help = mlops(['--help'], tempWorkspace());
  assert.equal(help.code, 0);
  for (const name of ['init', 'doctor']) {
    assert.match(help.stdout, new RegExp(`^  ${name} `, 'm'));
    assert.match(help.stdout, new RegExp(`^  mlops ${name}`, 'm'));
  }
  assert.match(help.stdout, /Exit codes: 0 success, 1 a check failed, 2 a usage or input error, 70 an internal error/);
  assert.match(help.stdout, /--debug +on an internal error \(exit 70\), print its stack trace/);
  const version = mlops(['--version'], tempWorkspace());
  assert.deepEqual([version.code, version.stdout.trim()], [0, manifest.version]);
  const doctorHelp = mlops(['doctor', '--help'], tempWorkspace());
  assert.equal(doctorHelp.code, 0);
  assert.match(doctorHelp.stdout, /^mlops doctor/);
});

test('init writes a valid starter mlops.json and .mlops/, and never overwrites mlops.json', () => {
  const root = tempWorkspace();
  const first = mlops(['init'], root);
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stdout, /Created .*mlops\.json/);
  for (const p of ['mlops.json', '.mlops/.gitignore', '.mlops/store.db']) assert.ok(fs.existsSync(path.join(root, p)), p);
  // mlops.json is written under a temporary name and linked in whole: none is left behind.
  const temporary = () => fs.readdirSync(root).filter((f) => f.endsWith('.tmp'));
  assert.deepEqual(temporary(), []);
  fs.writeFileSync(path.join(root, 'mlops.json'), '{"runs": {}}\n');
  const second = mlops(['init', '--json'], root);
  assert.equal(second.code, 0);
  assert.equal(JSON.parse(second.stdout).configCreated, false);
  assert.equal(fs.readFileSync(path.join(root, 'mlops.json'), 'utf8'), '{"runs": {}}\n');
  assert.deepEqual(temporary(), []);
});

test('doctor reports runtime, driver, store and config; exits 0 when all is well', () => {
  const root = tempWorkspace();
  mlops(['init'], root);
  const r = mlops(['doctor'], root);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /runtime +Node \d+\.\d+\.\d+ \(ABI \d+\)/);
  assert.match(r.stdout, /sqlite driver (better-sqlite3|node:sqlite)/);
  assert.match(r.stdout, new RegExp(`schema +version ${latestSchemaVersion} \\(latest ${latestSchemaVersion}\\)`));
  assert.match(r.stdout, /config .*\(valid\)/);
});

test('doctor --json prints only JSON on stdout', () => {
  const root = tempWorkspace();
  mlops(['init'], root);
  const r = mlops(['doctor', '--json'], root);
  const report = JSON.parse(r.stdout);
  assert.equal(report.ok, true);
  assert.equal(report.store.schemaVersion, latestSchemaVersion);
  assert.equal(report.config.valid, true);
});

test('a broken mlops.json makes doctor exit 2 naming the JSON path and line', () => {
  const root = tempWorkspace();
  fs.writeFileSync(path.join(root, 'mlops.json'), '{\n  "runs": {\n    "train": {"command": 5}\n  }\n}\n');
  const r = mlops(['doctor'], root);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /mlops\.json:3:\d+ \/runs\/train\/command: must be string/);
  fs.writeFileSync(path.join(root, 'mlops.json'), '{\n  "runs": {,\n}');
  const syntax = mlops(['doctor', '--json'], root);
  assert.equal(syntax.code, 2);
  assert.equal(JSON.parse(syntax.stdout).config.problems[0].line, 2);
});

test('doctor without a store probes the driver and creates nothing', () => {
  const root = tempWorkspace();
  const r = mlops(['doctor'], root);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /not created yet/);
  assert.equal(fs.existsSync(path.join(root, '.mlops')), false);
});

test('the workspace is found by walking up; --workspace overrides', () => {
  const root = tempWorkspace();
  mlops(['init'], root);
  const deep = path.join(root, 'src', 'models');
  fs.mkdirSync(deep, { recursive: true });
  assert.equal(JSON.parse(mlops(['doctor', '--json'], deep).stdout).workspace, root);
  const other = tempWorkspace();
  assert.equal(JSON.parse(mlops(['doctor', '--json', '--workspace', other], deep).stdout).workspace, other);
});

test('usage errors exit 2 with a hint on stderr and nothing on stdout', () => {
  const root = tempWorkspace();
  for (const args of [['doctr'], ['doctor', '--bogus'], ['--nope'], ['init', 'a', 'b'], ['init', 'does-not-exist']]) {
    const r = mlops(args, root);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stdout, '');
    assert.ok(r.stderr.length > 0);
  }
  assert.match(mlops(['doctr'], root).stderr, /Did you mean: doctor\?/);
});

test('an unexpected internal error exits 70, never 1 ("a check failed"): one line, the stack only with --debug', { skip: !fs.existsSync('/proc/self/mem') && 'needs Linux /proc' }, () => {
  const root = tempWorkspace();
  // Reading a process's own memory from offset 0 fails with EIO: an I/O error no command expects.
  const plain = mlops(['profile', '/proc/self/mem', '--format', 'csv'], root);
  assert.equal(plain.code, 70, plain.stderr);
  assert.match(plain.stderr, /^mlops profile: internal error: Error: EIO: i\/o error, read\n.*--debug/);
  assert.doesNotMatch(plain.stderr, /^\s+at /m);
  const debug = mlops(['profile', '/proc/self/mem', '--format', 'csv', '--debug'], root);
  assert.equal(debug.code, 70);
  // The stack as Node has it (an I/O error from libuv carries no frames), without the hint.
  assert.match(debug.stderr, /^mlops profile: internal error: Error: EIO: i\/o error, read/);
  assert.doesNotMatch(debug.stderr, /Add --debug/);
});
